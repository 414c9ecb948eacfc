"""The people colleagues share with me (Settings → Teams in the API): one entry per person,
however many colleagues know them, counted, paged and searched by person."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tafelrunde.teams.shared_people import shared_people
from tafelrunde.teams.sharing import set_sharing, share_contacts
from tests.factories import MealFactory, MealParticipantFactory
from tests.teams.helpers import located

pytestmark = pytest.mark.django_db


def met(contact, *days: dt.date) -> None:
    for day in days:
        MealParticipantFactory(meal=MealFactory(owner=contact.owner, date=day), contact=contact)


def people(viewer, team_id, query="", **page):
    return shared_people(viewer, team_id, query, **page)


def colleagues(item) -> list[str]:
    return [entry["colleague"] for entry in item["known_by"]]


@pytest.fixture
def sharing(team):
    """Anna shares everything with her phone numbers, Bert everything without."""
    hans, anna, bert, memberships = team
    set_sharing(memberships[anna.pk], share_all=True, phones=True)
    set_sharing(memberships[bert.pk], share_all=True)
    return hans, anna, bert, memberships[hans.pk].team_id


def test_a_person_two_colleagues_share_is_one_entry_known_by_both(sharing):
    hans, anna, bert, team_id = sharing
    frank = {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"}
    hers = located(anna, known_since=dt.date(2015, 1, 1), phone="+4915100000001", **frank)
    his = located(bert, city="Munich", known_since=dt.date(2019, 6, 1), phone="+4915100000002",
                  **frank)  # fmt: skip
    met(hers, dt.date(2024, 5, 17))
    met(his, dt.date(2023, 1, 10), dt.date(2024, 2, 1))

    page = people(hans, team_id)

    assert page.count == 1
    [item] = page.items
    assert (item["contact_id"], item["name"], item["organisation"]) == (
        hers.pk, "Frank Lindner", "Lindner GmbH",
    )  # fmt: skip
    assert item["place"]["name"] == "Dresden"  # the first record's
    # Bert met him twice: he is the one to ask first, as on Tonight.
    assert item["known_by"] == [
        {"colleague": "Bert Brenner", "since": "2019-06-01", "last_seen": "2024-02-01",
         "times_met": 2},
        {"colleague": "Anna Schmidt", "since": "2015-01-01", "last_seen": "2024-05-17",
         "times_met": 1},
    ]  # fmt: skip
    assert item["phones"] == ["+4915100000001"], "Bert does not share his numbers"


def test_the_entry_keeps_its_id_and_name_whoever_knows_them_best(sharing):
    hans, anna, bert, team_id = sharing
    frank = {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"}
    his = located(bert, **frank)
    hers = located(anna, **frank)
    [before] = people(hans, team_id).items
    met(hers, dt.date(2024, 5, 17))
    [after] = people(hans, team_id).items
    assert before["contact_id"] == after["contact_id"] == his.pk
    assert colleagues(before) == ["Bert Brenner", "Anna Schmidt"]  # alike: by their records
    assert colleagues(after) == ["Anna Schmidt", "Bert Brenner"]


def test_the_same_name_at_different_organisations_is_two_people(sharing):
    hans, anna, bert, team_id = sharing
    located(anna, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    located(bert, given_name="Frank", family_name="Lindner", organisation="Elbe AG")
    page = people(hans, team_id)
    assert page.count == 2
    assert [(i["organisation"], colleagues(i)) for i in page.items] in (
        [("Lindner GmbH", ["Anna Schmidt"]), ("Elbe AG", ["Bert Brenner"])],
        [("Elbe AG", ["Bert Brenner"]), ("Lindner GmbH", ["Anna Schmidt"])],
    )


def test_a_person_without_an_organisation_stays_one_entry_per_contact(sharing):
    hans, anna, bert, team_id = sharing
    hers = located(anna, given_name="Frank", family_name="Lindner", organisation="")
    his = located(bert, given_name="Frank", family_name="Lindner", organisation="")
    page = people(hans, team_id)
    assert page.count == 2
    assert [(i["contact_id"], colleagues(i)) for i in page.items] == [
        (hers.pk, ["Anna Schmidt"]), (his.pk, ["Bert Brenner"]),
    ]  # fmt: skip


def test_pages_count_people_and_never_split_or_repeat_one(sharing):
    hans, anna, bert, team_id = sharing
    for index in range(7):
        name = {"given_name": "Kunde", "family_name": f"Nummer{index}"}
        located(anna, organisation=f"Firma {index}", **name)
        if index % 2 == 0:  # Bert knows every other one too, some twice over
            located(bert, organisation=f"Firma {index}", **name)
        if index == 4:
            located(bert, organisation=f"Firma {index}", **name)
    located(anna, given_name="Kunde", family_name="Nummer3", organisation="")
    everyone = people(hans, team_id, limit=100)
    assert everyone.count == len(everyone.items) == 8
    assert [len(i["known_by"]) for i in everyone.items] == [2, 1, 2, 1, 1, 3, 1, 2]
    for size in (1, 2, 3, 5):
        pages = [people(hans, team_id, limit=size, offset=start) for start in range(0, 9, size)]
        assert {page.count for page in pages} == {8}
        assert [item for page in pages for item in page.items] == everyone.items, size
    past_the_end = people(hans, team_id, limit=5, offset=20)
    assert (past_the_end.count, past_the_end.items) == (8, [])


def test_a_search_finds_the_person_by_any_colleagues_record_and_shows_all_of_them(sharing):
    hans, anna, bert, team_id = sharing
    frank = {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"}
    located(anna, **frank)
    located(bert, city="Munich", **frank)
    located(anna, given_name="Dora", family_name="Fremd", organisation="Elbe AG", city="Munich")
    located(anna, given_name="Emil", family_name="Elster", organisation="Elbe AG")

    in_munich = people(hans, team_id, "munich")
    assert in_munich.count == 2
    assert [(i["name"], len(i["known_by"])) for i in in_munich.items] == [
        ("Dora Fremd", 1), ("Frank Lindner", 2),
    ]  # fmt: skip
    assert people(hans, team_id, "lindner dresden").count == 1
    assert people(hans, team_id, "elbe").count == 2
    assert people(hans, team_id, "elbe", limit=1, offset=1).items[0]["name"] == "Emil Elster"
    past_the_end = people(hans, team_id, "elbe", offset=5)
    assert (past_the_end.count, past_the_end.items) == (2, [])
    assert people(hans, team_id, "nobody").count == 0
    assert people(hans, team_id, "x" * 300).count == 0


def test_a_colleague_who_stops_sharing_drops_out_of_known_by_at_once(team):
    hans, anna, bert, memberships = team
    set_sharing(memberships[anna.pk], share_all=True)
    frank = {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"}
    located(anna, **frank)
    his = located(bert, **frank)
    share_contacts(memberships[bert.pk], [his])
    team_id = memberships[hans.pk].team_id
    [item] = people(hans, team_id).items
    assert sorted(colleagues(item)) == ["Anna Schmidt", "Bert Brenner"]

    share_contacts(memberships[bert.pk], [his], undo=True)
    [item] = people(hans, team_id).items
    assert colleagues(item) == ["Anna Schmidt"]
    set_sharing(memberships[anna.pk], share_all=False)
    assert people(hans, team_id).count == 0


def test_the_list_asks_as_many_queries_for_a_long_page_as_for_a_short_one(sharing):
    hans, anna, bert, team_id = sharing
    for index in range(12):
        name = {"given_name": "Kunde", "family_name": f"Nummer{index}"}
        hers = located(anna, organisation=f"Firma {index}", phone=f"+49351100{index:04d}", **name)
        located(bert, organisation=f"Firma {index}", phone=f"+49351200{index:04d}", **name)
        located(bert, organisation="", **name)
        met(hers, dt.date(2024, 5, 17))

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            page = people(hans, team_id, "kunde", limit=limit)
        assert len(page.items) == limit and page.count == 24
        return len(captured.captured_queries)

    assert queries(2) == queries(20)
