"""The worker: queues the syncs that are due (from the schedule in the database), does the
chores it is given (the reminders' outbox), and runs the queued jobs with django-tasks-db's
worker, until stopped."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from django.db import close_old_connections

logger = logging.getLogger(__name__)


def run_jobs(worker_id: str) -> None:
    """Run every job that is ready now, then return."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def run_worker(
    interval: float = 5.0,
    batch: bool = False,
    stdout: TextIO | None = None,
    chores: Sequence[Callable[[str], None]] = (),
) -> None:
    """Until stopped (or once, with `batch`): queue the due syncs, do each chore with this
    worker's id, run the queued jobs. A chore that fails is logged; the worker goes on."""
    from tafelrunde.sync.run import worker_name
    from tafelrunde.sync.schedule import queue_due

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    worker_id = worker_name()
    if stdout is not None and not batch:
        stdout.write(f"Worker {worker_id} runs background jobs; stop it with Ctrl+C.")
        stdout.flush()
    try:
        while not stopping:
            close_old_connections()
            queue_due()
            for chore in chores:
                try:
                    chore(worker_id)
                except Exception:  # one chore's failure must not stop the syncs
                    logger.exception("A worker chore failed")
            run_jobs(worker_id)
            if batch:
                break
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, interval))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        close_old_connections()
