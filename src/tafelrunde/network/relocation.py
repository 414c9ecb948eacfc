"""Locating every contact again after the place index changed, keeping what the user chose.

Used by `tafelrunde relocate` and by the migration that brought in the village index, so
it takes the models as arguments: a migration passes its historical ones.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, transaction

from tafelrunde.core.geo import haversine_km
from tafelrunde.network.location import hint
from tafelrunde.network.places import place_fields

# Set by hand or learned at a meal: never changed by a relocation.
KEPT_SOURCES = ("manual", "meal")
_BATCH = 500  # contacts per write transaction: short, so the server keeps answering


@dataclass
class RelocationReport:
    checked: int = 0  # contacts located automatically, or not at all
    moved: int = 0  # now at another place
    located: int = 0  # had no place, have one now
    unlocated: int = 0  # had a place, now nothing tells where they are
    changed_confidence: int = 0  # same place, surer or less sure
    distances_km: list[float] = field(default_factory=list)  # how far each moved contact went

    def as_json(self) -> dict:
        far = sorted(self.distances_km)
        return {
            "checked": self.checked,
            "moved": self.moved,
            "located": self.located,
            "unlocated": self.unlocated,
            "changed_confidence": self.changed_confidence,
            "median_km": round(statistics.median(far), 1) if far else None,
            "max_km": round(far[-1], 1) if far else None,
            "moved_over_100_km": sum(km > 100 for km in far),
        }


def relocate_contacts(
    contact_model,
    place_model,
    profile_model,
    gazetteer,
    *,
    dry_run: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> RelocationReport:
    """Locate every contact whose place was found automatically (or not found) again with
    the current index, in the database `using`; a place set by hand or from a meal stays.
    With dry_run nothing is written."""
    from tafelrunde.core.locate import locate

    homes = dict(profile_model.objects.using(using).values_list("user_id", "home_country"))
    report = RelocationReport()
    contacts = (
        contact_model.objects.using(using)
        .exclude(location_source__in=KEPT_SOURCES, place__isnull=False)
        .select_related("place")
        .prefetch_related("addresses", "phones")
        .order_by("id")
    )
    places: dict[int, object] = {}
    batch: list = []
    for contact in contacts.iterator(chunk_size=_BATCH):
        report.checked += 1
        found = locate(
            [hint(address) for address in contact.addresses.all()],
            [phone.number for phone in contact.phones.all()],
            gazetteer=gazetteer,
            default_country=homes.get(contact.owner_id) or "DE",
        )
        if _note_change(contact, found, report):
            batch.append((contact, found))
        if len(batch) >= _BATCH:
            _write(batch, contact_model.objects.using(using), place_model, places, dry_run)
            batch = []
    _write(batch, contact_model.objects.using(using), place_model, places, dry_run)
    return report


def _note_change(contact, found, report: RelocationReport) -> bool:
    before = contact.place
    if found is None:
        if before is None:
            return False
        report.unlocated += 1
        return True
    if before is None:
        report.located += 1
        return True
    if before.geonameid != found.place.geonameid:
        report.moved += 1
        km = haversine_km(before.latitude, before.longitude, found.place.latitude,
                          found.place.longitude)  # fmt: skip
        report.distances_km.append(km)
        return True
    if (contact.location_source, contact.location_confidence) != (
        found.method,
        found.confidence,
    ):
        report.changed_confidence += 1
        return True
    return False


def _write(batch: list, contacts, place_model, places: dict, dry_run: bool) -> None:
    if dry_run or not batch:
        return
    with transaction.atomic(using=contacts.db):
        for contact, found in batch:
            record = found.place if found else None
            place = _place_row(place_model.objects.using(contacts.db), record, places)
            contacts.filter(pk=contact.pk).update(
                place=place,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                location_source=found.method if found else "",
                location_confidence=found.confidence if found else None,
            )


def _place_row(place_rows, record, places: dict):
    if record is None:
        return None
    if record.geonameid not in places:
        places[record.geonameid], _created = place_rows.get_or_create(
            geonameid=record.geonameid, defaults=place_fields(record)
        )
    return places[record.geonameid]
