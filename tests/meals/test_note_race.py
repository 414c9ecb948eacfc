"""A queued note sent by two tabs in the same instant, in four threads: recorded once.

On PostgreSQL the threads' inserts truly overlap: the unique (owner, client_id) makes the
later ones wait for the first and fail, and each then answers the first one's note.
SQLite's in-memory test database cannot hold two writers at once.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from tafelrunde.meals.models import Note
from tafelrunde.meals.notes import record_note_once
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_note_sent_again_is_the_note_recorded_first(owner):
    contact = ContactFactory(owner=owner)
    client_id = uuid.uuid4()
    note, created = record_note_once(contact, "note", " Moved. ", client_id=client_id)
    assert (note.text, created) == ("Moved.", True)
    again, created = record_note_once(contact, "fact", "Other text", client_id=client_id)
    assert (again.pk, again.text, created) == (note.pk, "Moved.", False)
    assert Note.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database has one writer",
)
def test_one_note_sent_four_times_at_once_is_one_note(owner):
    contact = ContactFactory(owner=owner)
    client_id = uuid.uuid4()
    start = threading.Barrier(4)
    results: list[tuple[int, bool]] = []
    failures: list[BaseException] = []

    def tab() -> None:
        try:
            start.wait()
            note, created = record_note_once(contact, "note", "Moved.", client_id=client_id)
            results.append((note.pk, created))
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
    assert Note.objects.count() == 1
    assert {pk for pk, _created in results} == {Note.objects.get().pk}
    assert sorted(created for _pk, created in results) == [False, False, False, True]
