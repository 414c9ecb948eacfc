"""When each source syncs next, and the lock that keeps two workers off one source.

Both live on the source's row, so a restart loses nothing: a worker that starts finds the
due sources in the database. The lock is a lease (`locked_until`): a sync renews it after
every batch, and a crashed worker's lock simply runs out.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from tafelrunde.sync.models import Source

LEASE = dt.timedelta(minutes=10)
# A claimed source is due again this long after its job was queued, should the job be lost.
LOST_JOB_RETRY = dt.timedelta(minutes=30)
FIRST_BACKOFF = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)
# A failure that needs the user (a wrong password) is tried again only this rarely.
USER_FIXES_IT = dt.timedelta(hours=24)


def claim(source_id: int, worker_id: str, now: dt.datetime | None = None) -> bool:
    """Take the source's lock: one conditional update, so of two workers exactly one wins."""
    now = now or timezone.now()
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    taken = Source.objects.filter(free, pk=source_id).update(
        locked_by=worker_id[:64], locked_until=now + LEASE
    )
    return taken == 1


def renew(source_id: int, worker_id: str) -> None:
    """Keep the lock for another lease (called after every batch)."""
    Source.objects.filter(pk=source_id, locked_by=worker_id[:64]).update(
        locked_until=timezone.now() + LEASE
    )


def release(source_id: int, worker_id: str) -> None:
    Source.objects.filter(pk=source_id, locked_by=worker_id[:64]).update(
        locked_by="", locked_until=None
    )


def next_run_after_success(source: Source, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=source.interval_minutes)


def next_run_after_failure(failures: int, retry: bool, now: dt.datetime) -> dt.datetime:
    """5 min, 10, 20, … up to 6 h; a failure only the user can fix waits a day."""
    if not retry:
        return now + USER_FIXES_IT
    delay = FIRST_BACKOFF * (2 ** max(0, min(failures - 1, 10)))
    return now + min(delay, MAX_BACKOFF)


def queue_due(now: dt.datetime | None = None, limit: int = 100) -> list[int]:
    """Queue a sync job for each due source; returns their ids.

    Each source is taken by a conditional update of its next run, so two schedulers never
    queue one source twice; should the job be lost, the source is due again later.
    """
    from tafelrunde.sync.tasks import sync_source

    now = now or timezone.now()
    due = Source.objects.filter(next_run_at__lte=now).order_by("next_run_at")
    queued = []
    for source_id, next_run in due.values_list("id", "next_run_at")[:limit]:
        taken = Source.objects.filter(pk=source_id, next_run_at=next_run).update(
            next_run_at=now + LOST_JOB_RETRY
        )
        if taken:
            sync_source.enqueue(source_id)
            queued.append(source_id)
    return queued


def sync_soon(source: Source) -> None:
    """Ask for a sync at the worker's next look (the "Sync now" button)."""
    Source.objects.filter(pk=source.pk).update(next_run_at=timezone.now())
