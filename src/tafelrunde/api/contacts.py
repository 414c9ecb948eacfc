"""/contacts: the network, searched and paged; one contact read, added, changed or deleted.

Adding and changing go through the contact form the web pages use (tafelrunde.network.forms),
so phones are normalised, places resolved and contacts located exactly as there.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from tafelrunde.accounts.models import profile_for
from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, form_invalid
from tafelrunde.api.fields import NO_NUL, ONE_LINE, Day, Flag, Page, integer, path_id, text
from tafelrunde.network.forms import ADDRESS_FIELDS, LANGUAGE_CODES, ContactForm
from tafelrunde.network.lookup import search_contacts
from tafelrunde.network.models import AddressForm, Contact, Kind, Salutation
from tafelrunde.owned import Owner
from tafelrunde.relationships.erase import erase_contact

router = Router(tags=["contacts"])

# Computed from the model's choices at run time; to the type checker they are text.
if TYPE_CHECKING:
    KindName = str
    LanguageCode = str
    AddressFormName = str
    SalutationName = str
else:
    KindName = Literal[tuple(Kind.values)]
    LanguageCode = Literal[LANGUAGE_CODES]
    AddressFormName = Literal[tuple(AddressForm.values)]
    SalutationName = Literal[tuple(Salutation.values)]
SALUTATION = 'mr (Herr), ms (Frau) or "" (none); the title holds the degree ("Dr.").'
# The form's field -> where the API has it.
FORM_NAMES = {name: ("address", name) for name in ADDRESS_FIELDS}
# The form reads phones and e-mails one per line.
PhoneText = Annotated[str, Field(max_length=40, pattern=ONE_LINE)]
EmailText = Annotated[str, Field(max_length=254, pattern=ONE_LINE)]
if TYPE_CHECKING:
    Importance = int
    RhythmDays = int
else:
    Importance = integer(1, 5)
    RhythmDays = integer(1, 3650)


class Location(Schema):
    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    source: str = Field(description="How it was found: address, phone, meal or manual.")
    confidence: float | None


class AddressIn(Schema):
    model_config = ConfigDict(extra="forbid")

    street: str = text(250, default="")
    postal_code: str = text(20, default="")
    city: str = text(120, default="")
    country: str = text(120, default="")


class AddressOut(Schema):
    street: str
    postal_code: str
    city: str
    region: str
    country: str


class ContactOut(Schema):
    id: int
    full_name: str
    salutation: str = Field(description=SALUTATION)
    title: str
    given_name: str
    family_name: str
    organisation: str
    role: str
    kinds: list[str]
    importance: int
    language: str
    address_form: str
    known_since: dt.date | None
    birthday: dt.date | None
    do_not_invite: bool
    rhythm_days: int | None
    notes: str
    phones: list[str] = Field(description="E.164, e.g. +4935148642222.")
    emails: list[str]
    address: AddressOut | None
    location: Location | None
    created_at: dt.datetime
    updated_at: dt.datetime


def _unset(schema: dict) -> None:
    schema.pop("default", None)  # left out means "unchanged", not null


def unset(**kwargs):
    """A field that may be left out: on adding it takes the usual default, on a change it stays."""
    return Field(default=None, json_schema_extra=_unset, **kwargs)


class ContactIn(Schema):
    """A contact's fields; each may be left out. A new contact needs a name of some kind."""

    model_config = ConfigDict(extra="forbid")

    salutation: SalutationName = unset(description=SALUTATION)
    title: str = unset(max_length=50, pattern=NO_NUL)
    given_name: str = unset(max_length=100, pattern=NO_NUL)
    family_name: str = unset(max_length=100, pattern=NO_NUL)
    full_name: str = unset(
        max_length=250,
        pattern=NO_NUL,
        description="Follows title and names unless you write it differently.",
    )
    organisation: str = unset(max_length=200, pattern=NO_NUL)
    role: str = unset(max_length=200, pattern=NO_NUL)
    kinds: list[KindName] = unset(max_length=len(Kind.values), description="What they are to you.")
    importance: Importance = unset(description="1 (low) to 5 (high); new contacts: 3.")
    language: LanguageCode = unset(description="Invitations' language; new contacts: de.")
    address_form: AddressFormName = unset(description="du or Sie; new contacts: sie.")
    known_since: Day | None = unset()
    birthday: Day | None = unset()
    do_not_invite: Flag = unset()
    rhythm_days: RhythmDays | None = unset(description="See them every … days.")
    notes: str = unset(max_length=10_000, pattern=NO_NUL)
    phones: list[PhoneText] = unset(
        max_length=20,
        description="Replaces all numbers. Without country code: your home country's.",
    )
    emails: list[EmailText] = unset(max_length=20, description="Replaces all addresses.")
    address: AddressIn | None = unset(description="Replaces the address; null removes it.")
    place: str | None = unset(
        max_length=200,
        pattern=NO_NUL,
        description="Where they live or work, if you know better than address and phone; "
        "null or empty: found from them.",
    )


class ContactPage(Schema):
    count: int = Field(description="How many contacts match, on all pages.")
    items: list[ContactOut]


@router.get(
    "",
    response={200: ContactPage, **REFUSALS},
    summary="List contacts",
)
def list_contacts(
    request: TokenRequest,
    q: str = Query("", max_length=200, pattern=NO_NUL, description="Words in name, org or place."),
    limit: int = Page.LIMIT,
    offset: int = Page.OFFSET,
):
    contacts = search_contacts(Contact.objects.owned_by(request.auth), q.strip())
    contacts = contacts.order_by("family_name", "given_name", "full_name", "id")
    rows = with_details(contacts)[offset : offset + limit]
    return {"count": contacts.count(), "items": [contact_out(c) for c in rows]}


@router.get(
    "/{contact_id}",
    response={200: ContactOut, **REFUSALS, **NOT_FOUND},
    summary="Get a contact",
)
def get_contact(request: TokenRequest, contact_id: int = path_id("contact")):
    return contact_out(Contact.objects.owned_by(request.auth).get_or_404(contact_id))


@router.post(
    "",
    response={201: ContactOut, **REFUSALS},
    summary="Add a contact",
)
def create_contact(request: TokenRequest, payload: ContactIn):
    contact = save_contact(request.auth, Contact(owner=request.auth), payload)
    return Status(201, contact_out(contact))


@router.patch(
    "/{contact_id}",
    response={200: ContactOut, **REFUSALS, **NOT_FOUND},
    summary="Change a contact",
    description="Only the fields sent change.",
)
def update_contact(request: TokenRequest, payload: ContactIn, contact_id: int = path_id("contact")):
    contact = Contact.objects.owned_by(request.auth).get_or_404(contact_id)
    return contact_out(save_contact(request.auth, contact, payload))


@router.delete(
    "/{contact_id}",
    response={204: None, **REFUSALS, **NOT_FOUND},
    summary="Erase a contact",
    description="As on the contact page: their notes, facts, attempts and follow-ups go; "
    "meals keep their amount but no longer name them.",
)
def delete_contact(request: TokenRequest, contact_id: int = path_id("contact")):
    erase_contact(Contact.objects.owned_by(request.auth).get_or_404(contact_id))
    return Status(204, None)


def save_contact(owner: Owner, contact: Contact, payload: ContactIn) -> Contact:
    """The contact with the payload's changes, saved through the contact form; 422 if refused."""
    home_country = profile_for(owner).home_country
    current = ContactForm(instance=contact, home_country=home_country)
    data = {
        name: current.get_initial_for_field(field, name) for name, field in current.fields.items()
    }
    data.update(form_values(payload.model_dump(exclude_unset=True)))
    data = {name: "" if value is None else value for name, value in data.items()}
    form = ContactForm(data, instance=contact, home_country=home_country)
    if not form.is_valid():
        raise form_invalid(form, FORM_NAMES)
    return form.save_all(owner)


def form_values(changes: dict) -> dict:
    """The API's fields as the contact form's."""
    values = dict(changes)
    if "kinds" in values:
        values["kinds"] = list(dict.fromkeys(values["kinds"]))  # each kind once
    for name in ("phones", "emails"):
        if name in values:
            values[name] = "\n".join(values[name])
    if "address" in values:
        address = values.pop("address") or {}
        values.update({name: address.get(name, "") for name in ADDRESS_FIELDS})
    for name in ("known_since", "birthday"):
        if values.get(name) is not None:
            values[name] = values[name].isoformat()
    return values


def with_details(contacts):
    return contacts.select_related("place").prefetch_related("phones", "emails", "addresses")


def contact_out(contact: Contact) -> dict:
    address = next(iter(contact.addresses.all()), None)
    place = contact.place
    return {
        **{field: getattr(contact, field) for field in CONTACT_FIELDS},
        "phones": [phone.number for phone in contact.phones.all()],
        "emails": [email.address for email in contact.emails.all()],
        "address": None
        if address is None
        else {name: getattr(address, name) for name in (*ADDRESS_FIELDS, "region")},
        "location": None
        if place is None
        else {
            **place.as_json(),
            "source": contact.location_source,
            "confidence": contact.location_confidence,
        },
    }


CONTACT_FIELDS = (
    *("id", "full_name", "salutation", "title", "given_name", "family_name", "organisation"),
    "role",
    *("kinds", "importance", "language", "address_form", "known_since", "birthday"),
    *("do_not_invite", "rhythm_days", "notes", "created_at", "updated_at"),
)
