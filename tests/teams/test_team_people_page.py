"""Settings → Teams → the people colleagues share: one entry per person with every colleague
who knows them, searched and paged by person; only what the team may see."""

import datetime as dt

import pytest

from tafelrunde.teams.sharing import set_sharing, share_contacts
from tafelrunde.web.views.team_people import PEOPLE_PER_PAGE
from tests.factories import MealFactory, MealParticipantFactory
from tests.teams.helpers import account, located
from tests.teams.pages import client_of, team_url, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_evening_14_march_2025")]

FRANK = {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"}


def people_page(client, memberships, viewer, **query) -> str:
    response = client.get(team_url(memberships, viewer, "team-people"), query)
    assert response.status_code == 200
    return text(response)


def test_the_team_page_links_to_the_people_colleagues_share(team):
    hans, _anna, _bert, memberships = team
    page = text(client_of(hans).get(team_url(memberships, hans)))
    assert team_url(memberships, hans, "team-people") in page


def test_a_person_two_colleagues_know_is_one_entry_with_both(team):
    hans, anna, bert, memberships = team
    set_sharing(memberships[anna.pk], share_all=True, phones=True)
    set_sharing(memberships[bert.pk], share_all=True)
    hers = located(anna, known_since=dt.date(2015, 1, 1), phone="+4915100000001", **FRANK)
    his = located(bert, known_since=dt.date(2019, 6, 1), phone="+4915100000002", **FRANK)
    for contact, day in ((hers, dt.date(2024, 5, 17)), (his, dt.date(2025, 2, 1))):
        meal = MealFactory(owner=contact.owner, date=day)
        MealParticipantFactory(meal=meal, contact=contact)
    located(anna, given_name="Paula", family_name="Privat", organisation="", notes="geheim")

    page = people_page(client_of(hans), memberships, hans)

    assert page.count("Frank Lindner") == 1 and "Lindner GmbH" in page and "Dresden" in page
    assert "2 people" in page and "Paula Privat" in page and "geheim" not in page
    bert_knows = page.index("Bert knows them since 2019, last seen in February 2025")
    assert bert_knows < page.index("Anna knows them since 2015, last seen in May 2024")
    assert "Phone: " in page and "0000001" in page  # written as at home
    assert "00000002" not in page, "Bert does not share his numbers"


def test_a_colleague_who_stops_sharing_is_gone_from_the_entry_at_once(team):
    hans, anna, bert, memberships = team
    set_sharing(memberships[anna.pk], share_all=True)
    located(anna, **FRANK)
    his = located(bert, **FRANK)
    share_contacts(memberships[bert.pk], [his])
    browser = client_of(hans)
    assert "Bert knows them" in people_page(browser, memberships, hans)
    share_contacts(memberships[bert.pk], [his], undo=True)
    page = people_page(browser, memberships, hans)
    assert "Anna knows them" in page and "Bert knows them" not in page


def test_the_list_is_searched_and_paged_by_person(team):
    hans, anna, bert, memberships = team
    set_sharing(memberships[anna.pk], share_all=True)
    set_sharing(memberships[bert.pk], share_all=True)
    for index in range(PEOPLE_PER_PAGE + 1):
        name = {"given_name": "Kunde", "family_name": f"Nummer{index:02d}"}
        located(anna, organisation=f"Firma {index}", **name)
        located(bert, organisation=f"Firma {index}", **name)
    located(bert, city="Munich", **FRANK)
    browser = client_of(hans)

    first = people_page(browser, memberships, hans, q="kunde")
    assert f"{PEOPLE_PER_PAGE + 1} people" in first and "Page 1 of 2" in first
    assert first.count("Kunde Nummer") == PEOPLE_PER_PAGE and "Frank" not in first
    second = people_page(browser, memberships, hans, q="kunde", page="2")
    assert second.count("Kunde Nummer") == 1 and f"Kunde Nummer{PEOPLE_PER_PAGE}" in second
    assert "Bert knows them" in second and "Anna knows them" in second
    past_the_end = people_page(browser, memberships, hans, q="kunde", page="9")
    assert "Page 2 of 2" in past_the_end and f"Kunde Nummer{PEOPLE_PER_PAGE}" in past_the_end
    assert "Page 1 of 2" in people_page(browser, memberships, hans, q="kunde", page="x")
    huge = people_page(browser, memberships, hans, q="kunde", page="9" * 30)
    assert "Page 2 of 2" in huge
    assert "Frank Lindner" in people_page(browser, memberships, hans, q="munich")
    assert "Nobody matches “nobody”." in people_page(browser, memberships, hans, q="nobody")


def test_nothing_shared_says_so_and_an_outsider_gets_404(team):
    hans, _anna, _bert, memberships = team
    assert "share nobody with you yet" in people_page(client_of(hans), memberships, hans)
    olga = client_of(account("olga", "Olga Außen"))
    assert olga.get(team_url(memberships, hans, "team-people")).status_code == 404
