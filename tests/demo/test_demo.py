"""`tafelrunde demo`: a believable network around today, rebuilt from scratch on every run."""

import datetime as dt
import io
import socket
import statistics
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max
from django.utils import timezone

from tafelrunde.accounts.models import Profile
from tafelrunde.core.geo import haversine_km
from tafelrunde.demo.builder import build_demo
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.exchange.erase_account import owned_models
from tafelrunde.meals.models import FollowUp, Meal, MealParticipant, Note
from tafelrunde.network.models import Address, Contact, ContactSource, Email, Phone, Place
from tafelrunde.travel.models import Trip
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def counts(user) -> dict[str, int]:
    """The account's rows in every table that links to it."""
    return {
        model._meta.label: model._base_manager.filter(**{link: user}).count()
        for model, link in owned_models()
    }


def todays_trip(user) -> Trip:
    return Trip.objects.owned_by(user).including(timezone.localdate()).get()


def near(place, contacts, km: float = 50):
    return [
        c
        for c in contacts
        if c.latitude is not None
        and haversine_km(place.latitude, place.longitude, c.latitude, c.longitude) <= km
    ]


def test_the_demo_account_logs_in_with_demo_demo(client, demo):
    response = client.post("/login/", {"username": "demo", "password": "demo"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_demo_account_is_an_ordinary_one_without_the_admin(client, demo):
    user, _summary = demo
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    client.post("/login/", {"username": "demo", "password": "demo"})
    assert client.get("/admin/").status_code == 302


def test_the_host_has_a_name_for_receipts_and_a_home(demo):
    user, _summary = demo
    profile = Profile.objects.get(user=user)
    assert profile.full_name == "Hans Gastgeber"
    assert profile.home_place.name == "Stuttgart"
    assert (profile.home_country, profile.language) == ("DE", "de")


def test_a_trip_includes_today_with_a_hotel_and_more_trips_follow(demo):
    user, _summary = demo
    today = timezone.localdate()
    trip = todays_trip(user)
    assert trip.place.name == "Dresden" and trip.hotel
    assert Trip.objects.owned_by(user).filter(start__gt=today).count() >= 3
    assert Trip.objects.owned_by(user).filter(end__lt=today).count() >= 12


def test_a_few_hundred_contacts_most_located_some_by_phone_some_not_at_all(demo):
    user, summary = demo
    contacts = Contact.objects.owned_by(user)
    sources = Counter(contacts.values_list("location_source", flat=True))
    assert 250 <= contacts.count() <= 400
    assert summary.contacts == contacts.count()
    assert summary.located == contacts.exclude(place=None).count() >= 0.8 * contacts.count()
    assert sources["phone"] >= 20
    assert 3 <= sources[""] <= 0.1 * contacts.count()
    assert contacts.filter(location_source="phone", addresses__isnull=False).count() == 0


def test_contacts_look_like_a_european_network(demo):
    user, _summary = demo
    contacts = Contact.objects.owned_by(user)
    names = " ".join(contacts.values_list("full_name", flat=True))
    assert any(letter in names for letter in "äöüß")
    countries = set(Address.objects.owned_by(user).values_list("country", flat=True))
    assert {"Deutschland", "Österreich", "Schweiz", "France", "Italia"} <= countries
    assert set(contacts.values_list("language", flat=True)) >= {"de", "en", "fr", "it"}
    assert contacts.filter(address_form="du").exists() and contacts.filter(do_not_invite=True)
    assert all(
        n.startswith("+") for n in Phone.objects.owned_by(user).values_list("number", flat=True)
    )
    assert all(
        a.endswith((".example", "@example.com", "@example.org", "@example.net"))
        for a in Email.objects.owned_by(user).values_list("address", flat=True)
    )
    assert ContactSource.objects.owned_by(user).count() == contacts.count()


def test_people_live_around_todays_trip_including_old_friends_lost_from_sight(demo):
    user, _summary = demo
    place = todays_trip(user).place
    nearby = near(place, Contact.objects.owned_by(user).filter(do_not_invite=False))
    assert len(nearby) >= 25
    assert len({c.place_id for c in nearby}) >= 4  # Radebeul, Pirna, Meißen… not only Dresden
    last_seen = dict(
        MealParticipant.objects.owned_by(user)
        .values("contact")
        .annotate(last=Max("meal__date"))
        .values_list("contact", "last")
    )
    lost = [
        c
        for c in nearby
        if c.known_since
        and c.known_since.year <= 2006
        and c.pk in last_seen
        and last_seen[c.pk].year <= 2015
    ]
    assert len(lost) >= 2


def test_past_evenings_have_call_rounds_and_meals(demo):
    user, _summary = demo
    today = timezone.localdate()
    evenings = Evening.objects.owned_by(user).filter(date__lt=today)
    assert evenings.count() >= 20
    assert Attempt.objects.owned_by(user).filter(evening__date__lt=today).count() >= 40
    meals = Meal.objects.owned_by(user).filter(evening__isnull=False)
    assert meals.count() >= 15
    assert all(meal.participants.exists() for meal in meals)
    assert all(60 <= meal.amount <= 250 and meal.tip > 0 for meal in meals)
    assert meals.filter(business=True).count() > meals.filter(business=False).count() > 0
    assert all(len(meal.occasion) > 25 for meal in meals.filter(business=True))


def test_usually_the_second_or_third_call_finds_someone(demo):
    user, _summary = demo
    calls = [
        evening.attempts.count()
        for evening in Evening.objects.owned_by(user).prefetch_related("attempts")
        if any(a.outcome == Attempt.Outcome.ACCEPTED for a in evening.attempts.all())
    ]
    assert 2 <= statistics.median(calls) <= 3
    outcomes = set(Attempt.objects.owned_by(user).values_list("outcome", flat=True))
    assert {"accepted", "declined", "no-answer"} <= outcomes


def test_tonight_one_call_was_declined_and_yesterday_found_company(demo):
    user, _summary = demo
    today = timezone.localdate()
    tonight = Evening.objects.owned_by(user).get(date=today)
    assert [a.outcome for a in tonight.attempts.all()] == ["declined"]
    assert timezone.localdate(tonight.attempts.get().at) == today
    yesterday = Evening.objects.owned_by(user).get(date=today - dt.timedelta(days=1))
    assert yesterday.found_company and yesterday.meals.exists()


def test_notes_facts_and_follow_ups_fill_the_timeline(demo):
    user, _summary = demo
    notes = Note.objects.owned_by(user)
    assert notes.filter(kind="fact", text__contains="Portugal").exists()
    assert notes.filter(kind="note", meal__isnull=False).count() >= 5
    follow_ups = FollowUp.objects.owned_by(user)
    assert follow_ups.filter(done_at__isnull=True, due__gte=timezone.localdate()).exists()
    assert follow_ups.filter(done_at__isnull=False).exists()


def test_the_statistics_have_a_renewed_friendship_and_warmer_dinners_to_show(demo):
    from tafelrunde.meals.stats import statistics_for, statistics_json

    user, _summary = demo
    figures = statistics_json(statistics_for(user, timezone.localdate()))
    assert figures["relationships_renewed"]["count"] >= 1
    assert figures["warmth"]["contacts"] >= 1
    assert figures["warmth"]["after"] > figures["warmth"]["before"]


def test_building_again_replaces_everything_and_duplicates_nothing(demo):
    user, _summary = demo
    before, names = counts(user), set(Contact.objects.owned_by(user).values_list("full_name"))
    places = Place.objects.count()
    build_demo()
    assert counts(user) == before
    assert set(Contact.objects.owned_by(user).values_list("full_name")) == names
    assert Place.objects.count() == places
    assert get_user_model().objects.filter(username="demo").count() == 1


def test_building_leaves_other_accounts_alone(demo, outsider):
    theirs = ContactFactory(owner=outsider, given_name="Jörg", family_name="Müller")
    build_demo()
    assert Contact.objects.owned_by(outsider).get() == theirs


def test_dates_follow_the_day_it_is_built(demo):
    user, _summary = demo
    day = dt.date(2031, 2, 18)
    build_demo(today=day)
    assert Trip.objects.owned_by(user).including(day).get().place.name == "Dresden"
    assert Evening.objects.owned_by(user).filter(date=day).exists()


def test_the_command_builds_and_prints_the_login(demo):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "Demo network: " in text and " contacts (" in text
    assert "http://127.0.0.1:8000/" in text
    assert '"demo", password "demo"' in text


def test_the_command_refuses_a_port_in_use_before_building(demo):
    user, _summary = demo
    before = counts(user)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} is already in use"):
            call_command("demo", "--port", str(port), stderr=io.StringIO())
    assert counts(user) == before


def test_the_demo_has_one_example_source_that_shows_its_last_sync_and_reaches_no_server(
    client,
):
    from tafelrunde.sync.models import Source

    build_demo()
    (source,) = Source.objects.all()
    assert source.next_run_at is None  # never due: the demo syncs nothing
    client.force_login(get_user_model().objects.get(username="demo"))
    page = client.get("/settings/sources/").content.decode()
    assert "TripIt" in page
    assert "https://www.tripit.com/…" in page
    assert "DEMO-0000" not in page
