"""Calendar events become trips by the rules of file import; a later change at the source
moves a field only while it still holds what the source wrote there, and offers the rest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tafelrunde.core.records import TripRecord
from tafelrunde.sync.models import Collection, Item, Source
from tafelrunde.sync.report import SyncReport
from tafelrunde.travel.importing import _hotel, _stored_uid, is_away_from_home, resolve_location
from tafelrunde.travel.models import Trip

FIELDS = ("place", "start", "end", "title", "hotel")


def event_digest(record: TripRecord) -> str:
    """What an event said, in short: an item whose digest is unchanged needs no work."""
    said = [record.uid, record.summary, record.location, record.start.isoformat()]
    said.append(record.end.isoformat())
    return "sha256:" + hashlib.sha256(json.dumps(said).encode()).hexdigest()[:40]


def trip_values(trip: Trip) -> dict[str, object]:
    """A trip's synced fields as Item.applied and Item.offered keep them."""
    return {
        "place": trip.place_id,
        "start": trip.start.isoformat(),
        "end": trip.end.isoformat(),
        "title": trip.title,
        "hotel": trip.hotel,
    }


def set_value(trip: Trip, field: str, value: object) -> None:
    if field == "place":
        trip.place_id = value  # type: ignore[assignment]
    elif field in ("start", "end"):
        setattr(trip, field, dt.date.fromisoformat(str(value)))
    else:
        setattr(trip, field, value)


def carries_users_work(trip: Trip, item: Item | None) -> bool:
    """Whether deleting the trip would lose something of the user's: a field edited by
    hand, notes, or an evening with calls or meals."""
    from tafelrunde.evenings.models import Evening

    if item is not None and trip_values(trip) != {f: item.applied.get(f) for f in FIELDS}:
        return True
    if trip.notes.strip():
        return True
    return (
        Evening.objects.filter(trip=trip)
        .filter(Q(attempts__isnull=False) | Q(meals__isnull=False))
        .exists()
    )


class _Applier:
    def __init__(self, source: Source, collection: Collection):
        from tafelrunde.accounts.models import profile_for

        self.owner = source.owner
        self.collection = collection
        self.profile = profile_for(self.owner)
        self.report = SyncReport()

    def values(self, record: TripRecord) -> dict[str, object] | None:
        """The trip an event makes, or None when it is no trip (at home, or nowhere known)."""
        place = resolve_location(record.location, self.profile.home_country or "DE")
        if place is None or not is_away_from_home(place, self.profile.home_place):
            return None
        return {
            "place": place.pk,
            "start": record.start.isoformat(),
            "end": max(record.end, record.start).isoformat(),
            "title": record.summary[:200],
            "hotel": _hotel(record.location),
        }

    def apply(self, href: str, record: TripRecord, item: Item | None, etag: str = "") -> None:
        new = self.values(record)
        if item is None:
            item = Item(collection=self.collection, href=href)
        item.uid = record.uid[:255]
        item.etag = etag or event_digest(record)
        if new is None:  # not (or no longer) a trip
            if item.trip_id is not None:
                self.drop_trip(item, removed_at_source=False)
            if item.trip_id is None:
                item.applied, item.offered, item.removed_at = {}, {}, None
            item.save()
            return
        if item.trip_id is None:
            self.create_or_link(item, record, new)
        else:
            self.update(item, new)

    def create_or_link(self, item: Item, record: TripRecord, new: dict[str, object]) -> None:
        uid = _stored_uid(record.uid)
        trip = Trip.objects.owned_by(self.owner).filter(calendar_uid=uid).first()
        offered: dict[str, object] = {}
        if trip is None:
            trip = Trip(owner=self.owner, calendar_uid=uid)
            for field in FIELDS:
                set_value(trip, field, new[field])
            trip.save()
            self.report.created += 1
        else:  # imported earlier from a file: the trip as it is stays; the rest is offered
            current = trip_values(trip)
            offered = {f: new[f] for f in FIELDS if current[f] != new[f]}
            self.report.updated += 1 if offered else 0
            self.report.unchanged += 0 if offered else 1
        item.trip = trip
        item.applied, item.offered, item.removed_at = new, offered, None
        item.save()

    def update(self, item: Item, new: dict[str, object]) -> None:
        trip = item.trip
        assert trip is not None
        if new == item.applied and item.removed_at is None:
            item.save(update_fields=["etag", "uid"])
            self.report.unchanged += 1
            return
        before = trip_values(trip)
        offered = dict(item.offered)
        for field in FIELDS:
            if before[field] in (item.applied.get(field), new[field]):
                set_value(trip, field, new[field])
                offered.pop(field, None)
            else:  # edited by hand: the user's value stays
                offered[field] = new[field]
        if trip.end < trip.start:  # the user's dates and the source's do not fit together
            for field in ("start", "end"):
                set_value(trip, field, before[field])
                if before[field] != new[field]:
                    offered[field] = new[field]
        changed = trip_values(trip) != before
        if changed:
            trip.save()
        item.applied, item.offered, item.removed_at = new, offered, None
        item.save()
        self.report.updated += 1

    def no_trip(self, href: str, item: Item | None, etag: str) -> None:
        """The object is there but makes no trip (any more)."""
        if item is None:
            item = Item(collection=self.collection, href=href)
        elif item.trip_id is not None:
            self.drop_trip(item, removed_at_source=False)
        item.etag = etag
        item.save()

    def drop_trip(self, item: Item, *, removed_at_source: bool) -> None:
        """The event is gone (or no trip any more): the trip goes unless it holds the
        user's work; then it stays, marked, and the user decides."""
        trip = item.trip
        if trip is None:
            if removed_at_source:
                item.delete()
            return
        if carries_users_work(trip, item):
            if item.removed_at is None:
                item.removed_at = timezone.now()
                item.save()
                self.report.removed += 1
            return
        trip.delete()
        self.report.removed += 1
        if removed_at_source:
            item.delete()
        else:
            item.trip = None
            item.applied, item.offered, item.removed_at = {}, {}, None
            item.save()


def apply_events(
    source: Source,
    collection: Collection,
    records_by_href: dict[str, TripRecord | None],
    removed_hrefs: list[str],
    etags: dict[str, str] | None = None,
) -> SyncReport:
    """One batch of events and hrefs gone from the source, in one transaction.

    A feed names its events by UID and gives no etags: None stands for an event cancelled.
    A CalDAV calendar gives each event's href and etag: None stands for an object that
    makes no trip (cancelled, or no place away from home), kept as an item so that an
    unchanged one is not fetched again."""
    applier = _Applier(source, collection)
    hrefs = [*records_by_href, *removed_hrefs]
    with transaction.atomic():
        items = {
            item.href: item
            for item in Item.objects.filter(collection=collection, href__in=hrefs).select_related(
                "trip"
            )
        }
        for href, record in records_by_href.items():
            item = items.get(href)
            etag = (etags or {}).get(href, "")
            if record is not None:
                applier.apply(href, record, item, etag)
            elif etags is None:
                if item is not None:
                    applier.drop_trip(item, removed_at_source=True)
            else:
                applier.no_trip(href, item, etag)
        for href in removed_hrefs:
            item = items.get(href)
            if item is not None:
                applier.drop_trip(item, removed_at_source=True)
    return applier.report
