"""Meals with their participants; notes, facts and follow-ups on a contact's timeline."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tafelrunde.core.meal_total import meal_total
from tafelrunde.meals.photos import bill_storage, bill_upload_to, receipt_upload_to
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
    # The cash register's TSE data (KassenSichV), from the bill's DSFinV-K QR code or by hand.
    tse_serial = models.CharField(_("register serial number"), max_length=200, blank=True)
    tse_transaction = models.PositiveBigIntegerField(
        _("TSE transaction number"), null=True, blank=True
    )
    tse_start = models.DateTimeField(_("TSE start"), null=True, blank=True)
    tse_end = models.DateTimeField(_("TSE end"), null=True, blank=True)
    tse_signature_counter = models.PositiveBigIntegerField(
        _("TSE signature counter"), null=True, blank=True
    )
    # Gross amounts by VAT rate as the bill states them, {"19": "12.00", "7": "40.50"}.
    gross_by_rate = models.JSONField(default=dict, blank=True)
    # What was read from the bill photo and how (meals.bill_reading, kept by meals.bill_fill),
    # for the form's marks and the note when a photo could not be read: {"restaurant",
    # "address", "date", "total", "tip", "currency", "gross_by_rate", "tse", "how": {value:
    # "qr"|"ocr"}, "note", "note_key", "proposed": still offered in the form}; {} for none.
    bill_reading = models.JSONField(default=dict, blank=True)
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
    # Made by the phone for a note written offline: sent twice, it is recorded once.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="note_client_id_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def as_json(self) -> dict:
        return {
            "id": self.pk,
            "contact_id": self.contact_id,
            "kind": self.kind,
            "text": self.text,
            "meal_id": self.meal_id,
            "created_at": self.created_at.isoformat(),
            "client_id": str(self.client_id) if self.client_id else None,
        }


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


class ReceiptVersion(OwnedModel):
    """One approved receipt, sealed: the PDF exactly as generated, with its SHA-256.

    Versions are numbered per meal from 1. They are kept when the meal is deleted (the meal's
    id stays in `meal_number`) and go only when the account is erased.
    """

    meal = models.ForeignKey(
        Meal, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipt_versions"
    )
    meal_number = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField()
    pdf = models.FileField(upload_to=receipt_upload_to, storage=bill_storage, max_length=200)
    sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=5)
    approved_by = models.CharField(max_length=250)
    approved_at = models.DateTimeField()
    # The receipt's fields as approved, to tell which changed since (meals.sealing).
    fields = models.JSONField(default=dict)

    class Meta:
        ordering = ["meal_number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "meal_number", "number"], name="receipt_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"receipt of meal {self.meal_number}, version {self.number}"


class ReceiptLogEntry(OwnedModel):
    """The change log of a meal's approved receipt: who changed what, when, and why.

    Entries outlive the meal (a deletion leaves a tombstone entry with its reason) and go only
    when the account is erased.
    """

    class Action(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        ERASED = "erased", _("erased")

    meal = models.ForeignKey(
        Meal, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipt_log"
    )
    meal_number = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    field = models.CharField(max_length=100, blank=True)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    who = models.CharField(max_length=250)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meal_number", "at", "id"]
        indexes = [models.Index(fields=["owner", "meal_number"], name="receipt_log_meal")]

    def __str__(self) -> str:
        return f"meal {self.meal_number}: {self.action} {self.field}".strip()


class AccountingSettings(OwnedModel):
    """How an account's business meals are booked for its accountant (the DATEV export).

    One per account; an account without a row has the defaults and no adviser or client
    number yet. An account left blank is the chart's default (`DEFAULT_ACCOUNTS`).
    """

    class Chart(models.TextChoices):
        SKR03 = "SKR03", "SKR03"
        SKR04 = "SKR04", "SKR04"

    class Rate(models.TextChoices):
        FULL = "19", _("19 %")
        REDUCED = "7", _("7 %")

    # The chart's accounts: business meals 70 % deductible, 30 % not, and cash paid from.
    DEFAULT_ACCOUNTS = {
        Chart.SKR03: {"deductible": "4650", "non_deductible": "4654", "contra": "1000"},
        Chart.SKR04: {"deductible": "6640", "non_deductible": "6644", "contra": "1600"},
    }

    chart = models.CharField(
        _("chart of accounts"), max_length=5, choices=Chart.choices, default=Chart.SKR03
    )
    adviser_number = models.PositiveIntegerField(_("Beraternummer"), null=True, blank=True)
    client_number = models.PositiveIntegerField(_("Mandantennummer"), null=True, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"), default=1
    )
    account_length = models.PositiveSmallIntegerField(_("account length"), default=4)
    deductible_account = models.CharField(
        _("account for the deductible 70 %"), max_length=8, blank=True
    )
    non_deductible_account = models.CharField(
        _("account for the non-deductible 30 %"), max_length=8, blank=True
    )
    contra_account = models.CharField(_("paid from (contra account)"), max_length=8, blank=True)
    default_vat_rate = models.CharField(
        _("VAT rate when the bill does not say"),
        max_length=2,
        choices=Rate.choices,
        default=Rate.FULL,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="accounting_settings_once")]

    def __str__(self) -> str:
        return f"accounting settings of account {self.owner_id}"

    def account(self, kind: str) -> str:
        """The account for `kind` (deductible, non_deductible, contra): chosen or default."""
        chosen: str = getattr(self, f"{kind}_account")
        return chosen or self.DEFAULT_ACCOUNTS[self.Chart(self.chart)][kind]

    @property
    def is_complete(self) -> bool:
        """Whether the adviser and client numbers are set; without them a DATEV batch carries
        stand-ins (meals.datev_export.stand_in_warning)."""
        return self.adviser_number is not None and self.client_number is not None


def accounting_settings_for(owner) -> AccountingSettings:
    """The account's accounting settings (the defaults, unsaved, when it never chose)."""
    found = AccountingSettings.objects.filter(owner=owner).first()
    return found if found is not None else AccountingSettings(owner=owner)
