"""A round of invitations on one evening (Round) and each guest's personal link (Invitee).

A link is kept as the SHA-256 of its token, to be found by, and sealed (sync.secret_box),
so that the host can send or copy it again from Tonight; the token itself is never stored.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedModel


class Round(OwnedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        FULL = "full", _("table full")
        WITHDRAWN = "withdrawn", _("withdrawn")

    evening = models.ForeignKey("evenings.Evening", on_delete=models.CASCADE, related_name="+")
    time = models.TimeField(_("time"), null=True, blank=True)
    restaurant = models.CharField(_("restaurant"), max_length=200, blank=True)  # "": open
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The end of the evening in the place's time zone: no link answers after it.
    expires_at = models.DateTimeField()
    meal = models.ForeignKey(
        "meals.Meal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A second round while one is open could bring two yeses to one table.
            models.UniqueConstraint(
                fields=["evening"], condition=Q(status="open"), name="one_open_round_per_evening"
            )
        ]

    def __str__(self) -> str:
        return f"round {self.pk} ({self.status})"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at


class Invitee(OwnedModel):
    class Answer(models.TextChoices):
        OPEN = "open", _("no answer yet")
        ACCEPTED = "accepted", _("yes, gladly")
        DECLINED = "declined", _("not tonight")
        LATER = "later", _("another time")
        FULL = "full", _("said yes when the table was full")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitees")
    contact = models.ForeignKey("network.Contact", on_delete=models.CASCADE, related_name="+")
    # The try on the evening that this invitation is: its outcome follows the answer.
    attempt = models.ForeignKey(
        "evenings.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token_sealed = models.TextField()
    message = models.TextField()  # the invitation as sent, with the link
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.OPEN)
    guest_message = models.CharField(max_length=300, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.contact_id} in round {self.round_id}: {self.answer}"


class GuestRequest(models.Model):
    """A guest page's answer or an unknown link, per client, for the throttle (rounds.throttle)."""

    client = models.CharField(max_length=64)
    miss = models.BooleanField(default=False)  # a token that opens no link
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "at"], name="guest_request_client_at")]

    def __str__(self) -> str:
        return f"{self.client} at {self.at:%H:%M:%S}"
