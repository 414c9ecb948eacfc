"""The background jobs (Django's Tasks API through the django-tasks backport)."""

from __future__ import annotations

from django_tasks import task


@task()
def sync_source(source_id: int) -> dict:
    """Sync one source; the result is what `source sync --json` prints for it."""
    from tafelrunde.sync.models import Source
    from tafelrunde.sync.run import AlreadySyncing, run_sync, worker_name

    source = Source.objects.filter(pk=source_id).first()
    if source is None:  # removed since the job was queued
        return {"id": source_id, "skipped": "removed"}
    try:
        return run_sync(source, worker_name()).as_json()
    except AlreadySyncing:
        return {"id": source_id, "skipped": "already syncing"}
