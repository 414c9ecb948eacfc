"""Through colleagues asks the database no more questions however many people the colleagues
know near the place (benchmarks/teams.py measures the time). Fewer people may take a
question or two more: where few live near the place, it looks farther out in a few steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tafelrunde.teams.colleagues import team_tonight
from tafelrunde.teams.sharing import set_sharing
from tests.factories import PlaceFactory
from tests.teams.helpers import DAY, account, located, sales_team

pytestmark = pytest.mark.django_db


def know(anna, bert, people: range) -> None:
    """Anna and Bert both know these people in Dresden, Anna by phone, Bert by e-mail."""
    for index in people:
        name = {"given_name": "Kunde", "family_name": f"Nummer{index}"}
        located(anna, organisation=f"Firma {index}", phone=f"+49351100{index:04d}", **name)
        located(bert, organisation=f"Werk {index}", email=f"kunde{index}@werk.example", **name)


def tonight_with_queries(viewer):
    with CaptureQueriesContext(connection) as queries:
        tonight = team_tonight(viewer, PlaceFactory(city="Dresden"), DAY)
    return tonight, len(queries.captured_queries)


def test_through_colleagues_asks_no_more_queries_for_thirty_people_than_for_three():
    hans, anna = account("hans", "Hans Huber"), account("anna", "Anna Alt")
    bert = account("bert", "Bert Bauer", language="en")
    members = sales_team(hans, anna, bert)
    set_sharing(members[anna.pk], share_all=True, phones=True)
    set_sharing(members[bert.pk], share_all=True)
    know(anna, bert, range(3))
    few, few_queries = tonight_with_queries(hans)
    know(anna, bert, range(3, 30))
    many, many_queries = tonight_with_queries(hans)

    assert len(few.through_colleagues) == 5  # of six records: Anna's three and Bert's three
    assert len(many.through_colleagues) == 5
    assert many_queries <= few_queries
    for intro in many.through_colleagues:
        colleague = intro.introducer
        assert [entry.colleague for entry in intro.known] == [colleague.name]
        assert f"{colleague.first_name}," in intro.message and "Kunde Nummer" in intro.message
        assert intro.reasons[0] == "same city"
        assert intro.reasons[1].startswith(colleague.first_name)
        assert bool(intro.phones) == (colleague.name == "Anna Alt")  # only Anna shares numbers
