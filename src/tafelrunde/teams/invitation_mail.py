"""The mail that carries a team invitation's link to the address an admin typed.

It is sent at once, in the request, rather than through the reminders' outbox: the outbox
writes to accounts about their own trips, while an invitee may have no account yet, and the
admin wants to know now whether the mail left (the link is shown to copy either way). The
invitee's language is unknown, so the mail speaks the inviter's.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from tafelrunde.accounts.models import profile_for
from tafelrunde.reminders.digests import mail_language
from tafelrunde.teams.models import TeamInvitation


class MailNotSent(Exception):
    """The mail server did not take the invitation; the message says why, in words."""


def send_invitation(invitation: TeamInvitation, url: str) -> None:
    """Mail the join link to the invitation's address (multipart text and HTML)."""
    profile = profile_for(invitation.invited_by)
    with translation.override(mail_language(profile)):
        inviter = profile.display_name
        subject = _("%(name)s invites you to the team %(team)s on Tafelrunde") % {
            "name": inviter,
            "team": invitation.team.name,
        }
        context = {
            "subject": subject,
            "inviter": inviter,
            "team": invitation.team.name,
            "url": url,
            "expires": formats.date_format(invitation.expires_at, "DATE_FORMAT"),
        }
        text = render_to_string("teams/mail/invitation.txt", context)
        html = render_to_string("teams/mail/invitation.html", context)
        language = translation.get_language() or settings.LANGUAGE_CODE
    mail = EmailMultiAlternatives(
        subject=subject,
        body=text.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[invitation.invited_by.email] if invitation.invited_by.email else None,
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
        connection=get_connection(fail_silently=False),
    )
    mail.attach_alternative(html, "text/html")
    try:
        mail.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailNotSent(_("the mail server refused the address")) from exc
    except smtplib.SMTPException as exc:
        raise MailNotSent(_("the mail server answered with an error")) from exc
    except OSError as exc:  # refused, unreachable, timed out
        raise MailNotSent(_("the mail server could not be reached")) from exc
