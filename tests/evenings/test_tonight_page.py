"""The Tonight page: the list on a trip evening, one tap per outcome, and a yes to a dinner."""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal
from tafelrunde.network.models import Phone
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EmailFactory,
    EveningFactory,
    NoteFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)

TODAY = dt.date(2025, 3, 12)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def early_evening():
    with time_machine.travel(dt.datetime(2025, 3, 12, 18, tzinfo=BERLIN), tick=False):
        yield


def located(owner, city="Dresden", phone="", **fields):
    """A contact of the owner living in `city`, with a mobile number when given."""
    contact = ContactFactory(owner=owner, **fields)
    contact.set_location(PlaceFactory(city=city), "address", 0.95)
    contact.save()
    if phone:
        PhoneFactory(contact=contact, number=phone, type=Phone.Type.MOBILE)
    return contact


@pytest.fixture
def trip(owner):
    return TripFactory(owner=owner, start=TODAY - dt.timedelta(days=1), end=TODAY)


@pytest.fixture
def joerg(owner):
    """The best call tonight: a friend in town, on first names."""
    return located(
        owner,
        given_name="Jörg",
        family_name="Müller",
        organisation="Elbe Logistik GmbH",
        kinds=["friend"],
        importance=5,
        address_form="du",
        phone="+4917012345678",
    )


@pytest.fixture
def sabine(owner):
    """A customer in Radebeul, formally addressed."""
    return located(
        owner,
        "Radebeul",
        title="Dr.",
        given_name="Sabine",
        family_name="Weiß",
        kinds=["customer"],
        importance=3,
        phone="+4915112345678",
    )


def tonight_page(client, **query) -> str:
    response = client.get(reverse("tonight"), query)
    assert response.status_code == 200
    return response.content.decode()


def listed(response) -> list[str]:
    return [row.contact.full_name for row in response.context["rows"]]


def tap(client, contact, outcome, **extra):
    data = {"contact": contact.pk, "outcome": outcome, "channel": "call", "date": "2025-03-12"}
    return client.post(reverse("tonight-outcome"), data | extra)


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client):
    response = client.get(reverse("tonight"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lists_tonight_best_first_with_a_call_link_and_the_invitation(
    owner_client, owner, trip, joerg, sabine
):
    NoteFactory(contact=joerg, text="Wants to retire to Portugal.")
    response = owner_client.get(reverse("tonight"))
    page = html.unescape(response.content.decode())
    assert "Tonight in Dresden" in page
    assert listed(response) == ["Jörg Müller", "Dr. Sabine Weiß"]
    assert page.index("Jörg Müller") < page.index("Dr. Sabine Weiß")
    assert 'href="tel:+4917012345678"' in page
    assert "Elbe Logistik GmbH · 0 km · 18:00 there" in page
    assert "Wants to retire to Portugal." in page
    assert "Hallo Jörg, ich bin heute Abend in Dresden." in page
    assert "Guten Tag Dr. Weiß, ich bin heute Abend in Dresden." in page
    assert "Hans Gastgeber" in page  # the invitations are signed by the host
    assert reverse("contact-detail", args=[joerg.pk]) in page


def row_of(page: str, contact) -> str:
    """The candidate's item of the list, as the page shows it."""
    start = page.index(f'<li id="call-{contact.pk}">')
    return page[start : page.index("\n</li>", start)]


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [("en", "it is 21:10 there", "21:10 there</p>"), ("de", "dort ist es 21:10", "dort 21:10")],
)
def test_at_an_odd_hour_the_local_time_is_shown_once_as_the_reason(
    owner_client, owner, trip, joerg, language, said, not_said
):
    profile = profile_for(owner)
    profile.page_language = language
    profile.save()
    owner_client.force_login(owner)  # the account's language is taken on logging in
    with time_machine.travel(dt.datetime(2025, 3, 12, 21, 10, tzinfo=BERLIN), tick=False):
        row = row_of(html.unescape(tonight_page(owner_client)), joerg)
    assert row.count("21:10") == 1
    assert said in row
    assert not_said not in row


def test_a_contact_who_speaks_english_is_invited_in_english(owner_client, owner, trip):
    located(owner, given_name="Emma", family_name="Clarke", language="en", address_form="du")
    page = tonight_page(owner_client)
    assert "Hi Emma, I&#x27;m in Dresden tonight." in page


def test_no_takes_the_person_off_the_list_and_the_next_comes_up(
    owner_client, owner, trip, joerg, sabine
):
    response = tap(owner_client, joerg, "declined", next=reverse("tonight"))
    assert response.status_code == 302
    assert response.url == reverse("tonight")
    after = owner_client.get(response.url)
    assert listed(after) == ["Dr. Sabine Weiß"]
    assert "Jörg Müller: declined." in after.content.decode()
    attempt = Attempt.objects.get()
    assert (attempt.contact, attempt.outcome, attempt.evening.date) == (joerg, "declined", TODAY)


def test_no_answer_keeps_the_person_listed_and_counts_the_calls(
    owner_client, owner, trip, joerg, sabine
):
    tap(owner_client, joerg, "declined")
    tap(owner_client, sabine, "no-answer")
    response = owner_client.get(reverse("tonight"))
    page = response.content.decode()
    assert listed(response) == ["Dr. Sabine Weiß"]
    assert "Tonight: no answer" in page
    assert "2 calls so far — usually the 2nd or 3rd says yes." in page


def test_the_channel_tapped_is_logged(owner_client, owner, trip, joerg):
    tap(owner_client, joerg, "no-answer", channel="whatsapp")
    assert Attempt.objects.get().channel == "whatsapp"


def test_a_tap_from_the_home_page_goes_back_home(owner_client, owner, trip, joerg):
    page = owner_client.get(reverse("home")).content.decode()
    assert "Jörg Müller" in page
    assert 'name="next" value="/"' in page
    assert tap(owner_client, joerg, "no-answer", next="/").url == "/"


def test_a_foreign_next_address_is_ignored(owner_client, owner, trip, joerg):
    response = tap(owner_client, joerg, "no-answer", next="https://evil.example/")
    assert response.url == reverse("tonight")


@pytest.mark.parametrize("target", ["0", "tonight-dinner-form"])
def test_next_is_an_address_never_a_view_name(owner_client, owner, trip, joerg, target):
    # Found by fuzzing: redirect("0") looked "0" up as a view's name, a server error.
    response = tap(owner_client, joerg, "no-answer", next=target)
    assert (response.status_code, response.url) == (302, target)


def test_a_nonsense_outcome_is_an_error_message_not_a_crash(owner_client, owner, trip, joerg):
    response = tap(owner_client, joerg, "maybe")
    assert response.status_code == 302
    assert "please tap again" in owner_client.get(response.url).content.decode()
    assert not Attempt.objects.exists()


def test_yes_plans_a_dinner_with_a_calendar_file_and_a_confirmation(
    owner_client, owner, trip, joerg
):
    response = tap(owner_client, joerg, "accepted")
    attempt = Attempt.objects.get()
    assert response.url == reverse("tonight-dinner-form", args=[attempt.pk])
    assert "Jörg Müller said yes!" in owner_client.get(response.url).content.decode()

    dinner = {
        "time": "19:30",
        "restaurant": "Weinstube am Neumarkt",
        "restaurant_address": "An der Frauenkirche 5, 01067 Dresden",
    }
    response = owner_client.post(response.url, dinner)
    meal = Meal.objects.owned_by(owner).get()
    assert response.url == reverse("tonight-dinner", args=[meal.pk])
    assert (meal.status, meal.date, meal.place, meal.evening) == (
        "planned",
        TODAY,
        trip.place,
        attempt.evening,
    )
    assert meal.business
    assert [p.contact for p in meal.participants.all()] == [joerg]

    page = html.unescape(owner_client.get(response.url).content.decode())
    assert reverse("tonight-dinner-ics", args=[meal.pk]) in page
    assert "sms:+4917012345678?&body=Hallo%20J%C3%B6rg%2C%20" in page
    assert "19%3A30" in page


def test_the_calendar_file_holds_the_time_place_and_guest(owner_client, owner, trip, joerg):
    tap(owner_client, joerg, "accepted")
    attempt = Attempt.objects.get()
    owner_client.post(
        reverse("tonight-dinner-form", args=[attempt.pk]),
        {"time": "19:30", "restaurant": "Weinstube", "restaurant_address": "Neumarkt 5"},
    )
    meal = Meal.objects.get()
    response = owner_client.get(reverse("tonight-dinner-ics", args=[meal.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == (
        f'attachment; filename="dinner-2025-03-12-{meal.pk}.ics"'
    )
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2025, 3, 12, 19, 30, tzinfo=BERLIN)
    assert str(event["location"]) == "Weinstube, Neumarkt 5"
    assert str(event["summary"]) == "Abendessen mit Jörg Müller"


@pytest.mark.parametrize(
    ("day", "time"), [(dt.date(1, 1, 1), None), (dt.date(9999, 12, 31), dt.time(23, 30))]
)
def test_the_calendar_file_of_a_dinner_on_the_first_or_last_day_of_the_calendar(
    owner_client, owner, day, time
):
    # Found by fuzzing: the meal form takes these dates, and the file's time-zone window
    # (a year either side) and end time (2.5 hours later) overflowed.
    meal = Meal.objects.create(owner=owner, date=day, time=time, place=PlaceFactory())
    response = owner_client.get(reverse("tonight-dinner-ics", args=[meal.pk]))
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") in (day, dt.datetime.combine(day, time or dt.time(), BERLIN))


def test_saving_the_dinner_again_changes_it_rather_than_adding_one(
    owner_client, owner, trip, joerg
):
    tap(owner_client, joerg, "accepted")
    url = reverse("tonight-dinner-form", args=[Attempt.objects.get().pk])
    owner_client.post(url, {"restaurant": "Weinstube"})
    owner_client.post(url, {"time": "20:00", "restaurant": "Elbterrassen"})
    meal = Meal.objects.get()
    assert (meal.time, meal.restaurant) == (dt.time(20), "Elbterrassen")
    assert meal.participants.count() == 1


def test_the_dinner_form_is_only_for_a_yes(owner_client, owner, trip, joerg):
    tap(owner_client, joerg, "no-answer")
    url = reverse("tonight-dinner-form", args=[Attempt.objects.get().pk])
    assert owner_client.get(url).status_code == 404


def test_outsider_gets_404_logging_an_outcome_for_the_owners_contact(
    outsider_client, owner, trip, joerg
):
    assert tap(outsider_client, joerg, "declined").status_code == 404
    assert not Attempt.objects.exists()


def test_outsider_gets_404_for_the_owners_dinner(outsider_client, owner, joerg):
    evening = EveningFactory(owner=owner, date=TODAY)
    attempt = AttemptFactory(evening=evening, contact=joerg, outcome="accepted")
    form_url = reverse("tonight-dinner-form", args=[attempt.pk])
    assert outsider_client.get(form_url).status_code == 404
    assert outsider_client.post(form_url, {"restaurant": "Weinstube"}).status_code == 404
    assert not Meal.objects.exists()
    meal = Meal.objects.create(owner=owner, date=TODAY, status="planned")
    assert outsider_client.get(reverse("tonight-dinner", args=[meal.pk])).status_code == 404
    assert outsider_client.get(reverse("tonight-dinner-ics", args=[meal.pk])).status_code == 404


def test_without_a_trip_the_page_asks_where_you_are(owner_client, owner, joerg):
    response = owner_client.get(reverse("tonight"))
    page = response.content.decode()
    assert "No trip includes today." in page
    assert 'for="id_place"' in page
    assert "rows" not in response.context


def test_an_unknown_place_is_a_form_error(owner_client, owner):
    page = tonight_page(owner_client, place="Qwxzrtplk")
    assert "No place called “Qwxzrtplk” is known." in page


def test_muenchen_lists_whom_you_know_in_munich(owner_client, owner, joerg):
    located(owner, "Munich", given_name="Florian", family_name="Huber", phone="+4916012345678")
    response = owner_client.get(reverse("tonight"), {"place": "Muenchen"})
    assert listed(response) == ["Florian Huber"]
    page = html.unescape(response.content.decode())
    assert "Tonight in Munich" in page
    assert 'name="place" value="Muenchen"' in page  # the taps log the evening there


def test_a_tap_on_a_chosen_place_opens_the_evening_there(owner_client, owner):
    florian = located(owner, "Munich", given_name="Florian", family_name="Huber")
    response = tap(owner_client, florian, "no-answer", place="Muenchen")
    assert response.status_code == 302
    assert Attempt.objects.get().evening.place.name == "Munich"


def test_another_evening_of_the_trip_by_date(owner_client, owner, joerg):
    TripFactory(owner=owner, start=TODAY + dt.timedelta(days=7))
    response = owner_client.get(reverse("tonight"), {"date": "2025-03-19"})
    assert listed(response) == ["Jörg Müller"]
    assert 'name="date" value="2025-03-19"' in response.content.decode()


def test_a_date_without_a_trip_or_a_place_asks_for_a_place(owner_client, owner):
    page = tonight_page(owner_client, date="2025-03-19")
    assert "No trip includes this evening; please name a place." in page


def test_the_home_page_shows_tonights_list_on_a_trip_day(owner_client, owner, trip, joerg):
    page = html.unescape(owner_client.get(reverse("home")).content.decode())
    assert "Today you are in Dresden" in page
    assert "Whom to call, best first" in page
    assert 'href="tel:+4917012345678"' in page


def test_the_trip_list_shows_how_many_are_nearby_and_the_best_three(owner_client, owner):
    TripFactory(owner=owner, start=TODAY + dt.timedelta(days=5))
    for n, importance in enumerate((5, 4, 3, 1)):
        located(owner, given_name=f"Person{n}", family_name="Test", importance=importance)
    located(owner, "Lisbon", given_name="Far", family_name="Away")
    page = owner_client.get(reverse("trip-list")).content.decode()
    assert "4 people nearby: Person0 Test, Person1 Test, Person2 Test" in page
    assert "Person3 Test" not in page
    assert "/tonight/?date=2025-03-17" in page


def test_a_nonsense_date_is_a_form_error(owner_client, owner):
    page = tonight_page(owner_client, place="Dresden", date="2025-13-45")
    assert "Enter a valid date." in page


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_asks_the_database_the_same_number_of_times_for_more_people(
    owner_client, owner, trip
):
    for n in range(2):
        located(owner, given_name=f"A{n}", phone=f"+491701234500{n}")
    owner_client.get(reverse("tonight"))  # the first visit creates the profile
    few = queries(owner_client, reverse("tonight"))
    for n in range(6):
        EmailFactory(contact=located(owner, given_name=f"B{n}", phone=f"+491701234510{n}"))
    assert queries(owner_client, reverse("tonight")) == few


def test_the_trip_list_costs_a_fixed_number_of_queries_per_trip(owner_client, owner):
    located(owner, given_name="Jörg")
    counts = []
    for week in range(1, 4):
        TripFactory(owner=owner, start=TODAY + dt.timedelta(days=7 * week))
        counts.append(queries(owner_client, reverse("trip-list")))
    assert counts[1] - counts[0] == counts[2] - counts[1]


def test_a_tap_sent_twice_with_its_client_id_is_recorded_once(owner_client, trip, joerg):
    client_id = "0b6f3a0e-8d5e-4a43-9a55-2d6c1f7f5a11"
    first = tap(owner_client, joerg, "no-answer", client_id=client_id)
    assert first.status_code == 302
    again = tap(owner_client, joerg, "no-answer", client_id=client_id)
    assert again.status_code == 302
    attempt = Attempt.objects.get()
    assert str(attempt.client_id) == client_id
    tap(owner_client, joerg, "call-back", client_id="1c6f3a0e-8d5e-4a43-9a55-2d6c1f7f5a11")
    assert Attempt.objects.count() == 2


def test_the_pages_script_gets_the_attempt_or_the_refusal_as_json(owner_client, owner, trip, joerg):
    client_id = "2d6f3a0e-8d5e-4a43-9a55-2d6c1f7f5a11"
    as_json = {"headers": {"Accept": "application/json"}}
    data = {
        "contact": joerg.pk,
        "outcome": "declined",
        "date": "2025-03-12",
        "client_id": client_id,
    }
    url = reverse("tonight-outcome")
    first = owner_client.post(url, data, **as_json)
    assert first.status_code == 201
    assert first.json()["attempt"]["client_id"] == client_id
    assert first.json()["next"] == reverse("tonight")
    again = owner_client.post(url, data, **as_json)
    assert again.status_code == 200
    assert again.json()["attempt"]["id"] == first.json()["attempt"]["id"]
    assert Attempt.objects.count() == 1
    # The evening is in Dresden now: a tap queued for Leipzig that evening is refused in words.
    elsewhere = owner_client.post(url, data | {"client_id": "", "place": "Leipzig"}, **as_json)
    assert elsewhere.status_code == 409
    assert "already in Dresden, not in Leipzig" in elsewhere.json()["error"]
    gone = owner_client.post(url, data | {"contact": 10**9, "client_id": ""}, **as_json)
    assert gone.status_code == 404
    assert gone.json()["error"] == "This contact is no longer in your address book."
    assert Attempt.objects.count() == 1


def test_a_yes_sent_again_leads_to_the_same_dinner(owner_client, trip, joerg):
    client_id = "3e6f3a0e-8d5e-4a43-9a55-2d6c1f7f5a11"
    first = tap(owner_client, joerg, "accepted", client_id=client_id)
    again = tap(owner_client, joerg, "accepted", client_id=client_id)
    attempt = Attempt.objects.get()
    assert first.url == again.url == reverse("tonight-dinner-form", args=[attempt.pk])


def test_the_place_form_offers_the_phones_location(owner_client):
    page = tonight_page(owner_client)
    assert 'id="use-location"' in page and "hidden" in page.split('id="use-location"')[1][:80]
    assert f'data-url="{reverse("place-nearest")}"' in page
    assert "evenings/tonight.js" in page
