"""Keeping in touch: rhythms per contact and per relationship, and who is overdue."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal
from tafelrunde.relationships import rhythm
from tafelrunde.relationships.rhythm import overdue
from tafelrunde.web.views.timeline import span_in_words
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PhoneFactory,
)
from tests.network.test_contact_pages import contact_form_data

pytestmark = pytest.mark.usefixtures("frozen_noon_12_march_2025")
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2025, 3, 12)
MAX_QUERIES = 10


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=BERLIN)


def met(contact, day: dt.date, status=Meal.Status.HELD) -> None:
    meal = MealFactory(owner=contact.owner, date=day, status=status)
    MealParticipantFactory(meal=meal, contact=contact)


def called(contact, day: dt.date, outcome: str) -> None:
    evening = EveningFactory(owner=contact.owner, date=day)
    AttemptFactory(evening=evening, contact=contact, outcome=outcome, at=noon(day))


def customer(owner, **fields):
    fields.setdefault("kinds", ["customer"])
    return ContactFactory(owner=owner, **fields)


def overdue_by(owner) -> dict[str, int]:
    return {row.contact.full_name: row.days_overdue for row in overdue(owner, TODAY)}


# The rule


def test_a_customer_last_met_200_days_ago_is_overdue_by_20_days(owner):
    anna = customer(owner, full_name="Anna")
    met(anna, ago(200))
    [row] = overdue(owner, TODAY)
    assert row.contact == anna
    assert (row.last_contact_date, row.due_date, row.days_overdue) == (ago(200), ago(20), 20)
    assert row.rhythm_days == 180


def test_due_today_is_not_overdue_yet(owner):
    met(customer(owner), ago(180))
    assert overdue(owner, TODAY) == []


def test_the_contacts_own_rhythm_comes_before_its_kind(owner):
    met(customer(owner, full_name="Yearly", rhythm_days=365), ago(200))
    met(customer(owner, full_name="Monthly", rhythm_days=30), ago(40))
    assert overdue_by(owner) == {"Monthly": 10}


def test_the_closest_relationship_sets_the_pace(owner):
    met(ContactFactory(owner=owner, full_name="Both", kinds=["supplier", "friend"]), ago(100))
    met(ContactFactory(owner=owner, full_name="Supplier", kinds=["supplier"]), ago(100))
    assert overdue_by(owner) == {"Both": 10}


def test_kinds_without_a_rhythm_are_never_overdue(owner):
    met(ContactFactory(owner=owner, kinds=["social_network"]), ago(3000))
    met(ContactFactory(owner=owner, kinds=[]), ago(3000))  # counts as "other"
    assert overdue(owner, TODAY) == []


def test_the_owners_rhythm_for_a_kind_comes_before_the_default(owner):
    profile = profile_for(owner)
    rhythm.save_rhythm_by_kind(profile, {**rhythm.DEFAULT_RHYTHM_DAYS, "customer": 90})
    assert profile.rhythm_by_kind == {"customer": 90}  # only what differs is kept
    met(customer(owner, full_name="Anna"), ago(100))
    assert overdue_by(owner) == {"Anna": 10}
    rhythm.save_rhythm_by_kind(profile, {**rhythm.DEFAULT_RHYTHM_DAYS, "customer": None})
    assert overdue(owner, TODAY) == []


def test_nonsense_in_the_saved_rhythms_falls_back_to_the_defaults(owner):
    profile = profile_for(owner)
    profile.rhythm_by_kind = {"customer": "often", "friend": -3, "alien": 5, "prospect": True}
    assert rhythm.rhythm_by_kind(profile) == rhythm.DEFAULT_RHYTHM_DAYS


# What resets the clock


def test_a_meal_yesterday_resets_the_clock(owner):
    anna = customer(owner)
    met(anna, ago(400))
    met(anna, ago(1))
    assert overdue(owner, TODAY) == []


def test_a_planned_meal_does_not_reset_the_clock(owner):
    anna = customer(owner, full_name="Anna")
    met(anna, ago(200))
    met(anna, ago(1), status=Meal.Status.PLANNED)
    assert overdue_by(owner) == {"Anna": 20}


def test_a_call_without_an_answer_does_not_reset_the_clock(owner):
    anna = customer(owner, full_name="Anna")
    met(anna, ago(200))
    called(anna, ago(5), Attempt.Outcome.NO_ANSWER)
    assert overdue_by(owner) == {"Anna": 20}


@pytest.mark.parametrize("outcome", ["accepted", "declined", "call-back", "away"])
def test_a_call_that_reached_them_resets_the_clock(owner, outcome):
    anna = customer(owner)
    met(anna, ago(200))
    called(anna, ago(5), outcome)
    assert overdue(owner, TODAY) == []


def test_a_note_written_resets_the_clock_but_not_one_dated_tomorrow(owner):
    anna = customer(owner, full_name="Anna")
    met(anna, ago(200))
    NoteFactory(contact=anna, created_at=noon(TODAY + dt.timedelta(days=1)))
    assert overdue_by(owner) == {"Anna": 20}
    NoteFactory(contact=anna, created_at=noon(ago(3)))
    assert overdue(owner, TODAY) == []


def test_a_follow_up_done_resets_the_clock_an_open_one_does_not(owner):
    anna = customer(owner, full_name="Anna")
    met(anna, ago(200))
    follow_up = FollowUpFactory(contact=anna, created_at=noon(ago(2)))
    assert overdue_by(owner) == {"Anna": 20}
    follow_up.done_at = noon(ago(1))
    follow_up.save()
    assert overdue(owner, TODAY) == []


def test_without_any_interaction_the_clock_starts_when_the_contact_was_added(owner):
    customer(owner, full_name="Imported today", known_since=ago(3650))
    with time_machine.travel(noon(ago(200)), tick=False):
        customer(owner, full_name="Added long ago")
    [row] = overdue(owner, TODAY)
    assert (row.contact.full_name, row.last_contact_date, row.days_overdue) == (
        "Added long ago",
        None,
        20,
    )


def test_do_not_invite_contacts_are_not_listed(owner):
    met(customer(owner, do_not_invite=True), ago(1000))
    assert overdue(owner, TODAY) == []


def test_the_most_overdue_come_first_and_nobody_elses_contacts(owner, outsider):
    met(customer(owner, full_name="A bit"), ago(190))
    met(customer(owner, full_name="Long ago"), ago(900))
    met(customer(owner, full_name="Quite"), ago(300))
    met(customer(outsider, full_name="Not yours"), ago(900))
    assert list(overdue_by(owner)) == ["Long ago", "Quite", "A bit"]


def build_network(owner, start: int, count: int) -> None:
    for number in range(start, start + count):
        contact = customer(owner, full_name=f"Person {number}")
        PhoneFactory(contact=contact)
        met(contact, ago(200 + number))
        called(contact, ago(400 + number), Attempt.Outcome.DECLINED)
        NoteFactory(contact=contact, created_at=noon(ago(300)))
        FollowUpFactory(contact=contact, done_at=noon(ago(250)))


def test_the_number_of_queries_stays_the_same_however_large_the_network(
    owner, django_assert_max_num_queries
):
    profile_for(owner)
    build_network(owner, 0, 3)
    with CaptureQueriesContext(connection) as small:
        rows = overdue(owner, TODAY)
        assert [list(row.contact.phones.all()) for row in rows]
    build_network(owner, 3, 27)
    with django_assert_max_num_queries(MAX_QUERIES) as large:
        rows = overdue(owner, TODAY)
        assert len([list(row.contact.phones.all()) for row in rows]) == 30
    assert len(large.captured_queries) == len(small.captured_queries)


# The pages


def test_the_overdue_page_lists_them_with_a_tap_to_call(owner_client, owner, outsider):
    anna = customer(owner, full_name="Anna Alt")
    PhoneFactory(contact=anna, number="+4935148642222")
    met(anna, ago(1000))
    met(customer(owner, full_name="Bernd Bald"), ago(200))
    met(customer(outsider, full_name="Carla Fremd"), ago(900))
    page = owner_client.get(reverse("contact-overdue")).content.decode()
    assert page.index("Anna Alt") < page.index("Bernd Bald")
    assert 'href="tel:+4935148642222"' in page
    assert "overdue by 2 years" in page
    assert "overdue by 20 days" in page
    assert "no contact recorded" not in page
    assert "Carla Fremd" not in page


def test_the_overdue_page_keeps_the_owners_rhythms(owner_client, owner):
    data = {kind: days or "" for kind, days in rhythm.DEFAULT_RHYTHM_DAYS.items()}
    data |= {"customer": "60", "social_network": "365"}
    response = owner_client.post(reverse("contact-overdue"), data)
    assert response.status_code == 302
    assert profile_for(owner).rhythm_by_kind == {"customer": 60, "social_network": 365}
    page = owner_client.get(reverse("contact-overdue")).content.decode()
    assert 'name="customer" value="60"' in page


def test_a_rhythm_must_be_a_sensible_number_of_days(owner_client, owner):
    response = owner_client.post(reverse("contact-overdue"), {"customer": "0", "friend": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"customer", "friend"}
    assert profile_for(owner).rhythm_by_kind == {}


def test_the_contact_page_says_how_overdue_and_the_form_sets_the_rhythm(owner_client, owner):
    anna = customer(owner, full_name="Anna Alt")
    met(anna, ago(200))
    page = owner_client.get(reverse("contact-detail", args=[anna.pk])).content.decode()
    assert "Overdue by 20 days" in page
    assert "every 180 days (by relationship)" in page
    data = contact_form_data(given_name="Anna", family_name="Alt", rhythm_days="365")
    owner_client.post(reverse("contact-edit", args=[anna.pk]), data)
    anna.refresh_from_db()
    assert anna.rhythm_days == 365
    page = owner_client.get(reverse("contact-detail", args=[anna.pk])).content.decode()
    assert "Next meeting due by Aug. 24, 2025" in page
    owner_client.post(reverse("contact-edit", args=[anna.pk]), {**data, "rhythm_days": ""})
    anna.refresh_from_db()
    assert anna.rhythm_days is None


def test_the_home_page_counts_overdue_people_and_follow_ups_due(owner_client, owner):
    anna = customer(owner)
    met(anna, ago(200))
    FollowUpFactory(contact=anna, due=TODAY)
    FollowUpFactory(contact=anna, due=TODAY + dt.timedelta(days=1))
    page = owner_client.get(reverse("home")).content.decode()
    assert "Overdue: 1 person" in page
    assert "Follow-ups due: 1" in page
    assert reverse("contact-overdue") in page and reverse("follow-ups") in page


def test_strangers_are_sent_to_the_login_page(client, db):
    for method in (client.get, client.post):
        response = method(reverse("contact-overdue"))
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "days, words",
    [(1, "1 day"), (59, "59 days"), (60, "2 months"), (729, "24 months"), (730, "2 years")],
)
def test_how_overdue_is_said_as_precisely_as_a_glance_needs(days, words):
    assert span_in_words(days) == words
