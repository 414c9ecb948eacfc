"""Trips: a stay in a place from one date to another (both inclusive)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedModel, OwnedQuerySet


class TripQuerySet(OwnedQuerySet):
    def including(self, day: dt.date) -> TripQuerySet:
        return self.filter(start__lte=day, end__gte=day)

    def upcoming(self, today: dt.date) -> TripQuerySet:
        return self.filter(end__gte=today)


class Trip(OwnedModel):
    place = models.ForeignKey(
        "network.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), help_text=_("The last evening you are there."))
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    calendar_uid = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The stubs take OwnedModel's manager for a class variable; Django lets a model replace it.
    objects = TripQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["owner", "end"], name="trip_owner_end")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="trip_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place.name} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    @property
    def nights(self) -> int:
        return (self.end - self.start).days + 1
