"""One evening's search for company, and each contact tried."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedModel


class Evening(OwnedModel):
    date = models.DateField(_("date"))
    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="+")
    trip = models.ForeignKey(
        "travel.Trip", null=True, blank=True, on_delete=models.SET_NULL, related_name="evenings"
    )
    radius_km = models.PositiveIntegerField(default=50)
    # The ranked list as it was shown: [{"contact_id", "score", "reasons"}, ...]
    shown = models.JSONField(default=list, blank=True)
    # The user said "alone tonight": no nudge, no reminder for this evening.
    alone_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "date"], name="one_evening_per_owner_and_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.place.name}"

    @property
    def found_company(self) -> bool:
        return self.attempts.filter(outcome=Attempt.Outcome.ACCEPTED).exists()


class Attempt(OwnedModel):
    class Channel(models.TextChoices):
        CALL = "call", _("call")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("e-mail")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        NO_ANSWER = "no-answer", _("no answer")
        CALL_BACK = "call-back", _("call back")
        AWAY = "away", _("away")

    evening = models.ForeignKey(Evening, on_delete=models.CASCADE, related_name="attempts")
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="attempts"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.CALL)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)
    # Made by the phone for a tap queued offline: sent twice, it is recorded once.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="attempt_client_id_once",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "contact", "at"], name="attempt_owner_contact_at"),
            # The answers behind the call list's reasons (tafelrunde.tonight.history), read
            # from the index alone: a fraction of all tries, and no row to visit.
            models.Index(
                fields=["owner", "contact", "outcome", "evening"],
                condition=models.Q(outcome__in=["accepted", "declined"]),
                name="attempt_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} {self.outcome}"

    def as_json(self) -> dict:
        """The attempt as `attempt --json` and the API give it."""
        return {
            "id": self.pk,
            "contact_id": self.contact_id,
            "evening_id": self.evening_id,
            "date": self.evening.date.isoformat(),
            "outcome": self.outcome,
            "channel": self.channel,
            "at": self.at.isoformat(timespec="seconds"),
            "note": self.note,
            "contact": self.contact.full_name,
            "place": self.evening.place.name,
            "client_id": str(self.client_id) if self.client_id else None,
        }
