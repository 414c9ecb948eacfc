"""When to speak up (ReminderSettings), what was said (Message: recorded once under a unique
key, then sent, retried until sent), and the private calendar feed's token (CalendarFeed)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedModel


class Kind(models.TextChoices):
    TRIP_DIGEST = "trip_digest", _("Trip digest")
    NUDGE = "nudge", _("Afternoon nudge")
    WEEKLY = "weekly", _("Small attentions")
    ROUND_ANSWERS = "round_answers", _("Answers to your invitations")


class ReminderSettings(models.Model):
    """One account's choices; an account without a row has the defaults."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    trip_digest = models.BooleanField(_("trip digest"), default=True)
    digest_days_before = models.PositiveSmallIntegerField(_("days before the trip"), default=3)
    nudge = models.BooleanField(_("afternoon nudge"), default=True)
    nudge_time = models.TimeField(_("nudge at (the trip place's time)"), default=dt.time(16))
    weekly = models.BooleanField(_("small attentions"), default=True)
    weekly_day = models.PositiveSmallIntegerField(_("weekday"), default=0)  # 0 = Monday
    weekly_time = models.TimeField(_("at (home time)"), default=dt.time(8))
    round_answers = models.BooleanField(_("answers to your invitations"), default=True)

    def __str__(self) -> str:
        return f"reminders of {self.owner_id}"

    def is_on(self, kind: str) -> bool:
        return bool(getattr(self, kind))


class Message(OwnedModel):
    """One mail, recorded before it is sent: the unique key makes a second worker's or a
    restart's attempt to record it again a no-op; a failed send stays and is retried."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        EXPIRED = "expired", _("too late to send")
        EMPTY = "empty", _("nothing to say")  # an empty weekly digest: looked at, not sent

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200, unique=True)  # kind:owner:trip, evening or week
    about = models.JSONField(default=dict, blank=True)  # {"trip": id} or {"date": "…"}
    to = models.EmailField(max_length=254)
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()  # a nudge after its evening is no use
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now)
    locked_by = models.CharField(max_length=64, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="message_due")]

    def __str__(self) -> str:
        return self.key


class CalendarFeed(OwnedModel):
    """The private calendar feed's token, looked up by its hash; revoking deletes the row."""

    token_hash = models.CharField(max_length=64, unique=True)
    # The token sealed (sync.secret_box), so that Settings can show the address again.
    token_sealed = models.TextField(default="")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner_id}"


def settings_for(owner) -> ReminderSettings:
    """The account's reminder settings (the defaults, unsaved, when it never chose)."""
    found = ReminderSettings.objects.filter(owner=owner).first()
    return found if found is not None else ReminderSettings(owner=owner)
