"""Restoring a JSON export into an empty account: every row back, ids remapped, all or nothing.

Records are checked one by one as they are written inside one transaction; the first bad
record raises ValueError naming it, and the rollback leaves the database untouched (photos of
bills already written are removed again). Values are checked against the model fields they
restore (JSON type, then Django's own validation); a bill must be what an upload may be.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.exchange.export_json import FIELDS, FORMAT, VERSION
from tafelrunde.exchange.json_values import (
    assign,
    bill_content,
    checked,
    identity,
    records,
    texts,
    value,
)
from tafelrunde.meals.models import (
    FollowUp,
    Meal,
    MealParticipant,
    Note,
    ReceiptLogEntry,
    ReceiptVersion,
)
from tafelrunde.meals.photos import MAX_BYTES
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
from tafelrunde.network.places import gazetteer
from tafelrunde.owned import Owner
from tafelrunde.travel.models import Trip

SECTIONS = (
    *("contacts", "trips", "evenings", "meals", "notes", "follow_ups", "namesake_groups"),
    *("receipt_versions", "receipt_log"),
)
LABELS = {"receipt_log": "receipt log entry"}  # how a message names a record of a section
# Sections an export may lack (made before they existed).
OPTIONAL_SECTIONS = ("namesake_groups", "receipt_versions", "receipt_log")
# Sections only older exports have: version 1 kept namesakes as pairs.
OLD_SECTIONS = ("match_suggestions",)
# A contact's rows: (section, model, detailed list, plain list of its first field, fields).
CHILDREN = (
    ("phones", Phone, "phone_details", "phones", FIELDS["phone"]),
    ("emails", Email, "email_details", "emails", FIELDS["email"]),
    ("addresses", Address, "addresses", None, FIELDS["address"]),
    ("sources", ContactSource, "sources", None, FIELDS["source"]),
)


def is_tafelrunde_export(data: Any) -> bool:
    """Whether `data` (parsed JSON) claims to be a Tafelrunde export."""
    return isinstance(data, dict) and data.get("format") == FORMAT


def import_json(owner: Owner, data: dict) -> dict[str, int]:
    """Restore an export into `owner`'s empty account; returns the rows made, by kind.

    A malformed export, or an account that already has data, raises ValueError with a one-line
    message, and nothing is written.
    """
    sections = _check_shape(data)
    files: list = []  # (storage, name) of each bill written, to remove if all is undone
    try:
        with transaction.atomic():
            _refuse_unless_empty(owner)
            restore = Restore(owner, PlaceTable.load(data, sections), files)
            restore.profile(data["profile"])
            restore.run(sections)
    except DatabaseError as exc:
        _remove(files)
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ValueError(f"The export does not fit the database: {first_line}") from None
    except BaseException:
        _remove(files)
        raise
    return restore.counts


def _remove(files: list) -> None:
    for storage, name in files:
        storage.delete(name)


def _check_shape(data: Any) -> dict[str, list[dict]]:
    if not is_tafelrunde_export(data):
        raise ValueError('Not a Tafelrunde export (no "format": "tafelrunde").')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError('The export has no valid "version".')
    if version > VERSION:
        raise ValueError(f"The export is format version {version}: update Tafelrunde to read it.")
    if not isinstance(data.get("profile"), dict):
        raise ValueError('The export has no "profile" object.')
    sections = {
        name: records(data, name, "The export", optional=name in OPTIONAL_SECTIONS)
        for name in SECTIONS
    }
    for name in OLD_SECTIONS:
        sections[name] = records(data, name, "The export", optional=True)
    return sections


def _refuse_unless_empty(owner: Owner) -> None:
    if any(model.objects.filter(owner=owner).exists() for model in (Contact, Trip, Evening, Meal)):
        raise ValueError(
            f"The account {owner.get_username()!r} already has data; JSON import restores into"
            " an empty account only (use a fresh account, or import contacts as vCard or CSV)."
        )


def _emails(record: dict, where: str) -> list[str]:
    """A contact record's e-mail addresses, in either of the shapes the export has had."""
    if "email_details" in record:
        details = records(record, "email_details", where)
        return [item["address"] for item in details if isinstance(item.get("address"), str)]
    return texts(record, "emails", where)


def save_all(model: type[models.Model], objects: list) -> None:
    """Bulk-create rows, then put back the timestamps that auto_now fields overwrote."""
    fields = model._meta.concrete_fields
    stamps = [f.name for f in fields if getattr(f, "auto_now", 0) or getattr(f, "auto_now_add", 0)]
    wanted = [{name: getattr(obj, name) for name in stamps} for obj in objects]
    model._default_manager.bulk_create(objects, batch_size=500)
    if not stamps or not objects:
        return
    for obj, values in zip(objects, wanted, strict=True):
        for name, stamp in values.items():
            if stamp is not None:
                setattr(obj, name, stamp)
    model._default_manager.bulk_update(objects, stamps, batch_size=500)


class PlaceTable:
    """The places an export names, found by geonameid or recreated from the export."""

    def __init__(self, places: dict[int, Place], created: int):
        self.places = places
        self.created = created

    @classmethod
    def load(cls, data: dict, sections: dict[str, list[dict]]) -> PlaceTable:
        """Every place in the export, creating the missing ones in two queries."""
        mentions = [("profile home place", data["profile"].get("home_place"))]
        for contact in sections["contacts"]:
            mentions.append((f"contact {contact.get('id')} location", contact.get("location")))
        for section in ("trips", "evenings", "meals"):
            for row in sections[section]:
                mentions.append((f"{section[:-1]} {row.get('id')} place", row.get("place")))
        wanted: dict[int, str] = {}
        for where, mention in mentions:
            if mention is not None:
                wanted.setdefault(cls.parse(mention, where).geonameid, where)
        known = set(Place.objects.filter(geonameid__in=wanted).values_list("geonameid", flat=True))
        # Places are shared by every account: new ones come from the place index, never from
        # the file, so an export cannot move a city or rename it for everyone else.
        missing = [
            cls.from_index(geonameid, where)
            for geonameid, where in wanted.items()
            if geonameid not in known
        ]
        Place.objects.bulk_create(missing, ignore_conflicts=True)
        return cls(
            {p.geonameid: p for p in Place.objects.filter(geonameid__in=wanted)}, len(missing)
        )

    @staticmethod
    def from_index(geonameid: int, where: str) -> Place:
        record = gazetteer().get(geonameid)
        if record is None:
            raise ValueError(f"{where}: place {geonameid} is not in the place index.")
        return Place(**{name: getattr(record, name) for name in FIELDS["place"]})

    @staticmethod
    def parse(mention: Any, where: str) -> Place:
        if not isinstance(mention, dict):
            raise ValueError(f"{where} is not an object.")
        place = Place()
        assign(place, mention, where, FIELDS["place"])
        return checked(place, where)

    def get(self, mention: dict | None, where: str, required: bool = False) -> Place | None:
        """The Place row for a place in the export (already checked by load)."""
        if mention is None and required:
            raise ValueError(f"{where} is missing.")
        return None if mention is None else self.places[mention["geonameid"]]


class Restore:
    """Writes one export's records for one owner, mapping export ids to the new rows."""

    def __init__(self, owner: Owner, places: PlaceTable, files: list | None = None):
        self.owner = owner
        self.places = places
        self.files = [] if files is None else files
        self.ids: dict[str, dict[int, Any]] = {name: {} for name in SECTIONS}
        self.counts: dict[str, int] = {"places_created": places.created}

    def run(self, sections: dict[str, list[dict]]) -> None:
        self.contacts(sections["contacts"])
        self.rows("trips", Trip, sections["trips"], self.trip)
        self.rows("evenings", Evening, sections["evenings"], self.evening)
        self.attempts(sections["evenings"])
        self.rows("meals", Meal, sections["meals"], self.meal)
        self.guests(sections["meals"])
        self.rows("notes", Note, sections["notes"], self.timeline_row(Note, FIELDS["note"]))
        follow_up = self.timeline_row(FollowUp, FIELDS["follow_up"])
        self.rows("follow_ups", FollowUp, sections["follow_ups"], follow_up)
        groups = sections["namesake_groups"] + self.pairs_as_groups(sections["match_suggestions"])
        self.rows("namesake_groups", NamesakeGroup, groups, self.namesake_group)
        self.namesake_members(groups)
        self.meal_numbers = self.receipt_meal_numbers(sections)
        self.rows(
            "receipt_versions", ReceiptVersion, sections["receipt_versions"], self.receipt_version
        )
        self.rows("receipt_log", ReceiptLogEntry, sections["receipt_log"], self.receipt_log_entry)

    def rows(self, section: str, model, items: list[dict], build) -> list:
        """Build, check and save one section's rows, remembering export id → new row."""
        label = LABELS.get(section, section[:-1].replace("_", " "))
        ids, objects = self.ids[section], []
        for number, record in enumerate(items, 1):
            where = f"{label} {record.get('id', f'#{number}')}"
            old_id = identity(record, "id", where, required=True)
            if old_id in ids:
                raise ValueError(f"{where}: the id appears twice.")
            obj = build(record, where)
            obj.owner = self.owner
            ids[old_id] = checked(obj, where)
            objects.append(obj)
        save_all(model, objects)
        self.counts[section] = len(objects)
        return objects

    def ref(self, section: str, record: dict, key: str, where: str, required: bool = False):
        """The new row that the export id in record[key] stands for."""
        old_id = identity(record, key, where, required)
        if old_id is not None and old_id not in self.ids[section]:
            raise ValueError(f"{where}: {key} {old_id} is not in the export's {section}.")
        return None if old_id is None else self.ids[section][old_id]

    def profile(self, record: dict) -> None:
        profile = profile_for(self.owner)
        assign(profile, record, "profile", FIELDS["profile"])
        profile.home_place = self.places.get(record.get("home_place"), "profile home place")
        checked(profile, "profile").save()
        blank = tuple(key for key in FIELDS["account"] if not getattr(self.owner, key))
        assign(self.owner, record, "profile", blank)  # names the account lacks, nothing more
        if blank:
            checked(self.owner, "profile", exclude=("password", "username"))
            self.owner.save(update_fields=blank)

    def contacts(self, items: list[dict]) -> None:
        contacts = self.rows("contacts", Contact, items, self.contact)
        for section, model, detailed, plain, fields in CHILDREN:
            rows = []
            for contact, record in zip(contacts, items, strict=True):
                where = f"contact {record['id']} ({contact.full_name})"
                if plain and detailed not in record:
                    children = [{fields[0]: item} for item in texts(record, plain, where)]
                else:
                    children = records(record, detailed, where, optional=True)
                for child in children:
                    row = model(owner=self.owner, contact=contact)
                    assign(row, child, where, fields)
                    rows.append(checked(row, f"{where}, {section}"))
            save_all(model, rows)
            self.counts[section] = len(rows)

    def contact(self, record: dict, where: str) -> Contact:
        contact = Contact()
        contact.full_name = value(record, "name", Contact._meta.get_field("full_name"), where) or ""
        assign(contact, record, where, FIELDS["contact"])
        contact.give_stand_in_name(_emails(record, where))  # exports from before it was one
        if not all(isinstance(kind, str) for kind in contact.kinds):
            raise ValueError(f"{where}: kinds is not a list of texts.")
        if not 1 <= contact.importance <= 5:
            raise ValueError(f"{where}: importance must be 1 to 5, not {contact.importance}.")
        location = record.get("location")
        if location is not None:
            source_field = Contact._meta.get_field("location_source")
            confidence_field = Contact._meta.get_field("location_confidence")
            source = value(location, "source", source_field, where) or "manual"
            confidence = value(location, "confidence", confidence_field, where)
            contact.set_location(self.places.get(location, where), source, confidence)
        contact.refresh_keys()
        return contact

    def trip(self, record: dict, where: str) -> Trip:
        trip = Trip(place=self.places.get(record.get("place"), f"{where} place", required=True))
        assign(trip, record, where, FIELDS["trip"])
        if trip.start and trip.end and trip.end < trip.start:
            raise ValueError(f"{where}: it ends ({trip.end}) before it starts ({trip.start}).")
        return trip

    def evening(self, record: dict, where: str) -> Evening:
        place = self.places.get(record.get("place"), f"{where} place", required=True)
        evening = Evening(place=place, trip=self.ref("trips", record, "trip_id", where))
        assign(evening, record, where, FIELDS["evening"])
        evening.shown = [self.shown_row(row) for row in evening.shown]
        return evening

    def shown_row(self, row: Any) -> Any:
        """A call-list row with its contact id remapped (None when that contact is gone)."""
        if not isinstance(row, dict) or "contact_id" not in row:
            return row
        old_id = row["contact_id"]
        contact = self.ids["contacts"].get(old_id) if isinstance(old_id, int) else None
        return {**row, "contact_id": contact.id if contact else None}

    def attempts(self, evenings: list[dict]) -> None:
        attempts = []
        for record in evenings:
            evening, name = self.ids["evenings"][record["id"]], f"evening {record['id']}"
            for number, item in enumerate(records(record, "attempts", name, optional=True), 1):
                where = f"attempt {item.get('id', f'#{number}')} of {name}"
                contact = self.ref("contacts", item, "contact_id", where, required=True)
                attempt = Attempt(owner=self.owner, evening=evening, contact=contact)
                assign(attempt, item, where, FIELDS["attempt"])
                attempts.append(checked(attempt, where))
        save_all(Attempt, attempts)
        self.counts["attempts"] = len(attempts)

    def meal(self, record: dict, where: str) -> Meal:
        meal = Meal(place=self.places.get(record.get("place"), f"{where} place"))
        assign(meal, record, where, FIELDS["meal"])
        meal.evening = self.ref("evenings", record, "evening_id", where)
        if record.get("bill_photo") is not None:
            name, content = bill_content(record["bill_photo"], where)
            meal.owner = self.owner  # the bill's folder is the owner's
            meal.bill_photo.save(name, ContentFile(content), save=False)
            self.files.append((meal.bill_photo.storage, meal.bill_photo.name))
        return meal

    def guests(self, meals: list[dict]) -> None:
        guests = []
        for record in meals:
            meal, name = self.ids["meals"][record["id"]], f"meal {record['id']}"
            if "participant_details" in record:
                items = records(record, "participant_details", name)
            else:
                items = [{"name": guest} for guest in texts(record, "participants", name)]
            for number, item in enumerate(items, 1):
                where = f"guest {number} of {name}"
                contact = self.ref("contacts", item, "contact_id", where)
                guest = MealParticipant(owner=self.owner, meal=meal, contact=contact)
                assign(guest, item, where, ("name", "rating"))
                guest.name = guest.name or (contact.full_name if contact else "")
                guests.append(checked(guest, where))
        save_all(MealParticipant, guests)
        self.counts["participants"] = len(guests)

    def timeline_row(self, model, fields: tuple[str, ...]):
        """A builder for a note or follow-up: on a contact, perhaps from a meal."""

        def build(record: dict, where: str):
            row = model(contact=self.ref("contacts", record, "contact_id", where, required=True))
            assign(row, record, where, fields)
            row.meal = self.ref("meals", record, "meal_id", where)
            return row

        return build

    def namesake_group(self, record: dict, where: str) -> NamesakeGroup:
        group = NamesakeGroup()
        assign(group, record, where, FIELDS["namesake_group"])
        return group

    def namesake_members(self, groups: list[dict]) -> None:
        members, seen = [], set()
        for record in groups:
            where = f"namesake group {record.get('id')}"
            group = self.ids["namesake_groups"][identity(record, "id", where, required=True)]
            for contact_id in record.get("contact_ids") or []:
                contact = self.ref("contacts", {"id": contact_id}, "id", where, required=True)
                if contact.pk not in seen:  # a contact is in one group at most
                    seen.add(contact.pk)
                    members.append(NamesakeMember(owner=self.owner, group=group, contact=contact))
        save_all(NamesakeMember, members)

    def pairs_as_groups(self, pairs: list[dict]) -> list[dict]:
        """Version 1's "same name" pairs as one group per name: open unless every pair of
        that name was kept apart."""
        by_key: dict[str, dict] = {}
        for number, pair in enumerate(pairs, 1):
            where = f"match suggestion {pair.get('id', number)}"
            ids = [identity(pair, key, where, True) for key in ("contact_id", "other_id")]
            first = self.ref("contacts", pair, "contact_id", where, required=True)
            self.ref("contacts", pair, "other_id", where, required=True)
            group = by_key.setdefault(
                first.name_key,
                {
                    "id": -len(by_key) - 1,  # export ids are positive: no clash
                    "name_key": first.name_key,
                    "name": first.full_name,
                    "status": "apart",
                    "created_at": pair.get("created_at"),
                    "contact_ids": [],
                },
            )
            group["contact_ids"] += [i for i in ids if i not in group["contact_ids"]]
            if pair.get("status", "open") != "apart":
                group["status"] = "open"
        return list(by_key.values())

    def receipt_meal_numbers(self, sections: dict[str, list[dict]]) -> dict[Any, int]:
        """Export meal number → the number here: a kept meal's new id; a deleted meal's number
        stays unless a meal here has that id, then it gets a free one."""
        numbers: dict[Any, int] = {}
        gone = []
        for record in [*sections["receipt_versions"], *sections["receipt_log"]]:
            meal_id = record.get("meal_id")
            meal = self.ids["meals"].get(meal_id) if isinstance(meal_id, int) else None
            number = record.get("meal_number")
            if meal is not None:
                numbers[number] = meal.pk
            elif number not in numbers:
                gone.append(number)
        taken = set(numbers.values()) | {meal.pk for meal in self.ids["meals"].values()}
        free = max([0, *taken, *(n for n in gone if isinstance(n, int))]) + 1
        for number in dict.fromkeys(gone):
            if number in numbers:
                continue  # a meal kept in the export has this number
            if isinstance(number, int) and number not in taken:
                numbers[number] = number
            else:
                numbers[number] = free
                free += 1
            taken.add(numbers[number])
        return numbers

    def receipt_version(self, record: dict, where: str) -> ReceiptVersion:
        version = ReceiptVersion(meal=self.ref("meals", record, "meal_id", where))
        assign(version, record, where, FIELDS["receipt_version"])
        version.meal_number = self.meal_numbers.get(record.get("meal_number"), 0)
        pdf = record.get("pdf")
        if not isinstance(pdf, dict) or not isinstance(pdf.get("data"), str):
            raise ValueError(f'{where}: pdf is not an object with base64 "data".')
        try:
            content = base64.b64decode(pdf["data"], validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{where}: pdf data is not base64.") from None
        if len(content) > 4 * MAX_BYTES or not content.startswith(b"%PDF-"):
            raise ValueError(f"{where}: pdf is not a receipt PDF.")
        if hashlib.sha256(content).hexdigest() != version.sha256:
            raise ValueError(f"{where}: the PDF does not match its SHA-256.")
        version.owner = self.owner  # the file's folder is the owner's
        version.pdf.save("receipt.pdf", ContentFile(content), save=False)
        self.files.append((version.pdf.storage, version.pdf.name))
        return version

    def receipt_log_entry(self, record: dict, where: str) -> ReceiptLogEntry:
        entry = ReceiptLogEntry(meal=self.ref("meals", record, "meal_id", where))
        assign(entry, record, where, FIELDS["receipt_log_entry"])
        entry.meal_number = self.meal_numbers.get(record.get("meal_number"), 0)
        return entry
