"""The meal form: when and where, who was at the table and how warm it was, the bill."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MinValueValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tafelrunde.meals import logbook, pending_bills, photos, sealing
from tafelrunde.meals.bill_fill import (
    clear_signed_data,
    fill_signed_data,
    proposals,
    stored_reading,
)
from tafelrunde.meals.bill_reading import BillReading, NotABill, note_of, read_bill
from tafelrunde.meals.models import AccountingSettings, Meal
from tafelrunde.network.forms import DateInput, PlaceField, lines, resolve_place_text
from tafelrunde.network.lookup import ContactLookupError, find_contact
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner

RATING_CHOICES = [
    ("", "—"),
    (1, _("1 – cool")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – warm")),
]
CURRENCY_CODE = re.compile(r"[A-Z]{3}")
KEPT_BILL_GONE = _("The bill photo kept from before is no longer there: please choose it again.")


def currency_code(text: str) -> str:
    """A currency as its ISO 4217 code ("eur" -> "EUR"); ValidationError for anything else."""
    code = (text or "").strip().upper()
    if not CURRENCY_CODE.fullmatch(code):
        raise ValidationError(
            _("A currency is a three-letter code such as EUR, CHF or USD."), code="currency"
        )
    return code


def guest_label(contact: Contact) -> str:
    """The name with the organisation, so that namesakes can be told apart."""
    if contact.organisation:
        return f"{contact.full_name} ({contact.organisation})"
    return contact.full_name


class GuestsField(forms.MultipleChoiceField):
    """Contact ids: the choices are only those shown; which ids are the owner's is checked
    in the form (another account's contact is an error, never a guest)."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value) -> bool:
        return is_row_id(value)


def is_row_id(value) -> bool:
    """Whether a posted value can be a row's id (databases refuse numbers beyond 64 bits)."""
    text = str(value)
    return text.isdigit() and int(text) < 2**63


class MealForm(forms.ModelForm):
    place = PlaceField(
        label=_("Place"),
        help_text=_("A city in any spelling. Empty: the place of that evening or trip."),
    )
    guests = GuestsField(label=_("Guests"), required=False)
    add_guests = forms.CharField(
        label=_("Add guests by name"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name (or contact number) per line. You are the host."),
    )
    business = forms.TypedChoiceField(
        label=_("Kind of meal"),
        choices=[(True, _("Business meal")), (False, _("Private"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    happened = forms.BooleanField(
        label=_("It happened"),
        required=False,
        help_text=_("Saving with an amount also marks the dinner as held."),
    )

    class Meta:
        model = Meal
        fields = [
            *("date", "time", "restaurant", "restaurant_address", "occasion", "business"),
            *("amount", "tip", "currency", "paid_by", "notes", "bill_photo"),
        ]
        # Typed as the page's language writes them: "86,50" on a German page, "86.50" on an
        # English one (a text field: number inputs take only the browser's own notation).
        localized_fields = ("amount", "tip")
        widgets = {
            "date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "paid_by": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "currency": forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}),
            "bill_photo": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/heic,.heic,application/pdf"}
            ),
        }
        help_texts = {
            "occasion": _("The specific reason, e.g. “Project Elbe bridge: next phase”."),
            "bill_photo": _("A photo (JPEG, PNG, HEIC) or PDF, at most 10 MB. Only you see it."),
        }

    def __init__(self, *args, owner: Owner, guests: Iterable[Contact] = (), offered=(), **kwargs):
        """`guests` start ticked (besides those at the table), `offered` are shown unticked."""
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.old_bill = self.instance.bill_photo.name or ""
        self.reading: BillReading | None = None  # of a photo uploaded now
        self.new_bill: UploadedFile | None = None  # checked, read once the rest is right
        self.new_bill_name = ""  # as it was called on the phone
        self.new_bill_was_kept = False
        self.kept_bill: pending_bills.PendingBill | None = None  # from a post with errors
        self.kept_bill_gone = False  # its token names none (forged, another's, a day old)
        if self.is_bound:
            try:
                self.kept_bill = pending_bills.from_post(self.owner, self.data)
            except pending_bills.PendingBillGone:
                self.kept_bill_gone = True
        self.proposed = proposals(self.instance)
        self.bill_note = note_of(self.instance.bill_reading)
        self._mark_proposals()
        self._pending_offers: list[Contact] = []
        seats = (
            list(self.instance.participants.select_related("contact")) if self.instance.pk else []
        )
        self.kept_guests = [seat.name for seat in seats if seat.contact_id is None]
        ratings = {seat.contact_id: seat.rating for seat in seats if seat.contact_id}
        ticked = [seat.contact for seat in seats if seat.contact_id] + list(guests)
        guests_field = cast(forms.ChoiceField, self.fields["guests"])
        guests_field.choices = []
        for contact in [*ticked, *offered, *self._posted_guests()]:
            self._offer(contact, ratings.get(contact.pk))
        self.initial["guests"] = [str(contact.pk) for contact in ticked]
        self.initial.setdefault("happened", self.instance.status == Meal.Status.HELD)
        if self.instance.place_id:
            self.initial["place"] = self.instance.place.name
        for name in ("amount", "tip"):
            self.fields[name].validators.append(MinValueValidator(Decimal(0)))
            self.fields[name].widget.attrs.update(inputmode="decimal", autocomplete="off")

    def _mark_proposals(self) -> None:
        """The values read from the bill photo in the fields left empty, each marked."""
        how_words = {"qr": _("read from the photo’s QR code"), "ocr": _("read from the photo")}
        for name, (value, how) in self.proposed.items():
            self.initial[name] = value
            field = self.fields[name]
            field.help_text = how_words.get(how, how_words["ocr"])
            field.widget.attrs["class"] = "read-from-photo"

    def _posted_guests(self) -> list[Contact]:
        """The owner's contacts among the ticked ids, so a form shown again keeps them."""
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return []
        ids = [value for value in self.data.getlist(self.add_prefix("guests")) if is_row_id(value)]
        return list(Contact.objects.owned_by(self.owner).filter(pk__in=ids)) if ids else []

    def _offer(self, contact: Contact, rating: int | None = None) -> None:
        """A checkbox for the contact, with its own warmth rating."""
        guests_field = cast(forms.ChoiceField, self.fields["guests"])
        choices: list[tuple[str, str]] = cast(list, guests_field.choices)  # a list, as set above
        if any(str(value) == str(contact.pk) for value, _label in choices):
            return
        guests_field.choices = [*choices, (str(contact.pk), guest_label(contact))]
        self.fields[f"rating_{contact.pk}"] = forms.TypedChoiceField(
            label=_("How warm was it with %(name)s?") % {"name": contact.full_name},
            choices=RATING_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            initial=rating,
        )

    def guest_rows(self) -> list[tuple]:
        """(checkbox, its warmth rating) for each contact the form offers."""
        return [(choice, self[f"rating_{choice.data['value']}"]) for choice in self["guests"]]

    def clean_place(self):
        return resolve_place_text(self.cleaned_data["place"], current=self.instance.place)

    def clean_currency(self) -> str:
        return currency_code(self.cleaned_data["currency"])

    def clean_guests(self) -> list[Contact]:
        ids = [int(value) for value in self.cleaned_data["guests"]]
        found = Contact.objects.owned_by(self.owner).in_bulk(ids)
        if len(found) != len(set(ids)):
            raise ValidationError(_("Choose among your own contacts."), code="foreign_contact")
        return [found[pk] for pk in dict.fromkeys(ids)]

    def clean_add_guests(self) -> list[Contact]:
        contacts, problems = [], []
        for text in lines(self.cleaned_data["add_guests"]):
            try:
                contacts.append(find_contact(self.owner, text))
            except ContactLookupError as exc:
                problems.append(self._lookup_problem(exc))
        if problems:
            raise ValidationError(problems)
        return contacts

    def _lookup_problem(self, exc: ContactLookupError) -> ValidationError:
        if exc.matches:
            self._pending_offers.extend(exc.matches)
            return ValidationError(
                _("Several contacts match “%(text)s”: tick the one you mean above."),
                code="ambiguous",
                params={"text": exc.text},
            )
        return ValidationError(
            _("No contact matches “%(text)s”."), code="unknown", params={"text": exc.text}
        )

    def clean_bill_photo(self):
        """A new photo is checked (and read in clean(), once the rest of the form is right:
        reading takes a moment); a photo kept from before stands in when none is new."""
        upload = self.cleaned_data.get("bill_photo")
        if self.kept_bill_gone and not isinstance(upload, UploadedFile):
            raise ValidationError(KEPT_BILL_GONE, code="kept_bill_gone")
        if not isinstance(upload, UploadedFile) and self.kept_bill is not None:
            if upload is False:  # "Clear" ticked for the bill the meal has
                raise ValidationError(
                    self.fields["bill_photo"].error_messages["contradiction"],
                    code="contradiction",
                )
            try:
                upload = self.kept_bill.as_upload()
            except OSError:  # removed a moment ago (used by a save in another tab)
                self.kept_bill = None
                raise ValidationError(KEPT_BILL_GONE, code="kept_bill_gone") from None
            self.new_bill_name, self.new_bill_was_kept = self.kept_bill.name, True
        elif isinstance(upload, UploadedFile):
            self.new_bill_name = upload.name or ""
        else:
            return upload
        self.new_bill = photos.check_bill(upload)
        return upload

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("business") is False and sealing.is_sealed(self.instance):
            self.add_error(
                "business",
                _("The receipt of this meal is approved: it stays a business meal."),
            )
        for contact in self._pending_offers:  # fields cannot be added while they are cleaned
            self._offer(contact)
        if "guests" in data and "add_guests" in data:
            contacts = dict.fromkeys([*data["guests"], *data["add_guests"]])
            if not contacts and not self.kept_guests:
                self.add_error("guests", _("Who was at the table? Choose at least one guest."))
            data["seated"] = [(c, data.get(f"rating_{c.pk}")) for c in contacts]
        if self.new_bill is not None and not self.errors:
            self._read_new_bill(self.new_bill)
        return data

    def _read_new_bill(self, upload: UploadedFile) -> None:
        try:
            self.reading = read_bill(upload.read(photos.MAX_BYTES + 1))
        except NotABill as exc:
            self.add_error("bill_photo", ValidationError(str(exc), code="not_a_bill"))
        finally:
            upload.seek(0)

    def keep_new_bill(self) -> None:
        """After errors: the checked photo posted now is kept for the form shown again (in
        place of one kept before), so it need not be chosen again."""
        if self.new_bill is None or self.new_bill_was_kept:
            return
        if self.kept_bill is not None:
            self.kept_bill.discard()
        self.kept_bill = pending_bills.keep(self.owner, self.new_bill, self.new_bill_name)

    @transaction.atomic
    def save_meal(self) -> Meal:
        """Save the meal and its guests; a replaced or removed bill is deleted."""
        meal = self.save(commit=False)
        meal.owner = self.owner
        meal.place = self.cleaned_data["place"]
        meal.status = logbook.status_for(self.cleaned_data["happened"], meal.amount)
        self._keep_reading(meal)
        logbook.save_meal(meal, self.cleaned_data["seated"])
        if self.old_bill and self.old_bill != meal.bill_photo.name:
            storage, old = meal.bill_photo.storage, self.old_bill
            transaction.on_commit(lambda: storage.delete(old))
        if self.kept_bill is not None:  # used now, or replaced by a new photo
            transaction.on_commit(self.kept_bill.discard)
        return meal

    def _keep_reading(self, meal: Meal) -> None:
        """A new photo's reading is kept, proposed for the form shown next; its TSE data
        replaces the old bill's. Saving again confirms the proposals; no bill, no reading."""
        if self.reading is not None:
            if self.old_bill:
                clear_signed_data(meal)
            fill_signed_data(meal, self.reading)
            meal.bill_reading = stored_reading(self.reading, proposed=True)
        elif not meal.bill_photo:
            meal.bill_reading = {}
        elif meal.bill_reading.get("proposed"):
            meal.bill_reading = {**meal.bill_reading, "proposed": False}

    def proposes_after_saving(self, meal: Meal) -> bool:
        """Whether the photo just uploaded proposes values for fields still empty."""
        return self.reading is not None and bool(proposals(meal))


class MealDeleteForm(forms.Form):
    """Why a meal is deleted: required once its receipt is approved (kept in the change log)."""

    reason = forms.CharField(
        label=_("Why is it deleted?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The receipt was approved: the reason stays in its change log."),
    )

    def __init__(self, *args, sealed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not sealed:
            del self.fields["reason"]

    def given_reason(self) -> str:
        return self.cleaned_data.get("reason", "").strip()


class ExpenseRangeForm(forms.Form):
    """The date range of an expense export, both days inclusive, as `?from=…&to=…`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        # "from" is a Python keyword, so the fields are added here rather than declared.
        self.fields["from"] = forms.DateField(label=_("From"), widget=date_input)
        self.fields["to"] = forms.DateField(label=_("To"), widget=date_input)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first day must not be after the last day."))
        return data

    def date_range(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]


MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
ACCOUNT_KINDS = ("deductible", "non_deductible", "contra")


class AccountingSettingsForm(forms.ModelForm):
    """Settings → Accounting: the accountant's numbers, the chart and its accounts."""

    adviser_number = forms.IntegerField(
        label=_("Beraternummer"),
        min_value=1001,
        max_value=9_999_999,
        required=False,
        help_text=_("Your tax adviser's DATEV number (1001 to 9999999)."),
    )
    client_number = forms.IntegerField(
        label=_("Mandantennummer"),
        min_value=1,
        max_value=99_999,
        required=False,
        help_text=_("Your number at your tax adviser (1 to 99999)."),
    )
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Fiscal year starts in"), choices=MONTHS, coerce=int
    )
    account_length = forms.IntegerField(
        label=_("Account length"),
        min_value=4,
        max_value=8,
        help_text=_("Digits of a general ledger account (Sachkontenlänge), usually 4."),
    )

    class Meta:
        model = AccountingSettings
        fields = [
            "adviser_number",
            "client_number",
            "chart",
            "fiscal_year_start_month",
            "account_length",
            "deductible_account",
            "non_deductible_account",
            "contra_account",
            "default_vat_rate",
        ]
        help_texts = {
            "deductible_account": _("Empty: SKR03 4650, SKR04 6640."),
            "non_deductible_account": _("Empty: SKR03 4654, SKR04 6644."),
            "contra_account": _(
                "What the meals were paid from. Empty: cash (SKR03 1000, SKR04 1600); paid "
                "privately: Privateinlagen (SKR03 1890, SKR04 2180)."
            ),
            "default_vat_rate": _("Used, and said in the export, when no rate was noted."),
        }

    def clean(self):
        data = super().clean()
        length, chart = data.get("account_length"), data.get("chart")
        if length is None or chart is None:
            return data
        defaults = AccountingSettings.DEFAULT_ACCOUNTS[AccountingSettings.Chart(chart)]
        for kind in ACCOUNT_KINDS:
            name = f"{kind}_account"
            chosen = (data.get(name) or "").strip()
            data[name] = chosen
            account = chosen or defaults[kind]
            if not (account.isdigit() and len(account) == length):
                message = (
                    _("An account has %(length)s digits here.")
                    if chosen
                    else _("An account has %(length)s digits here; give one (%(default)s has 4).")
                )
                self.add_error(name, message % {"length": length, "default": defaults[kind]})
        return data
