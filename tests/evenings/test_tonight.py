"""Tonight's call list: who is on it, in which order, and why; evenings and attempts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tafelrunde import conf
from tafelrunde.evenings.evening import NoTripError, evening_for
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.network.models import Contact, Place
from tafelrunde.tonight.call_list import call_list, ranked_call_list, record_attempt, rest_days
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)

DAY = dt.date(2025, 3, 14)
EVENING = dt.datetime(2025, 3, 14, 17, 0, tzinfo=dt.UTC)  # 18:00 in Dresden, 17:00 in Lisbon
LATE = dt.datetime(2025, 3, 14, 19, 45, tzinfo=dt.UTC)  # 20:45 in Dresden, 19:45 in Lisbon
NIGHT = dt.datetime(2025, 3, 14, 22, 10, tzinfo=dt.UTC)  # 23:10 in Dresden, 22:10 in Lisbon
MAX_QUERIES = 10


@pytest.fixture
def chemnitz(db) -> Place:
    return Place.objects.create(  # 62 km from Dresden
        geonameid=2940132,
        name="Chemnitz",
        country="DE",
        latitude=50.8357,
        longitude=12.92922,
        timezone="Europe/Berlin",
    )


def located(owner, place: Place, **fields) -> Contact:
    """A contact of `owner` living in `place` (a customer, importance 3, unless told)."""
    if "full_name" in fields:
        fields["given_name"], fields["family_name"] = fields["full_name"].split(" ", 1)
    contact = ContactFactory.build(owner=owner, **fields)
    contact.set_location(place, "address", 0.9)
    contact.save()
    return contact


def names(candidates) -> list[str]:
    return [candidate.contact.full_name for candidate in candidates]


def tonight(owner, place, **options):
    return call_list(owner, place, DAY, now=options.pop("now", EVENING), **options)


def tried(owner, place, contact, outcome, day=DAY, **fields) -> Attempt:
    evening = Evening.objects.filter(owner=owner, date=day).first()
    evening = evening or EveningFactory(owner=owner, place=place, date=day)
    return AttemptFactory(evening=evening, contact=contact, outcome=outcome, **fields)


def met(owner, contact, day: dt.date) -> None:
    MealParticipantFactory(meal=MealFactory(owner=owner, date=day), contact=contact)


def test_a_town_just_inside_the_radius_is_listed_and_one_just_outside_is_not(
    owner, dresden, radebeul, chemnitz
):
    located(owner, radebeul, full_name="Rita Radebeul")
    located(owner, chemnitz, full_name="Carl Chemnitz")
    assert names(tonight(owner, dresden, radius_km=50)) == ["Rita Radebeul"]
    assert names(tonight(owner, dresden, radius_km=70)) == ["Rita Radebeul", "Carl Chemnitz"]
    assert names(tonight(owner, dresden, radius_km=5)) == []


def test_each_candidate_comes_with_distance_reasons_and_the_contacts_clock(owner, dresden):
    anna = located(owner, dresden, full_name="Anna Albrecht", organisation="Elbe AG")
    PhoneFactory(contact=anna, number="+4935112345")
    [candidate] = tonight(owner, dresden)
    assert candidate.contact == anna
    assert candidate.distance_km == pytest.approx(0, abs=0.01)
    assert candidate.reasons == ["customer", "same city"]
    assert candidate.local_time.isoformat() == "2025-03-14T18:00:00+01:00"
    assert candidate.tried_tonight == ""
    assert candidate.last_note == ""


def test_someone_who_declined_tonight_is_not_on_the_list(owner, dresden):
    bernd = located(owner, dresden, full_name="Bernd Berger")
    located(owner, dresden, full_name="Clara Conrad")
    tried(owner, dresden, bernd, Attempt.Outcome.NO_ANSWER)
    tried(owner, dresden, bernd, Attempt.Outcome.DECLINED)
    assert names(tonight(owner, dresden)) == ["Clara Conrad"]


@pytest.mark.parametrize("outcome", [Attempt.Outcome.ACCEPTED, Attempt.Outcome.AWAY])
def test_someone_who_said_yes_or_is_away_tonight_is_gone_from_the_list(owner, dresden, outcome):
    bernd = located(owner, dresden, full_name="Bernd Berger")
    tried(owner, dresden, bernd, outcome)
    assert tonight(owner, dresden) == []


@pytest.mark.parametrize("outcome", [Attempt.Outcome.NO_ANSWER, Attempt.Outcome.CALL_BACK])
def test_no_answer_or_call_back_tonight_stays_on_the_list_but_lower(owner, dresden, outcome):
    bernd = located(owner, dresden, full_name="Bernd Berger", importance=5)
    located(owner, dresden, full_name="Clara Conrad")
    tried(owner, dresden, bernd, outcome)
    candidates = tonight(owner, dresden)
    assert names(candidates) == ["Clara Conrad", "Bernd Berger"]
    assert candidates[1].tried_tonight == outcome


def test_someone_who_declined_five_days_ago_ranks_lower_and_the_list_says_so(owner, dresden):
    bernd = located(owner, dresden, full_name="Bernd Berger", importance=5)
    located(owner, dresden, full_name="Clara Conrad")
    tried(owner, dresden, bernd, Attempt.Outcome.DECLINED, day=DAY - dt.timedelta(days=5))
    candidates = tonight(owner, dresden)
    assert names(candidates) == ["Clara Conrad", "Bernd Berger"]
    assert "declined 5 days ago" in candidates[1].reasons


def test_the_rest_after_a_no_ends_after_the_rest_days(owner, dresden, settings):
    settings.TAFELRUNDE_REST_DAYS = 14
    bernd = located(owner, dresden, full_name="Bernd Berger", importance=5)
    located(owner, dresden, full_name="Clara Conrad")
    tried(owner, dresden, bernd, Attempt.Outcome.DECLINED, day=DAY - dt.timedelta(days=15))
    candidates = tonight(owner, dresden)
    assert names(candidates) == ["Bernd Berger", "Clara Conrad"]
    assert not any("declined" in reason for reason in candidates[0].reasons)
    settings.TAFELRUNDE_REST_DAYS = 21
    assert names(tonight(owner, dresden)) == ["Clara Conrad", "Bernd Berger"]


def test_rest_days_default_to_two_weeks_and_come_from_the_environment(settings, monkeypatch):
    del settings.TAFELRUNDE_REST_DAYS
    assert rest_days() == 14
    monkeypatch.setenv("TAFELRUNDE_REST_DAYS", "21")
    assert conf.env_int("REST_DAYS", 14) == 21
    monkeypatch.setenv("TAFELRUNDE_REST_DAYS", "two weeks")
    with pytest.raises(conf.ConfigError, match="TAFELRUNDE_REST_DAYS must be a whole number"):
        conf.env_int("REST_DAYS", 14)


def test_people_already_met_on_this_trip_are_not_listed(owner, dresden):
    TripFactory(
        owner=owner, place=dresden, start=DAY - dt.timedelta(days=3), end=DAY + dt.timedelta(1)
    )
    dined = located(owner, dresden, full_name="Dora Dinner")
    said_yes = located(owner, dresden, full_name="Egon Einverstanden")
    before_the_trip = located(owner, dresden, full_name="Frieda Früher")
    met(owner, dined, DAY - dt.timedelta(days=2))
    tried(owner, dresden, said_yes, Attempt.Outcome.ACCEPTED, day=DAY - dt.timedelta(days=1))
    met(owner, before_the_trip, DAY - dt.timedelta(days=40))
    assert names(tonight(owner, dresden)) == ["Frieda Früher"]


def test_do_not_invite_is_never_listed(owner, dresden):
    located(owner, dresden, full_name="Nie Wieder", do_not_invite=True)
    assert tonight(owner, dresden) == []


def test_a_long_lost_acquaintance_outranks_a_friend_seen_last_week(owner, dresden):
    since = dt.date(2004, 5, 1)
    friend = located(owner, dresden, full_name="Fritz Freund", kinds=["friend"], known_since=since)
    lost = located(owner, dresden, full_name="Lothar Lang", kinds=["friend"], known_since=since)
    met(owner, friend, DAY - dt.timedelta(days=7))
    met(owner, lost, dt.date(2009, 9, 1))
    candidates = tonight(owner, dresden)
    assert names(candidates) == ["Lothar Lang", "Fritz Freund"]
    assert "known since 2004, last seen 2009" in candidates[0].reasons
    assert "seen 7 days ago" in candidates[1].reasons


def test_a_newcomer_is_not_ranked_below_someone_who_said_no_once_in_two(owner, dresden):
    mixed = located(owner, dresden, full_name="Anton Abwechselnd")
    newcomer = located(owner, dresden, full_name="Zoe Zugang")
    for days_ago, outcome in ((300, Attempt.Outcome.ACCEPTED), (200, Attempt.Outcome.DECLINED)):
        tried(owner, dresden, mixed, outcome, day=DAY - dt.timedelta(days=days_ago))
    met(owner, newcomer, DAY - dt.timedelta(days=300))  # last seen as long ago as the other
    by_name = {c.contact: c for c in tonight(owner, dresden)}
    assert by_name[newcomer].score >= by_name[mixed].score
    assert "said yes 1 of 2 times" in by_name[mixed].reasons


def test_the_local_time_is_the_contacts_own_and_a_late_hour_costs_a_place(owner, dresden):
    lisbon = PlaceFactory(city="Lisbon")
    lina = located(owner, lisbon, full_name="Lina Lisboa")
    dirk = located(owner, dresden, full_name="Dirk Dresdner")
    wide = {"radius_km": 3000}
    clocks = {c.contact: c.local_time for c in tonight(owner, dresden, **wide)}
    assert clocks[lina].isoformat() == "2025-03-14T17:00:00+00:00"
    assert clocks[dirk].isoformat() == "2025-03-14T18:00:00+01:00"
    late = {c.contact: c for c in tonight(owner, dresden, now=LATE, **wide)}
    assert "it is 20:45 there" in late[dirk].reasons
    assert not any(reason.startswith("it is") for reason in late[lina].reasons)
    early = {c.contact: c for c in tonight(owner, dresden, **wide)}
    assert late[dirk].score < early[dirk].score
    assert late[lina].score == early[lina].score
    night = {c.contact: c.reasons[-1] for c in tonight(owner, dresden, now=NIGHT, **wide)}
    assert night == {dirk: "it is 23:10 there", lina: "it is 22:10 there"}


def test_the_hour_does_not_matter_when_planning_another_evening(owner, dresden):
    located(owner, dresden, full_name="Dirk Dresdner")
    [planned] = call_list(owner, dresden, DAY + dt.timedelta(days=3), now=LATE)
    assert not any(reason.startswith("it is") for reason in planned.reasons)


def test_an_empty_network_gives_an_empty_list(owner, dresden):
    assert tonight(owner, dresden) == []
    assert ranked_call_list(owner, dresden, DAY).total == 0


def test_another_accounts_people_and_history_never_count(owner, outsider, dresden):
    mine = located(owner, dresden, full_name="Meine Kundin")
    located(outsider, dresden, full_name="Fremder Kunde")
    met(owner, mine, DAY - dt.timedelta(days=1))  # my dinner, on no trip of mine
    tried(outsider, dresden, located(outsider, dresden), Attempt.Outcome.DECLINED)
    TripFactory(owner=outsider, place=dresden, start=DAY, end=DAY)
    assert names(tonight(owner, dresden)) == ["Meine Kundin"]


def test_the_last_note_is_the_newest_note_or_open_follow_up(owner, dresden):
    anna = located(owner, dresden, full_name="Anna Albrecht")
    bernd = located(owner, dresden, full_name="Bernd Berger")
    NoteFactory(contact=anna, text="Old news", created_at=EVENING - dt.timedelta(days=90))
    FollowUpFactory(contact=anna, text="Send the brochure", created_at=EVENING - dt.timedelta(9))
    FollowUpFactory(
        contact=bernd, text="Done already", done_at=EVENING, created_at=EVENING - dt.timedelta(1)
    )
    NoteFactory(contact=bernd, text="Dreams of Portugal", created_at=EVENING - dt.timedelta(30))
    notes = {c.contact.full_name: c.last_note for c in tonight(owner, dresden)}
    assert notes == {"Anna Albrecht": "Send the brochure", "Bernd Berger": "Dreams of Portugal"}


def test_the_list_is_short_and_counts_everyone_it_left_out(owner, dresden):
    for number in range(5):
        located(owner, dresden, full_name=f"Person {number}", importance=number + 1)
    ranked = ranked_call_list(owner, dresden, DAY, limit=3, now=EVENING)
    assert names(ranked.candidates) == ["Person 4", "Person 3", "Person 2"]
    assert ranked.total == 5


def network(owner, place: Place, start: int, count: int) -> None:
    """`count` contacts with phones, notes and a past of calls and meals."""
    for number in range(start, start + count):
        contact = located(owner, place, full_name=f"Person {number}", importance=number % 5 + 1)
        PhoneFactory(contact=contact)
        NoteFactory(contact=contact)
        if number % 2:
            tried(owner, place, contact, Attempt.Outcome.DECLINED, day=DAY - dt.timedelta(3))
        if number % 3:
            met(owner, contact, DAY - dt.timedelta(days=400 + number))


def test_the_number_of_queries_stays_the_same_however_large_the_network(
    owner, dresden, django_assert_max_num_queries
):
    TripFactory(owner=owner, place=dresden, start=DAY, end=DAY)
    network(owner, dresden, 0, 5)
    with CaptureQueriesContext(connection) as small:
        phones = [list(c.contact.phones.all()) for c in tonight(owner, dresden)]
    assert len(phones) == 5 and all(phones)
    network(owner, dresden, 5, 45)
    with django_assert_max_num_queries(MAX_QUERIES) as large:
        candidates = tonight(owner, dresden)
        phones = [list(c.contact.phones.all()) for c in candidates]
    assert len(candidates) == 10 and all(phones)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_thousands_of_candidates_ask_no_more_queries_and_keep_their_history(owner, dresden):
    """More candidates than SQLite takes parameters: their ids go to the database as one."""
    people = []
    for number in range(2500):
        contact = ContactFactory.build(owner=owner, given_name="Person", family_name=f"{number}")
        contact.set_location(dresden, "address", 0.9)
        contact.refresh_keys()
        people.append(contact)
    people = Contact.objects.bulk_create(people)  # alike: the older contact ranks first
    tried(owner, dresden, people[0], Attempt.Outcome.DECLINED, day=DAY - dt.timedelta(days=2))
    met(owner, people[1], DAY)
    with CaptureQueriesContext(connection) as captured:
        ranked = ranked_call_list(owner, dresden, DAY, limit=3, now=EVENING)
    assert len(captured) <= MAX_QUERIES
    assert [c.contact for c in ranked.candidates] == people[2:5]
    assert ranked.total == 2499  # met today: off the list; declined: resting, further down


def test_an_evening_on_a_trip_is_at_the_trips_place(owner, dresden):
    trip = TripFactory(owner=owner, place=dresden, start=DAY, end=DAY + dt.timedelta(days=2))
    evening = evening_for(owner, DAY + dt.timedelta(days=1))
    assert (evening.place, evening.trip) == (dresden, trip)
    assert evening_for(owner, DAY + dt.timedelta(days=1)) == evening


def test_an_evening_without_a_trip_needs_a_place(owner, dresden):
    with pytest.raises(NoTripError, match="No trip includes 2025-03-14: name a place"):
        evening_for(owner, DAY)
    evening = evening_for(owner, DAY, dresden)
    assert (evening.place, evening.trip, evening.date) == (dresden, None, DAY)


def test_the_first_attempt_creates_the_evening_and_keeps_the_list_as_shown(owner, dresden):
    anna = located(owner, dresden, full_name="Anna Albrecht", importance=5)
    bernd = located(owner, dresden, full_name="Bernd Berger")
    attempt = record_attempt(
        owner, anna, "no-answer", day=DAY, place=dresden, channel="whatsapp", at=EVENING
    )
    evening = attempt.evening
    assert (evening.date, evening.place, attempt.channel, attempt.at) == (
        DAY,
        dresden,
        "whatsapp",
        EVENING,
    )
    assert [row["contact_id"] for row in evening.shown] == [anna.pk, bernd.pk]
    assert evening.shown[0]["reasons"] == ["very important customer", "same city"]
    record_attempt(owner, bernd, "accepted", day=DAY, at=EVENING + dt.timedelta(minutes=5))
    evening.refresh_from_db()
    assert [row["contact_id"] for row in evening.shown] == [anna.pk, bernd.pk]
    assert evening.attempts.count() == 2


def test_an_attempt_for_another_accounts_contact_or_an_unknown_outcome_is_refused(
    owner, outsider, dresden
):
    theirs = located(outsider, dresden)
    with pytest.raises(ValueError, match="another account"):
        record_attempt(owner, theirs, "accepted", day=DAY, place=dresden)
    mine = located(owner, dresden)
    with pytest.raises(ValueError, match="Unknown outcome 'maybe'"):
        record_attempt(owner, mine, "maybe", day=DAY, place=dresden)
    assert not Attempt.objects.exists()
