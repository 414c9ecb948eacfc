"""Recognising people looks them up by index, however large the network."""

import pytest
from django.db import connection

from tafelrunde.network.matching import Keys, Matcher
from tafelrunde.network.namesakes import group_namesakes
from tests.factories import ContactFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans"),
]


def plans_of_name_lookups(action) -> list[str]:
    """SQLite's plan for every query `action` sends that looks contacts up by name."""
    sent = []

    def record(execute, sql, params, many, context):
        if "network_contact" in sql and '"name_key" IN' in sql and sql.startswith("SELECT"):
            sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        action()
    plans = []
    with connection.cursor() as cursor:
        for sql, params in sent:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


def test_namesakes_are_found_through_the_name_index_not_by_walking_every_contact(owner):
    ContactFactory(owner=owner, given_name="Thomas", family_name="Müller")
    ContactFactory(owner=owner, given_name="Thomas", family_name="Müller")

    names = ["thomas muller", *(f"person {i} of a big file" for i in range(499))]

    plans = plans_of_name_lookups(
        lambda: (
            Matcher(owner).load([Keys(name=name) for name in names]),
            group_namesakes(owner, names),
        )
    )

    assert len(plans) == 2
    for plan in plans:
        assert "contact_owner_name_key" in plan, plan
