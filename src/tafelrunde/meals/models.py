"""Meals with their participants; notes, facts and follow-ups on a contact's timeline."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tafelrunde.core.meal_total import meal_total
from tafelrunde.meals.photos import bill_storage, bill_upload_to
from tafelrunde.owned import OwnedChild, OwnedModel


class Meal(OwnedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    class PaidBy(models.TextChoices):
        HOST = "host", _("I paid")
        GUEST = "guest", _("they paid")
        SPLIT = "split", _("split")

    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    restaurant = models.CharField(_("restaurant"), max_length=200, blank=True)
    restaurant_address = models.CharField(_("restaurant address"), max_length=300, blank=True)
    place = models.ForeignKey(
        "network.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    business = models.BooleanField(_("business meal"), default=True)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    tip = models.DecimalField(_("tip"), max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    paid_by = models.CharField(
        _("who paid"), max_length=10, choices=PaidBy.choices, default=PaidBy.HOST
    )
    evening = models.ForeignKey(
        "evenings.Evening", null=True, blank=True, on_delete=models.SET_NULL, related_name="meals"
    )
    notes = models.TextField(_("notes"), blank=True)
    # Private: served only through the meal's bill view, to its owner (see meals.photos).
    bill_photo = models.FileField(
        _("photo of the bill"),
        upload_to=bill_upload_to,
        storage=bill_storage,
        max_length=200,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-time", "-id"]
        indexes = [models.Index(fields=["owner", "date"], name="meal_owner_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.restaurant}".strip()

    @property
    def total(self) -> Decimal | None:
        """Amount plus tip; None while the amount is not noted (core.meal_total)."""
        return meal_total(self.amount, self.tip)


class MealParticipant(OwnedModel):
    """A guest at the table, by contact and by name (a guest may have no contact).

    Erasing a contact keeps the seat, so the meal's amount and guest count stay true, but
    takes the name: it becomes ERASED_NAME (see tafelrunde.relationships.erase).
    """

    ERASED_NAME = "Guest (name erased)"

    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="participants")
    contact = models.ForeignKey(
        "network.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meal_participations",
    )
    name = models.CharField(max_length=250)
    rating = models.PositiveSmallIntegerField(
        _("how warm was it"), null=True, blank=True, help_text=_("1 (cool) to 5 (warm)")
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.meal.owner_id != (self.owner_id or self.meal.owner_id):
            raise ValueError("A guest cannot be added to another account's meal.")
        self.owner_id = self.meal.owner_id
        if self.contact_id and self.contact.owner_id != self.owner_id:
            raise ValueError("A meal cannot seat another account's contact.")
        if not self.name and self.contact_id:
            self.name = self.contact.full_name
        super().save(*args, **kwargs)


class Note(OwnedChild):
    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        FACT = "fact", _("personal fact")

    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="timeline_notes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"))
    meal = models.ForeignKey(Meal, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class FollowUp(OwnedChild):
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("what to do"), max_length=500)
    due = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    meal = models.ForeignKey(Meal, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "due", "id"]

    def __str__(self) -> str:
        return self.text[:60]
