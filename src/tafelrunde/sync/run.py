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
    collections = list(source.collections.all())
    if not collections:
        raise SyncError(gettext_noop("no address book or calendar is chosen"), retry=False)
    with Http(source.username, source.password()) as http:
        for collection in collections:
            if source.kind == Source.Kind.CARDDAV:
                _sync_address_book(source, collection, http, worker_id, report)
            elif source.kind == Source.Kind.ICS:
                from tafelrunde.sync.feeds import sync_feed

                report.add(sync_feed(source, collection, http))
            else:
                raise SyncError(
                    gettext_noop(
                        "CalDAV calendars cannot be synced yet; add the calendar's .ics "
                        "address as a feed instead"
                    ),
                    retry=False,
                )
            schedule.renew(source.pk, worker_id)


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
