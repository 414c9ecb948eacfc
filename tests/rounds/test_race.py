"""Five guests press "yes" in the same instant, in five threads: exactly one wins.

On PostgreSQL the threads' transactions truly overlap (the round's row lock makes the later
updates wait and then find it full). SQLite's in-memory test database cannot hold two
writers at once, so there the same race runs through a real server on a database file
(tests/e2e/test_invite_round.py), as it does on PostgreSQL too.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal
from tafelrunde.rounds.answers import answer
from tafelrunde.rounds.links import invitee_for
from tafelrunde.rounds.models import Round
from tafelrunde.rounds.sending import start_round
from tests.rounds.helpers import TODAY, dresden_evening, located, token_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database has one writer; the race over a real server "
    "covers SQLite (tests/e2e/test_invite_round.py)",
)
def test_five_yeses_at_once_one_table(owner):
    import time_machine

    from tests.rounds.helpers import EARLY_EVENING

    with time_machine.travel(EARLY_EVENING, tick=True):
        guests = [
            *dresden_evening(owner),
            located(owner, given_name="Paul", family_name="Weber"),
            located(owner, given_name="Eva", family_name="Klein"),
        ]
        _round, sent = start_round(owner, guests, day=TODAY)
        tokens = [token_in(row.url) for row in sent]
        start = threading.Barrier(len(tokens))
        results: dict[str, str] = {}
        failures: list[BaseException] = []

        def guest(token: str) -> None:
            try:
                invitee = invitee_for(token)
                assert invitee is not None
                start.wait()
                results[token] = answer(invitee, "yes")
            except BaseException as exc:  # reported below
                failures.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=guest, args=(token,)) for token in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert sorted(results.values()) == ["accepted", "full", "full", "full", "full"]
    assert Round.objects.get().status == "full"
    assert Attempt.objects.filter(outcome="accepted").count() == 1
    assert Meal.objects.count() == 1
    assert Meal.objects.get().participants.count() == 1
