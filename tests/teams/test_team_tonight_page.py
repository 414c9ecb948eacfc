"""What Tonight shows of the team: people through colleagues, a colleague's note on my own
list, colleagues here, and nothing of a colleague's contact beyond what is shared."""

import datetime as dt
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tafelrunde.teams.sharing import set_sharing, share_contacts
from tests.factories import MealFactory, MealParticipantFactory, NoteFactory, TripFactory
from tests.teams.helpers import DAY, located
from tests.teams.pages import client_of, team_url, text, tonight

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_evening_14_march_2025")]


# Tonight -------------------------------------------------------------------------------


@pytest.fixture
def on_trip(team):
    """Hans is in Dresden tonight; Anna shares everything, Bert his customers."""
    hans, anna, bert, memberships = team
    TripFactory(owner=hans, place=located(hans).place, start=DAY, end=DAY)
    set_sharing(memberships[anna.pk], share_all=True)
    set_sharing(memberships[bert.pk], kinds=["customer"])
    return team


def met(owner, contact, day, status="held", amount="123.45"):
    meal = MealFactory(owner=owner, date=day, status=status, amount=amount)
    MealParticipantFactory(meal=meal, contact=contact)
    return meal


def test_tonight_shows_people_through_colleagues_with_a_ready_request(on_trip):
    hans, anna, _bert, _memberships = on_trip
    frank = located(
        anna,
        given_name="Frank",
        family_name="Lindner",
        organisation="Lindner GmbH",
        known_since=dt.date(2011, 5, 1),
    )
    met(anna, frank, dt.date(2024, 5, 17))
    response = client_of(hans).get(reverse("tonight"))
    page = text(response)
    section = page[page.index("Through colleagues") :]
    assert "Frank Lindner" in section and "Lindner GmbH" in section and "Dresden" in section
    assert "Anna knows them since 2011, last seen in May 2024" in section
    assert "Ask Anna to introduce you" in section
    [row] = response.context["introductions"]
    assert row.mailto.startswith("mailto:anna@firma.example?subject=")
    body = unquote(row.mailto.split("&body=")[1])
    assert body == row.introduction.message and "Frank Lindner (Lindner GmbH)" in body
    assert row.introduction.message in section  # to copy by hand too


def test_tonight_shows_a_colleagues_note_on_my_own_list(on_trip):
    hans, _anna, bert, _memberships = on_trip
    located(hans, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    theirs = located(bert, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    met(bert, theirs, DAY - dt.timedelta(days=5))
    page = tonight(client_of(hans))
    assert '<p class="colleague-note">Bert dined with Frank on 9 Mar</p>' in page
    assert page.count("Bert dined with Frank on 9 Mar") == 1  # not again among the reasons
    assert "Through colleagues" not in page  # Hans knows Frank: one person, on his own list
    assert "Nobody your colleagues share lives near Dresden." in page


def test_tonight_shows_colleagues_here_when_they_share_trips(on_trip):
    hans, anna, _bert, memberships = on_trip
    trip = TripFactory(
        owner=anna,
        place=located(anna, city="Radebeul").place,
        start=DAY,
        end=DAY + dt.timedelta(days=2),
    )
    assert "Colleagues here tonight" not in tonight(client_of(hans))
    set_sharing(memberships[anna.pk], trips=True)
    page = tonight(client_of(hans))
    assert "Colleagues here tonight" in page
    assert "Anna is in Radebeul from March 14, 2025 to March 16, 2025" in page
    assert "dine together, or split the list" in page
    assert trip.place.name == "Radebeul"


def test_tonight_asks_no_more_queries_however_large_the_colleagues_networks(on_trip):
    """Past the first people matched at once, more colleagues' contacts nearby cost nothing:
    the introductions are found among the best, and only for the few shown."""
    hans, anna, _bert, _memberships = on_trip
    browser = client_of(hans)
    for _ in range(60):
        located(anna)
    with CaptureQueriesContext(connection) as small:
        assert len(browser.get(reverse("tonight")).context["introductions"]) == 5
    for _ in range(60):
        located(anna)
    with CaptureQueriesContext(connection) as large:
        assert len(browser.get(reverse("tonight")).context["introductions"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries)


def test_without_a_team_tonight_stays_as_it_was(people):
    hans = people[0]
    TripFactory(owner=hans, place=located(hans).place, start=DAY, end=DAY)
    response = client_of(hans).get(reverse("tonight"))
    assert response.status_code == 200 and len(response.context["rows"]) == 1
    page = text(response)
    assert "Through colleagues" not in page and "Colleagues here" not in page
    assert "Nobody your colleagues share" not in page


def test_a_shared_contacts_private_fields_never_reach_a_colleague(on_trip):
    hans, anna, bert, memberships = on_trip
    secret = located(
        anna,
        given_name="Greta",
        family_name="Geheim",
        organisation="Geheim AG",
        phone="+4917612345678",
        email="greta.privat@geheim.example",
        notes="Private note: divorce pending",
        birthday=dt.date(1970, 8, 9),
        known_since=dt.date(2009, 1, 1),
    )
    NoteFactory(contact=secret, text="A note on the timeline: loves Riesling")
    met(anna, secret, dt.date(2024, 5, 17), amount="987.65")
    share_contacts(memberships[anna.pk], [secret])
    pages = [
        tonight(client_of(hans)),
        text(client_of(hans).get(team_url(memberships, hans))),
        text(client_of(hans).get(reverse("team-list"))),
        text(client_of(bert).get(team_url(memberships, hans))),
    ]
    assert "Greta Geheim" in pages[0] and "Geheim AG" in pages[0]  # what is shared shows
    for page in pages:
        for private in (
            "divorce",
            "Riesling",
            "987",
            "+4917612345678",
            "176 12345678",
            "greta.privat",
            "1970",
            "9 August",
        ):
            assert private not in page, private
    # Phone numbers show once Anna shares them.
    set_sharing(memberships[anna.pk], phones=True)
    assert "12345678" in tonight(client_of(hans)).replace(" ", "")
