"""One sync of one source, start to end: the lock, the work by kind, and the record of how
it went (last sync, counts, last error in words, the next run)."""

from __future__ import annotations

import logging
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.utils import timezone

from tafelrunde.sync import carddav, schedule
from tafelrunde.sync.errors import SyncError, gettext_noop
from tafelrunde.sync.http import Http
from tafelrunde.sync.models import Collection, Item, Source
from tafelrunde.sync.report import SyncReport
from tafelrunde.sync.secret_box import SecretUnavailable

logger = logging.getLogger(__name__)

# Cards written per transaction (the write lock is never held longer), and fetched per request.
BATCH = 1000
FETCH = 250


class AlreadySyncing(Exception):
    """Another worker holds the source's lock."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@dataclass
class SourceResult:
    source: Source
    report: SyncReport = field(default_factory=SyncReport)
    error: SyncError | None = None

    def as_json(self) -> dict:
        return {
            "id": self.source.pk,
            "kind": self.source.kind,
            "name": self.source.name,
            **self.report.counts(),
            "errors": ([self.error.text] if self.error else []) + self.report.problems[:100],
        }


def run_sync(source: Source, worker_id: str) -> SourceResult:
    """Sync now under the source's lock; AlreadySyncing when another worker has it.

    A failure stops the sync cleanly: what earlier batches wrote stays (each batch is whole),
    and the next run comes after a backoff.
    """
    if not schedule.claim(source.pk, worker_id):
        raise AlreadySyncing(source.name)
    result = SourceResult(source)
    now = timezone.now()
    try:
        _sync(source, worker_id, result.report)
    except SyncError as error:
        result.error = error
    except SecretUnavailable:
        result.error = SyncError(
            gettext_noop(
                "the stored password cannot be opened (the key file of this installation is "
                "missing or another one); enter the password again"
            ),
            retry=False,
        )
    except Exception as exc:  # never a traceback for the user, never a secret in the log
        logger.error("Sync of source %s stopped: %s", source.pk, type(exc).__name__)
        result.error = SyncError(gettext_noop("an unexpected error stopped the sync"))
    finally:
        _record(source, result, now)
        schedule.release(source.pk, worker_id)
    return result


def _record(source: Source, result: SourceResult, started) -> None:
    now = timezone.now()
    values: dict = {"last_attempt_at": started}
    if result.error is None:
        values |= {
            "last_success_at": now,
            "last_counts": result.report.counts(),
            "last_error": "",
            "last_error_params": {},
            "failures": 0,
            "next_run_at": schedule.next_run_after_success(source, now),
        }
    else:
        failures = source.failures + 1
        values |= {
            "last_error": result.error.template,
            "last_error_params": result.error.params,
            "failures": failures,
            "next_run_at": schedule.next_run_after_failure(failures, result.error.retry, now),
        }
    Source.objects.filter(pk=source.pk).update(**values)
    for name, value in values.items():
        setattr(source, name, value)


def _sync(source: Source, worker_id: str, report: SyncReport) -> None:
    collections = list(source.collections.filter(chosen=True))
    if not collections:
        raise SyncError(gettext_noop("no address book or calendar is chosen"), retry=False)
    if source.kind == Source.Kind.CALDAV:
        from tafelrunde.sync import calendars

        with calendars.client(source.url(), source.username, source.password()) as dav_client:
            for collection in collections:
                _sync_calendar(source, collection, dav_client, worker_id, report)
                schedule.renew(source.pk, worker_id)
        return
    with Http(source.username, source.password()) as http:
        for collection in collections:
            if source.kind == Source.Kind.CARDDAV:
                _sync_address_book(source, collection, http, worker_id, report)
            else:
                from tafelrunde.sync.feeds import sync_feed

                report.add(sync_feed(source, collection, http))
            schedule.renew(source.pk, worker_id)


def _sync_calendar(
    source: Source, collection: Collection, dav_client, worker_id: str, report: SyncReport
) -> None:
    from tafelrunde.core.importers.ics import parse_ics
    from tafelrunde.core.records import UnreadableFile
    from tafelrunde.sync import calendars
    from tafelrunde.sync.trips import apply_events

    known = dict(Item.objects.filter(collection=collection).values_list("href", "etag"))
    changes = calendars.changes(dav_client, collection.href, collection.sync_token, known)
    report.unchanged += changes.unchanged
    etags = dict(changes.changed)
    missing = [href for href in etags if href not in changes.loaded]

    def batches():
        loaded = list(changes.loaded.items())
        for start in range(0, len(loaded), calendars.FETCH):
            yield dict(loaded[start : start + calendars.FETCH])
        yield from calendars.fetch_events(dav_client, collection.href, missing)

    for batch in batches():
        records = {}
        for href, data in batch.items():
            try:
                parsed = parse_ics(data)
            except UnreadableFile as exc:
                report.problems.append(f"{href.rstrip('/').rsplit('/', 1)[-1][:80]}: {exc}")
                continue
            report.problems.extend(error.text for error in parsed.errors)
            records[href] = parsed.trips[0] if parsed.trips else None
        report.add(apply_events(source, collection, records, [], etags=etags))
        schedule.renew(source.pk, worker_id)
    for start in range(0, len(changes.removed), calendars.FETCH):
        removed = changes.removed[start : start + calendars.FETCH]
        report.add(apply_events(source, collection, {}, removed))
    if changes.sync_token != collection.sync_token:
        collection.sync_token = changes.sync_token
        collection.save(update_fields=["sync_token"])


def _sync_address_book(
    source: Source, collection: Collection, http: Http, worker_id: str, report: SyncReport
) -> None:
    from tafelrunde.sync.contacts import apply_cards, mark_removed, read_card

    known = dict(Item.objects.filter(collection=collection).values_list("href", "etag"))
    changes = carddav.changes(http, collection.href, collection.sync_token, known)
    wanted = [href for href, etag in changes.changed if known.get(href) != etag or not etag]
    report.unchanged += len(changes.changed) - len(wanted)
    places: dict = {}  # located places, shared by the batches
    batches = [wanted[start : start + BATCH] for start in range(0, len(wanted), BATCH)]
    # While one batch is read and written, the server already answers for the next one (on
    # a thread of its own, which only talks to the server): at most two batches in memory.
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = None
        for number, batch in enumerate(batches):
            current = ahead or pool.submit(_fetch, http, collection.href, batch)
            if number + 1 < len(batches):
                ahead = pool.submit(_fetch, http, collection.href, batches[number + 1])
            cards = []
            for resource in current.result():
                record = read_card(resource.href, resource.data, report)
                if record is not None:
                    cards.append((resource.href, resource.etag, record))
            if cards:
                apply_cards(source, collection, cards, report, places)
            schedule.renew(source.pk, worker_id)
    mark_removed(collection, changes.removed, report)
    if changes.sync_token != collection.sync_token:
        collection.sync_token = changes.sync_token
        collection.save(update_fields=["sync_token"])


def _fetch(http: Http, book_url: str, hrefs: list[str]) -> list[carddav.Resource]:
    """The cards of one batch, FETCH per multiget request."""
    return [
        resource
        for resources in carddav.fetch_cards(http, book_url, hrefs, batch_size=FETCH)
        for resource in resources
    ]
