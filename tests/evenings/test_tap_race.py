"""A queued tap sent by two tabs in the same instant, in four threads: recorded once.

On PostgreSQL the threads' inserts truly overlap: the unique (owner, client_id) makes the
later ones wait for the first and fail, and each then answers the first one's attempt.
SQLite's in-memory test database cannot hold two writers at once.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from tafelrunde.evenings.models import Attempt
from tafelrunde.tonight.call_list import record_attempt_once
from tests.factories import EveningFactory
from tests.rounds.helpers import TODAY, located

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database has one writer",
)
def test_one_tap_sent_four_times_at_once_is_one_attempt(owner):
    evening = EveningFactory(owner=owner, date=TODAY)
    evening.shown = [{"contact_id": 0, "score": 0, "reasons": []}]  # begun: no list to make
    evening.save()
    contact = located(owner)
    client_id = uuid.uuid4()
    start = threading.Barrier(4)
    results: list[tuple[int, bool]] = []
    failures: list[BaseException] = []

    def tab() -> None:
        try:
            start.wait()
            attempt, created = record_attempt_once(
                owner, contact, "no-answer", client_id=client_id, day=TODAY, place=evening.place
            )
            results.append((attempt.pk, created))
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tab) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Attempt.objects.count() == 1
    assert {pk for pk, _created in results} == {Attempt.objects.get().pk}
    assert sorted(created for _pk, created in results) == [False, False, False, True]
