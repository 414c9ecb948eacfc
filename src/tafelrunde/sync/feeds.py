"""A calendar feed (.ics over HTTP): fetched whole, but only when it changed (ETag,
Last-Modified); each event is an item keyed by its UID."""

from __future__ import annotations

from tafelrunde.core.importers.ics import parse_ics
from tafelrunde.core.records import TripRecord, UnreadableFile
from tafelrunde.sync.errors import SyncError, gettext_noop
from tafelrunde.sync.http import Http
from tafelrunde.sync.models import Collection, Item, Source
from tafelrunde.sync.report import SyncReport
from tafelrunde.sync.trips import apply_events, event_digest

BATCH = 200  # events per transaction


def sync_feed(source: Source, collection: Collection, http: Http) -> SyncReport:
    """Fetch the feed and bring the trips up to date. Nothing is written before the feed
    has been fetched and read, so a failure leaves the last good sync as it was."""
    headers = {}
    if collection.etag:
        headers["If-None-Match"] = collection.etag
    if collection.last_modified:
        headers["If-Modified-Since"] = collection.last_modified
    response = http.request("GET", source.url(), headers=headers, ok=(200, 304))
    report = SyncReport()
    if response.status == 304:
        return report
    try:
        parsed = parse_ics(response.content)
    except UnreadableFile:
        raise SyncError(gettext_noop("this is not a calendar"), retry=False) from None
    report.problems.extend(error.text for error in parsed.errors)

    records: dict[str, TripRecord] = {}
    for record in parsed.trips:
        records.setdefault(record.uid, record)
    known = dict(Item.objects.filter(collection=collection).values_list("href", "etag"))
    removed_at = set(
        Item.objects.filter(collection=collection, removed_at__isnull=False).values_list(
            "href", flat=True
        )
    )
    changed: dict[str, TripRecord | None] = {}
    for href, record in records.items():
        if known.get(href) == event_digest(record) and href not in removed_at:
            report.unchanged += 1
        else:
            changed[href] = record
    gone = [href for href in known if href not in records]

    hrefs = list(changed)
    for start in range(0, len(hrefs), BATCH):
        batch = {href: changed[href] for href in hrefs[start : start + BATCH]}
        report.add(apply_events(source, collection, batch, []))
    for start in range(0, len(gone), BATCH):
        report.add(apply_events(source, collection, {}, gone[start : start + BATCH]))

    collection.etag = response.header("ETag")[:250]
    collection.last_modified = response.header("Last-Modified")[:100]
    collection.save(update_fields=["etag", "last_modified"])
    return report
