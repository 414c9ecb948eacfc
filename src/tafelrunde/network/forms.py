"""The contact form: the contact's own fields plus phones, e-mails, one address and a place."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from tafelrunde.columns import max_length
from tafelrunde.core.phones import normalise_phone
from tafelrunde.network.location import locate_contact
from tafelrunde.network.models import (
    Address,
    AddressForm,
    Contact,
    ContactSource,
    Email,
    Kind,
    LocationSource,
    Phone,
    Place,
)
from tafelrunde.network.places import find_place
from tafelrunde.owned import Owner

# The languages an invitation is most often written in; a contact's other language is kept.
LANGUAGE_CODES = ("de", "en", "fr", "it", "es", "nl", "pl", "cs", "pt", "da", "sv")
IMPORTANCE_CHOICES = [
    (1, _("1 – low")),
    (2, "2"),
    (3, _("3 – normal")),
    (4, "4"),
    (5, _("5 – high")),
]
ADDRESS_FIELDS = ("street", "postal_code", "city", "country")
EMAIL_LENGTH = max_length(Email, "address")
NAME_PARTS = ("title", "given_name", "family_name")
NAME_FIELDS = {"given_name", "family_name", "full_name"}  # what names a person (a title does not)


def language_name(code: str) -> str:
    """The language's name in the user's language ("German"), or the code when unknown."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


class PlaceField(forms.CharField):
    """A place as the user types it ("München", "Muenchen", "Munich"), as long as a place's
    name may be; optional unless required=True. resolve_place_text says which place it is."""

    def __init__(self, *, required: bool = False, **kwargs):
        super().__init__(max_length=max_length(Place, "name"), required=required, **kwargs)


def resolve_place_text(text: str, current: Place | None = None) -> Place | None:
    """The place a typed name means; `current` while the text is still its name.

    Keeping `current` for an unchanged name means saving a form never moves a trip or a
    contact from one "Frankfurt" to another.
    """
    text = text.strip()
    if not text:
        return None
    if current is not None and text == current.name:
        return current
    place = find_place(text)
    if place is None:
        raise ValidationError(
            _("No place called “%(name)s” is known."), code="unknown_place", params={"name": text}
        )
    return place


def lines(text: str) -> list[str]:
    """The non-blank lines of a textarea, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ContactForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Relationship"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    importance = forms.TypedChoiceField(
        label=_("Importance"), choices=IMPORTANCE_CHOICES, coerce=int, initial=3
    )
    language = forms.ChoiceField(label=_("Language"))
    address_form = forms.ChoiceField(
        label=_("Form of address"), choices=AddressForm.choices, widget=forms.RadioSelect
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line. A number without country code is read as your home country's."),
    )
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    street = forms.CharField(label=_("Street"), max_length=250, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.CharField(label=_("Country"), max_length=120, required=False)
    place = PlaceField(
        label=_("Place"),
        help_text=_(
            "Where the person lives or works, if you know better than the address or phone. "
            "Leave empty to find it from them."
        ),
    )

    class Meta:
        model = Contact
        fields = [
            "salutation",
            "title",
            "given_name",
            "family_name",
            "full_name",
            "organisation",
            "role",
            "kinds",
            "importance",
            "language",
            "address_form",
            "known_since",
            "birthday",
            "do_not_invite",
            "rhythm_days",
            "notes",
        ]
        labels = {"rhythm_days": _("See them every … days")}
        help_texts = {
            "salutation": _(
                "How formal invitations greet them: “Guten Tag Frau Dr. Weber”, “Dear Ms Weber”. "
                "Without one, no Herr or Frau is guessed."
            ),
            "rhythm_days": _(
                "How often you want to meet. Empty: as for their relationship, "
                "set for each kind on the Overdue page."
            ),
        }
        widgets = {
            "known_since": DateInput(),
            "birthday": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, home_country: str = "DE", **kwargs):
        super().__init__(*args, **kwargs)
        self.home_country = home_country
        self.fields["full_name"].required = False
        self.fields["full_name"].help_text = _(
            "Follows title and names unless you write it differently."
        )
        codes = list(LANGUAGE_CODES)
        if self.instance.language and self.instance.language not in codes:
            codes.append(self.instance.language)
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [(code, language_name(code)) for code in codes]
        if self.instance.pk:
            self._fill_initial_from(self.instance)

    def _fill_initial_from(self, contact: Contact) -> None:
        self.initial["phones"] = "\n".join(p.number for p in contact.phones.all())
        self.initial["emails"] = "\n".join(e.address for e in contact.emails.all())
        address = contact.addresses.first()
        if address is not None:
            for name in ADDRESS_FIELDS:
                self.initial[name] = getattr(address, name)
        if contact.location_source == LocationSource.MANUAL and contact.place is not None:
            self.initial["place"] = contact.place.name

    def clean_phones(self) -> list[str]:
        numbers, errors = [], []
        for line in lines(self.cleaned_data["phones"]):
            number = normalise_phone(line, self.home_country)
            if number is None:
                errors.append(
                    ValidationError(
                        _("“%(line)s” is not a phone number we understand."),
                        code="bad_phone",
                        params={"line": line},
                    )
                )
            elif number not in numbers:
                numbers.append(number)
        if errors:
            raise ValidationError(errors)
        return numbers

    def clean_emails(self) -> list[str]:
        addresses: list[str] = []
        errors: list[ValidationError] = []
        for line in lines(self.cleaned_data["emails"]):
            try:
                validate_email(line)
            except ValidationError:
                errors.append(
                    ValidationError(
                        _("“%(line)s” is not an e-mail address."),
                        code="bad_email",
                        params={"line": line},
                    )
                )
                continue
            if len(line) > EMAIL_LENGTH:  # the validator allows 320 characters, the column 254
                errors.append(
                    ValidationError(
                        _("An e-mail address has at most %(limit)d characters."),
                        code="long_email",
                        params={"limit": EMAIL_LENGTH},
                    )
                )
                continue
            if line.lower() not in {a.lower() for a in addresses}:
                addresses.append(line)
        if errors:
            raise ValidationError(errors)
        return addresses

    def clean_place(self) -> Place | None:
        contact = self.instance
        manual = contact.place if contact.location_source == LocationSource.MANUAL else None
        return resolve_place_text(self.cleaned_data["place"], current=manual)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not any(data.get(name) for name in ("full_name", "given_name", "family_name")):
            raise ValidationError(_("Give the contact a name."), code="no_name")
        return data

    def save_all(self, owner: Owner) -> Contact:
        """Save the contact with its phones, e-mails, address and location, all or nothing."""
        is_new = self.instance._state.adding
        with transaction.atomic():
            contact = self.save(commit=False)
            contact.owner = owner
            if self._full_name_follows_parts():
                contact.full_name = ""  # Contact.save composes it from the new parts
            if NAME_FIELDS & set(self.changed_data):
                contact.name_taken_from = ""  # the owner named them
            contact.save()
            self._save_phones(contact)
            self._save_emails(contact)
            self._save_address(contact)
            if is_new:
                ContactSource.objects.create(contact=contact, kind="manual")
            self._save_location(contact)
            contact.save()
        return contact

    def _full_name_follows_parts(self) -> bool:
        """True when the full name was left as composed from the parts, so it should follow;
        a stand-in name (see Contact.name_taken_from) follows names typed in for it."""
        initial = {name: self.initial.get(name) or "" for name in (*NAME_PARTS, "full_name")}
        if self.instance.name_taken_from and self.cleaned_data["full_name"] == initial["full_name"]:
            return bool(self.cleaned_data["given_name"] or self.cleaned_data["family_name"])
        composed = " ".join(initial[name] for name in NAME_PARTS if initial[name])
        return self.cleaned_data["full_name"] == initial["full_name"] == composed

    def _save_phones(self, contact: Contact) -> None:
        wanted = self.cleaned_data["phones"]
        contact.phones.exclude(number__in=wanted).delete()
        kept = set(contact.phones.values_list("number", flat=True))
        for number in wanted:
            if number not in kept:
                Phone.objects.create(contact=contact, number=number)

    def _save_emails(self, contact: Contact) -> None:
        wanted = self.cleaned_data["emails"]
        contact.emails.exclude(address__in=wanted).delete()
        kept = set(contact.emails.values_list("address", flat=True))
        for address in wanted:
            if address not in kept:
                Email.objects.create(contact=contact, address=address)

    def _save_address(self, contact: Contact) -> None:
        values = {name: self.cleaned_data[name].strip() for name in ADDRESS_FIELDS}
        address = contact.addresses.first()
        if address is None:
            if any(values.values()):
                Address.objects.create(contact=contact, **values)
            return
        for name, value in values.items():
            setattr(address, name, value)
        if any(values.values()) or address.region or address.freetext:
            address.save()
        else:
            address.delete()

    def _save_location(self, contact: Contact) -> None:
        place = self.cleaned_data["place"]
        if place is not None:
            contact.set_location(place, LocationSource.MANUAL, 1.0)
            return
        if contact.location_source == LocationSource.MANUAL:
            # The owner emptied the place field: find the place from address and phones again.
            contact.set_location(None)
        locate_contact(contact, default_country=self.home_country)
