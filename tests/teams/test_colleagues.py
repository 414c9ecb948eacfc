"""Tonight with a team: through colleagues, no double invitations, colleagues in the same place."""

import datetime as dt

import pytest

from tafelrunde.evenings.models import Attempt
from tafelrunde.teams.colleagues import team_tonight
from tafelrunde.teams.models import SharedContact
from tafelrunde.teams.sharing import set_sharing, share_contacts
from tests.factories import (
    AttemptFactory,
    EveningFactory,
    MealFactory,
    MealParticipantFactory,
    PlaceFactory,
    TripFactory,
)
from tests.teams.helpers import DAY, account, located, sales_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    hans = account("hans", "Hans Gastgeber")
    anna = account("anna", "Anna Schmidt")
    bert = account("bert", "Bert Brenner", language="en")
    memberships = sales_team(hans, anna, bert)
    set_sharing(memberships[anna.pk], share_all=True)
    set_sharing(memberships[bert.pk], kinds=["customer"])
    return hans, anna, bert, memberships


def tonight(viewer, city="Dresden", **options):
    return team_tonight(viewer, PlaceFactory(city=city), DAY, **options)


def met(owner, contact, day, status="held"):
    meal = MealFactory(owner=owner, date=day, status=status, amount="123.45")
    MealParticipantFactory(meal=meal, contact=contact)
    return meal


def lindner(owner, **fields):
    return located(owner, given_name="Frank", family_name="Lindner",
                   organisation="Lindner GmbH", **fields)  # fmt: skip


def test_people_colleagues_know_and_i_do_not(team):
    hans, anna, _bert, _memberships = team
    frank = lindner(anna, known_since=dt.date(2011, 5, 1))
    met(anna, frank, dt.date(2024, 5, 17))
    result = tonight(hans)
    [intro] = result.through_colleagues
    assert (intro.name, intro.organisation, intro.introducer.name) == (
        "Frank Lindner", "Lindner GmbH", "Anna Schmidt",
    )  # fmt: skip
    assert "Anna knows them since 2011, last seen in May 2024" in intro.reasons
    [known] = intro.known
    assert (known.since, known.last_seen, known.times_met) == (
        dt.date(2011, 5, 1), dt.date(2024, 5, 17), 1,
    )  # fmt: skip
    assert "Anna" in intro.message and "Frank Lindner (Lindner GmbH)" in intro.message
    assert "Hans Gastgeber" in intro.message


def test_a_person_two_colleagues_know_is_one_person(team):
    hans, anna, bert, _memberships = team
    lindner(anna)
    lindner(bert, kinds=["customer"])
    # Another name, but the same mobile number: the same person for Bert too.
    located(anna, given_name="Eva", family_name="Eule", phone="+4915100000001")
    located(bert, given_name="E.", family_name="Eule", organisation="", phone="+4915100000001",
            kinds=["customer"])  # fmt: skip
    people = tonight(hans).through_colleagues
    assert len(people) == 2
    for person in people:
        assert sorted(k.colleague for k in person.known) == ["Anna Schmidt", "Bert Brenner"]


@pytest.mark.parametrize(
    "mine",
    [
        {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"},
        {
            "given_name": "F.",
            "family_name": "L.",
            "organisation": "",
            "email": "fl@lindner.example",
        },
        {"given_name": "Frankie", "family_name": "L", "organisation": "", "phone": "+4935100000"},
    ],
    ids=["same name at the same organisation", "same e-mail", "same phone"],
)
def test_someone_i_know_is_not_a_colleagues(team, mine):
    hans, anna, _bert, _memberships = team
    lindner(anna, email="fl@lindner.example", phone="+4935100000")
    located(hans, city="Berlin", **mine)  # mine, even where the list does not look
    assert tonight(hans).through_colleagues == []


def test_only_what_is_shared_and_only_nearby(team):
    hans, _anna, bert, memberships = team
    located(bert, kinds=["friend"], given_name="Private", family_name="Friend")
    located(bert, city="Berlin", kinds=["customer"], given_name="Far", family_name="Away")
    do_not = located(bert, kinds=["customer"], given_name="Do", family_name="Not")
    do_not.do_not_invite = True
    do_not.save()
    assert tonight(hans).through_colleagues == []
    friend = located(bert, kinds=["friend"], given_name="Chosen", family_name="Friend")
    share_contacts(memberships[bert.pk], [friend])
    assert [p.name for p in tonight(hans).through_colleagues] == ["Chosen Friend"]


def test_a_contact_shared_by_hand_counts_only_from_its_owner_in_a_team_of_mine(team):
    hans, anna, bert, memberships = team
    friend = located(bert, kinds=["friend"], given_name="Chosen", family_name="Friend")
    SharedContact.objects.create(membership=memberships[anna.pk], contact=friend)  # not hers
    elsewhere = sales_team(bert, account("olga", "Olga Ohneteam"), name="Einkauf")
    share_contacts(elsewhere[bert.pk], [friend])  # in a team Hans is not in
    assert tonight(hans).through_colleagues == []
    share_contacts(memberships[bert.pk], [friend])
    assert [p.name for p in tonight(hans).through_colleagues] == ["Chosen Friend"]


def test_no_team_no_colleagues():
    loner = account("olga", "Olga Ohneteam")
    located(loner)
    result = tonight(loner)
    assert (result.in_a_team, result.through_colleagues, result.colleagues_here) == (
        False, [], [],
    )  # fmt: skip
    assert len(result.own.candidates) == 1


def test_a_colleagues_recent_dinner_ranks_my_contact_lower(team):
    hans, _anna, bert, _memberships = team
    mine = located(hans, given_name="Frank", family_name="Lindner",
                   organisation="Lindner GmbH", kinds=["customer"], importance=5)  # fmt: skip
    other = located(hans, kinds=["customer"], importance=3)
    assert [c.contact for c in tonight(hans).own.candidates] == [mine, other]
    met(bert, lindner(bert, kinds=["customer"]), DAY - dt.timedelta(days=5))
    first, second = tonight(hans).own.candidates
    assert (first.contact, second.contact) == (other, mine)
    assert second.colleague_note == "Bert dined with Frank on 9 Mar"
    assert second.colleague_note in second.reasons
    assert "colleague_note" not in first.as_json("") and second.as_json("")["colleague_note"]


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("planned", "Bert plans dinner with Frank on 18 Mar"),
        ("invited", "Bert invited Frank on 12 Mar"),
    ],
)
def test_planned_dinners_and_invitations_count_too(team, what, expected):
    hans, _anna, bert, _memberships = team
    located(hans, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    theirs = lindner(bert, kinds=["customer"])
    if what == "planned":
        met(bert, theirs, DAY + dt.timedelta(days=4), status="planned")
    else:
        evening = EveningFactory(owner=bert, date=DAY - dt.timedelta(days=2))
        AttemptFactory(evening=evening, contact=theirs, outcome=Attempt.Outcome.NO_ANSWER)
    [candidate] = tonight(hans).own.candidates
    assert candidate.colleague_note == expected


def test_no_note_outside_the_rest_period_or_for_what_is_not_shared(team):
    hans, _anna, bert, _memberships = team
    located(hans, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    met(bert, lindner(bert, kinds=["customer"]), DAY - dt.timedelta(days=40))
    located(hans, given_name="Eva", family_name="Eule", organisation="Eule AG")
    private = located(bert, given_name="Eva", family_name="Eule", organisation="Eule AG",
                      kinds=["friend"])  # fmt: skip
    met(bert, private, DAY - dt.timedelta(days=1))
    assert [c.colleague_note for c in tonight(hans).own.candidates] == ["", ""]


def test_colleagues_in_the_same_place_when_they_share_trips(team):
    hans, anna, bert, memberships = team
    TripFactory(
        owner=anna, place=PlaceFactory(city="Radebeul"), start=DAY, end=DAY + dt.timedelta(days=2)
    )
    TripFactory(owner=bert, place=PlaceFactory(city="Dresden"), start=DAY, end=DAY)
    assert tonight(hans).colleagues_here == []  # nobody shares trips yet
    set_sharing(memberships[anna.pk], trips=True)
    [here] = tonight(hans).colleagues_here
    assert (here.name, here.place.name, here.start) == ("Anna Schmidt", "Radebeul", DAY)
    assert tonight(hans, city="Berlin").colleagues_here == []


def test_an_introductions_numbers_come_only_where_its_sharer_shares_numbers_too():
    hans, anna = account("hans", "Hans Gastgeber"), account("anna", "Anna Schmidt")
    sales = sales_team(hans, anna, name="Vertrieb")
    board = sales_team(hans, anna, name="Geschäftsführung")
    by_hand = located(anna, given_name="Frank", family_name="Lindner", phone="+4917611111111")
    by_kind = located(
        anna, given_name="Greta", family_name="Kunde", kinds=["customer"], phone="+4917622222222"
    )
    set_sharing(sales[anna.pk], kinds=["customer"])  # no numbers in sales
    set_sharing(board[anna.pk], phones=True)  # numbers of what she chooses for the board
    share_contacts(board[anna.pk], [by_hand])

    intros = team_tonight(hans, PlaceFactory(city="Dresden"), DAY).through_colleagues

    phones = {intro.name: intro.phones for intro in intros}
    assert phones == {"Frank Lindner": ["+4917611111111"], "Greta Kunde": []}
    share_contacts(board[anna.pk], [by_kind])  # now chosen for the board too: with its number
    intros = team_tonight(hans, PlaceFactory(city="Dresden"), DAY).through_colleagues
    assert {intro.name: intro.phones for intro in intros}["Greta Kunde"] == ["+4917622222222"]
