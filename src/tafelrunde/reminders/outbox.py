"""Mails recorded once, then sent, and retried until sent.

`queue_due` records what is due for every account as Message rows: the unique key turns a
second recording (a restart, a second worker) into a no-op. `send_due` sends what is waiting:
each message is claimed by a conditional update (a lease, so a crashed worker's claim runs
out), sent over SMTP (TAFELRUNDE_EMAIL_URL), and marked sent; a failure leaves it waiting
with a longer pause each time, until it is too late to be of use (a nudge after its evening).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tafelrunde.owned import Owner
from tafelrunde.reminders.digests import Draft, compose, link, mail_language
from tafelrunde.reminders.models import Kind, Message, settings_for
from tafelrunde.reminders.schedule import due_now, not_recorded, settled_evenings

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)
BACKOFF_MINUTES = (1, 2, 5, 10, 20, 30, 60)
SEND_BATCH = 50
UNSUBSCRIBE_SALT = "tafelrunde.reminders.unsubscribe"


def recipients():
    """Accounts that can receive mail."""
    return get_user_model().objects.filter(is_active=True).exclude(email="").order_by("id")


def drafts_due(owner: Owner, now: dt.datetime) -> list[Draft]:
    """What would be recorded for the owner now (nothing is written)."""
    return [compose(owner, due, now) for due in not_recorded(due_now(owner, now))]


def record(owner: Owner, draft: Draft, now: dt.datetime) -> Message | None:
    """The draft as a waiting message (an empty one as looked at, never sent); None when
    its key was recorded already."""
    from tafelrunde.accounts.models import profile_for

    message = Message(
        owner=owner,
        kind=draft.due.kind,
        key=draft.due.key,
        about=draft.about,
        to=owner.email,
        language=mail_language(profile_for(owner)),
        subject=draft.subject[:300],
        text=draft.text,
        html=draft.html,
        created_at=now,
        next_try_at=now,
        expires_at=draft.due.expires_at,
        status=Message.Status.EMPTY if draft.empty else Message.Status.PENDING,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return None  # another worker recorded it first
    return message


def queue_due(now: dt.datetime | None = None) -> int:
    """Record what is due now for every account; how many were recorded."""
    now = now or timezone.now()
    recorded = 0
    for owner in recipients():
        for draft in drafts_due(owner, now):
            recorded += record(owner, draft, now) is not None
    return recorded


@dataclass
class Outcome:
    message: Message
    error: str = ""


def send_due(worker_id: str, now: dt.datetime | None = None) -> list[Outcome]:
    """Send the waiting messages whose time has come; each is claimed first, so two
    workers never send one twice."""
    now = now or timezone.now()
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    waiting = Message.objects.filter(free, status=Message.Status.PENDING, next_try_at__lte=now)
    outcomes = []
    for pk in list(waiting.order_by("next_try_at", "id").values_list("pk", flat=True)[:SEND_BATCH]):
        claimed = Message.objects.filter(free, pk=pk, status=Message.Status.PENDING).update(
            locked_by=worker_id[:64], locked_until=now + LEASE
        )
        if claimed:
            outcomes.append(_send_one(Message.objects.select_related("owner").get(pk=pk), now))
    return outcomes


def _send_one(message: Message, now: dt.datetime) -> Outcome:
    if message.expires_at <= now or not still_wanted(message):
        _finish(message, status=Message.Status.EXPIRED)
        return Outcome(message)
    try:
        _deliver(message)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        error = _in_words(exc)
        attempts = message.attempts + 1
        pause = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
        _finish(
            message,
            attempts=attempts,
            next_try_at=now + dt.timedelta(minutes=pause),
            last_error=error[:300],
        )
        logger.warning("Reminder %s not sent (try %s): %s", message.pk, attempts, error)
        return Outcome(message, error)
    _finish(message, status=Message.Status.SENT, sent_at=timezone.now(), last_error="")
    return Outcome(message)


def _finish(message: Message, **values) -> None:
    values |= {"locked_by": "", "locked_until": None}
    Message.objects.filter(pk=message.pk).update(**values)
    for name, value in values.items():
        setattr(message, name, value)


def still_wanted(message: Message) -> bool:
    """Whether the message should still go: its kind is on, and a nudge's evening is still
    free."""
    owner = message.owner
    if not settings_for(owner).is_on(message.kind):
        return False
    if message.kind == Kind.NUDGE and "date" in message.about:
        day = dt.date.fromisoformat(message.about["date"])
        return day not in settled_evenings(owner, [day])
    return True


def unsubscribe_url(message: Message) -> str:
    token = signing.dumps({"o": message.owner_id, "k": message.kind}, salt=UNSUBSCRIBE_SALT)
    return link("reminders-off", token)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(owner id, kind) from an unsubscribe link, None when it was not made by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    owner_id = data.get("o")
    return (owner_id, data["k"]) if isinstance(owner_id, int) else None


def _deliver(message: Message) -> None:
    off = unsubscribe_url(message)
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={
            "List-Unsubscribe": f"<{off}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.language,
        },
        connection=get_connection(fail_silently=False),
    )
    mail.attach_alternative(message.html, "text/html")
    mail.send()


def _in_words(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "the mail server refused the user name or password"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the address"
    if isinstance(exc, TimeoutError):
        return "the mail server did not answer in time"
    if isinstance(exc, ConnectionError | smtplib.SMTPServerDisconnected):
        return "the mail server could not be reached"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the mail server answered with an error ({exc.smtp_code})"
    return "the mail could not be sent"


_last_queued: dt.datetime | None = None
QUEUE_EVERY = dt.timedelta(seconds=60)


def tick(worker_id: str) -> None:
    """The worker's share: record what is due (at most once a minute), send what waits."""
    global _last_queued
    now = timezone.now()
    if _last_queued is None or now - _last_queued >= QUEUE_EVERY or now < _last_queued:
        queue_due(now)
        _last_queued = now
    send_due(worker_id, now)
