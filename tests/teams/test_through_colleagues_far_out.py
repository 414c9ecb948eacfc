"""Through colleagues reads a crowded place's colleagues' people only as far as the best of
them can live, and still finds the best one farther out, and a person whose other record
(the same name at the same organisation) lives farther out with a better kind."""

import pytest

from tafelrunde.teams.colleagues import CHUNK, team_tonight
from tafelrunde.teams.people_near import FIRST_KM
from tafelrunde.teams.sharing import set_sharing
from tests.factories import PlaceFactory
from tests.teams.helpers import DAY, account, located, sales_team

pytestmark = pytest.mark.django_db
KM_PER_DEGREE_OF_LATITUDE = 111.2


def out_of_town(contact, km: float) -> None:
    """Move a contact `km` north of the centre, into no city."""
    contact.place = None
    contact.latitude += km / KM_PER_DEGREE_OF_LATITUDE
    contact.save()


def test_the_best_people_farther_out_than_a_crowded_centre_still_come_first():
    hans, anna = account("hans", "Hans Huber"), account("anna", "Anna Alt")
    bert = account("bert", "Bert Bauer")
    members = sales_team(hans, anna, bert)
    set_sharing(members[anna.pk], share_all=True)
    set_sharing(members[bert.pk], share_all=True)
    for index in range(2 * CHUNK + 10):  # more than enough in the centre, all "other"
        located(anna, given_name="Nachbar", family_name=f"Nummer{index}", kinds=["other"])
    customer = located(anna, given_name="Kundin", family_name="Weit", kinds=["customer"])
    out_of_town(customer, 20)
    seen_near = located(
        anna, given_name="Rita", family_name="Zwei", organisation="Werk", kinds=["other"]
    )
    partner = located(
        bert, given_name="Rita", family_name="Zwei", organisation="Werk", kinds=["partner"]
    )
    out_of_town(partner, 45)

    tonight = team_tonight(hans, PlaceFactory(city="Dresden"), DAY, introductions=2)

    assert FIRST_KM < 20
    first, second = tonight.through_colleagues
    assert (first.name, sorted(first.contact_ids)) == (
        "Rita Zwei",
        sorted([seen_near.pk, partner.pk]),
    )
    assert {entry.colleague for entry in first.known} == {"Anna Alt", "Bert Bauer"}
    assert second.name == "Kundin Weit"


def test_where_nobody_lives_close_the_people_farther_out_are_found_nearest_first():
    hans, anna = account("hans", "Hans Huber"), account("anna", "Anna Alt")
    members = sales_team(hans, anna)
    set_sharing(members[anna.pk], share_all=True)
    far_out = []
    for index, km in enumerate((30, 12, 44, 21)):
        contact = located(anna, given_name="Kunde", family_name=f"Weit{index}", kinds=["customer"])
        out_of_town(contact, km)
        far_out.append((km, contact.full_name))

    tonight = team_tonight(hans, PlaceFactory(city="Dresden"), DAY, introductions=3)

    assert [intro.name for intro in tonight.through_colleagues] == [
        name for _km, name in sorted(far_out)[:3]
    ]


def test_among_equals_in_one_spot_those_known_first_are_shown_first():
    hans, anna = account("hans", "Hans Huber"), account("anna", "Anna Alt")
    members = sales_team(hans, anna)
    set_sharing(members[anna.pk], share_all=True)
    alike = [
        located(anna, given_name="Gleich", family_name=f"Nummer{index}", kinds=["supplier"])
        for index in range(3 * CHUNK)
    ]  # the same place, kind and score: only the order they were added tells them apart

    tonight = team_tonight(hans, PlaceFactory(city="Dresden"), DAY, introductions=4)

    assert [intro.contact_ids for intro in tonight.through_colleagues] == [
        [contact.pk] for contact in alike[:4]
    ]


def test_when_the_viewer_knows_the_best_of_them_the_next_best_are_found():
    hans, anna = account("hans", "Hans Huber"), account("anna", "Anna Alt")
    members = sales_team(hans, anna)
    set_sharing(members[anna.pk], share_all=True)
    theirs = []
    for index in range(32):  # one every 600 m going north, the nearest first
        person = {
            "given_name": "Kunde",
            "family_name": f"Weg{index}",
            "organisation": f"Werk {index}",
        }
        contact = located(anna, kinds=["customer"], **person)
        out_of_town(contact, 0.6 * index)
        theirs.append(contact)
        if index < 26:  # Hans knows the 26 nearest himself: they are on his own list
            located(hans, kinds=["customer"], **person)

    tonight = team_tonight(hans, PlaceFactory(city="Dresden"), DAY, introductions=5)

    assert [intro.name for intro in tonight.through_colleagues] == [
        contact.full_name for contact in theirs[26:31]
    ]
