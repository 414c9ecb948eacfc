"""The JSON export: every row the owner owns, in a shape that restores exactly.

Ids are the database ids at export time; other records refer to them (`contact_id`,
`meal_id`, …). Places are written out in full, keyed by geonameid, so an import can recreate
them without the gazetteer. Decimals are strings ("123.40"), dates and times ISO 8601. The
photo of a meal's bill is in the meal, whole, as base64 (`bill_photo`). Sealed receipt versions
(`receipt_versions`, each PDF whole with its SHA-256) and their change log (`receipt_log`) are
lists of their own, since they outlive a deleted meal: `meal_number` is the meal's id then and
`meal_id` its id in this export, or null once the meal is gone.
The field lists below are the one definition of each record, shared with the import.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import Any, TypeVar

from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from tafelrunde.accounts.models import Profile
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import (
    FollowUp,
    Meal,
    MealParticipant,
    Note,
    ReceiptLogEntry,
    ReceiptVersion,
)
from tafelrunde.meals.photos import content_type_of
from tafelrunde.network.models import (
    Address,
    Contact,
    ContactSource,
    Email,
    NamesakeGroup,
    NamesakeMember,
    Phone,
    Place,
)
from tafelrunde.owned import Owner
from tafelrunde.travel.models import Trip

_M = TypeVar("_M", bound=models.Model)

logger = logging.getLogger(__name__)
FORMAT = "tafelrunde"
VERSION = 2  # 2: namesake groups instead of pairwise match suggestions
# Each record's model fields, by record kind; ids, references and places are added around them.
FIELDS: dict[str, tuple[str, ...]] = {
    "place": (
        *("geonameid", "name", "country", "admin1", "latitude", "longitude", "timezone"),
        "population",
    ),
    "profile": (
        *("full_name", "home_country", "language", "invitation_templates", "rhythm_by_kind"),
        "page_language",
    ),
    "account": ("first_name", "last_name", "email"),
    "contact": (
        *("salutation", "title", "given_name", "family_name", "organisation", "role", "kinds"),
        "importance",
        *("language", "address_form", "known_since", "birthday", "do_not_invite", "notes"),
        *("rhythm_days", "created_at", "updated_at", "name_taken_from"),
    ),
    "phone": ("number", "type"),
    "email": ("address", "type"),
    "address": ("type", "street", "postal_code", "city", "region", "country", "freetext"),
    "source": ("kind", "label", "external_id", "added_at"),
    "trip": ("start", "end", "hotel", "title", "notes", "calendar_uid", "created_at"),
    "evening": ("date", "radius_km", "shown", "alone_at", "created_at"),
    "attempt": ("channel", "outcome", "at", "note", "client_id"),
    "meal": (
        *("date", "time", "status", "restaurant", "restaurant_address", "occasion", "business"),
        *("amount", "tip", "currency", "paid_by", "notes", "created_at"),
        *("tse_serial", "tse_transaction", "tse_start", "tse_end", "tse_signature_counter"),
        *("gross_by_rate", "bill_reading"),
    ),
    "note": ("kind", "text", "created_at", "client_id"),
    "follow_up": ("text", "due", "done_at", "created_at"),
    "namesake_group": ("name_key", "name", "status", "created_at"),
    "receipt_version": (
        *("meal_number", "number", "sha256", "language", "approved_by", "approved_at"),
        "fields",
    ),
    "receipt_log_entry": ("meal_number", "action", "field", "old", "new", "reason", "who", "at"),
}


def export_json(owner: Owner) -> dict[str, Any]:
    """Everything `owner` owns as one JSON-ready dict, in a fixed number of queries."""
    notes, follow_ups = _owned(Note, owner), _owned(FollowUp, owner)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": profile_json(owner),
        "contacts": [contact_json(c) for c in _contacts(owner)],
        "trips": [trip_json(t) for t in _owned(Trip, owner).select_related("place")],
        "evenings": [evening_json(e) for e in _evenings(owner)],
        "meals": [meal_json(m) for m in _meals(owner)],
        "notes": [timeline_json(n, FIELDS["note"]) for n in notes],
        "follow_ups": [timeline_json(f, FIELDS["follow_up"]) for f in follow_ups],
        "namesake_groups": [namesake_group_json(g) for g in _namesake_groups(owner)],
        "receipt_versions": [receipt_version_json(v) for v in _owned(ReceiptVersion, owner)],
        "receipt_log": [
            {"id": e.id, "meal_id": e.meal_id, **fields_json(e, FIELDS["receipt_log_entry"])}
            for e in _owned(ReceiptLogEntry, owner)
        ],
    }


def _owned(model: type[_M], owner: Owner) -> models.QuerySet[_M]:
    return model._default_manager.filter(owner=owner).order_by("id")


def _contacts(owner: Owner):
    children = [
        Prefetch(name, model.objects.order_by("id"))
        for name, model in (
            ("phones", Phone),
            ("emails", Email),
            ("addresses", Address),
            ("sources", ContactSource),
        )
    ]
    return _owned(Contact, owner).select_related("place").prefetch_related(*children)


def _evenings(owner: Owner):
    attempts = Prefetch("attempts", Attempt.objects.order_by("id"))
    return _owned(Evening, owner).select_related("place").prefetch_related(attempts)


def _meals(owner: Owner):
    guests = Prefetch("participants", MealParticipant.objects.order_by("id"))
    return _owned(Meal, owner).select_related("place").prefetch_related(guests)


def plain(value: Any) -> Any:
    """A field value as JSON: dates and times ISO 8601, decimals as strings ("123.40")."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def fields_json(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a row, as JSON values."""
    return {name: plain(getattr(obj, name)) for name in names}


def place_json(place: Place | None) -> dict[str, Any] | None:
    """A place, self-describing enough to recreate its row without the gazetteer."""
    return fields_json(place, FIELDS["place"]) if place is not None else None


def profile_json(owner: Owner) -> dict[str, Any]:
    """The owner's names and profile (a missing profile exports its defaults)."""
    profile = Profile.objects.select_related("home_place").filter(user=owner).first()
    profile = profile or Profile(user=owner)
    return {
        "username": owner.get_username(),
        **fields_json(owner, FIELDS["account"]),
        **fields_json(profile, FIELDS["profile"]),
        "home_place": place_json(profile.home_place),
    }


def contact_json(contact: Contact) -> dict[str, Any]:
    """One contact with its phones, e-mails, addresses, sources and location."""
    phones = list(contact.phones.all())
    emails = list(contact.emails.all())
    return {
        "id": contact.id,
        "name": contact.full_name,
        **fields_json(contact, FIELDS["contact"]),
        "phones": [phone.number for phone in phones],
        "phone_details": [fields_json(phone, FIELDS["phone"]) for phone in phones],
        "emails": [email.address for email in emails],
        "email_details": [fields_json(email, FIELDS["email"]) for email in emails],
        "addresses": [fields_json(a, FIELDS["address"]) for a in contact.addresses.all()],
        "sources": [fields_json(s, FIELDS["source"]) for s in contact.sources.all()],
        "location": location_json(contact),
    }


def location_json(contact: Contact) -> dict[str, Any] | None:
    """Where the contact is, how that was found and how sure it is; None when unknown."""
    if contact.place is None:
        return None
    return {
        **fields_json(contact.place, FIELDS["place"]),
        "source": contact.location_source,
        "confidence": contact.location_confidence,
    }


def trip_json(trip: Trip) -> dict[str, Any]:
    return {"id": trip.id, "place": place_json(trip.place), **fields_json(trip, FIELDS["trip"])}


def evening_json(evening: Evening) -> dict[str, Any]:
    return {
        "id": evening.id,
        "place": place_json(evening.place),
        "trip_id": evening.trip_id,
        **fields_json(evening, FIELDS["evening"]),
        "attempts": [attempt_json(a) for a in evening.attempts.all()],
    }


def attempt_json(attempt: Attempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "contact_id": attempt.contact_id,
        **fields_json(attempt, FIELDS["attempt"]),
    }


def meal_json(meal: Meal) -> dict[str, Any]:
    guests = list(meal.participants.all())
    return {
        "id": meal.id,
        "place": place_json(meal.place),
        **fields_json(meal, FIELDS["meal"]),
        "participants": [guest.name for guest in guests],
        "participant_details": [
            {"contact_id": g.contact_id, "name": g.name, "rating": g.rating} for g in guests
        ],
        "evening_id": meal.evening_id,
        "bill_photo": bill_json(meal),
    }


def bill_json(meal: Meal) -> dict[str, str] | None:
    """The photo of the bill, whole: {"name", "content_type", "data" (base64)}, or None.

    Stored bills have a random name; the export calls it "bill" with its true extension.
    """
    name = meal.bill_photo.name
    if not name:
        return None
    try:
        with meal.bill_photo.storage.open(name, "rb") as handle:
            content = handle.read()
    except (OSError, SuspiciousFileOperation):
        # The rest of the export still stands; the log says which bill is missing.
        logger.warning("The bill of meal %s is missing from disk: %s", meal.pk, name)
        return None
    return {
        "name": "bill" + PurePath(name).suffix.lower(),
        "content_type": content_type_of(name),
        "data": base64.b64encode(content).decode("ascii"),
    }


def timeline_json(row: Note | FollowUp, names: tuple[str, ...]) -> dict[str, Any]:
    """A note, fact or follow-up on a contact's timeline."""
    return {
        "id": row.id,
        "contact_id": row.contact_id,
        **fields_json(row, names),
        "meal_id": row.meal_id,
    }


def _namesake_groups(owner: Owner):
    return _owned(NamesakeGroup, owner).prefetch_related(
        Prefetch("members", NamesakeMember.objects.order_by("id"))
    )


def namesake_group_json(group: NamesakeGroup) -> dict[str, Any]:
    """Contacts of one name, and whether the owner kept them apart."""
    return {
        "id": group.id,
        **fields_json(group, FIELDS["namesake_group"]),
        "contact_ids": [member.contact_id for member in group.members.all()],
    }


def receipt_version_json(version: ReceiptVersion) -> dict[str, Any]:
    """A sealed receipt version with its PDF whole: {"name", "content_type", "data"}."""
    try:
        with version.pdf.storage.open(version.pdf.name, "rb") as handle:
            content = handle.read()
    except (OSError, SuspiciousFileOperation):
        logger.warning("Receipt version %s is missing from disk: %s", version.pk, version.pdf.name)
        pdf = None
    else:
        pdf = {
            "name": f"receipt-v{version.number}.pdf",
            "content_type": "application/pdf",
            "data": base64.b64encode(content).decode("ascii"),
        }
    return {
        "id": version.id,
        "meal_id": version.meal_id,
        **fields_json(version, FIELDS["receipt_version"]),
        "pdf": pdf,
    }
