"""The host hears each answer by mail (when "answers to your invitations" is on): recorded
in the reminders' outbox under one key per link, and sent by the worker within a minute."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tafelrunde.accounts.models import profile_for
from tafelrunde.reminders.digests import Draft, link, mail_language, render_mail
from tafelrunde.reminders.models import Kind, settings_for
from tafelrunde.reminders.outbox import record
from tafelrunde.reminders.schedule import Due
from tafelrunde.rounds.models import Invitee

SUBJECTS = {
    Invitee.Answer.ACCEPTED: gettext_noop("%(name)s said yes to dinner tonight"),
    Invitee.Answer.DECLINED: gettext_noop("%(name)s cannot tonight"),
    Invitee.Answer.LATER: gettext_noop("%(name)s would like another time"),
}


def tell_host(invitee_id: int, now: dt.datetime) -> None:
    """Record the mail about this answer, unless the host switched such mails off."""
    invitee = Invitee.objects.select_related("round__evening__place", "contact", "owner").get(
        pk=invitee_id
    )
    owner = invitee.owner
    if not owner.email or not settings_for(owner).round_answers:
        return
    if invitee.answer not in SUBJECTS:
        return
    round_ = invitee.round
    with translation.override(mail_language(profile_for(owner))):
        name = invitee.contact.full_name
        subject = _(SUBJECTS[invitee.answer]) % {"name": name}
        context = {
            "subject": subject,
            "name": name,
            "answer": invitee.answer,
            "guest_message": invitee.guest_message,
            "time": round_.time.strftime("%H:%M") if round_.time else "",
            "restaurant": round_.restaurant,
            "city": round_.evening.place.name_in(translation.get_language()[:2]),
            "tonight_url": link("tonight", query=f"date={round_.evening.date.isoformat()}"),
        }
        text, html = render_mail("round_answer", context)
    key = f"{Kind.ROUND_ANSWERS}:{invitee.pk}"
    due = Due(kind=Kind.ROUND_ANSWERS, key=key, expires_at=round_.expires_at)
    record(owner, Draft(due, subject, text, html, about={"round": round_.pk}), now)
