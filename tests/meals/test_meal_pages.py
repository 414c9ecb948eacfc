"""Meal pages: the log, one meal, a meal by hand or completed after a yes, and the bill photo."""

import base64
import datetime as dt
import html
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.tonight.call_list import record_attempt
from tests.factories import (
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PlaceFactory,
    TripFactory,
)

TODAY = dt.date(2025, 3, 12)
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture(autouse=True)
def after_dinner():
    with time_machine.travel(dt.datetime(2025, 3, 12, 23, tzinfo=ZoneInfo("Europe/Berlin"))):
        yield


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def sabine(owner):
    return ContactFactory(owner=owner, given_name="Sabine", family_name="Weiß")


def meal_form_data(**fields) -> dict:
    data = {
        "date": "2025-03-12",
        "time": "19:30",
        "restaurant": "Sophienkeller",
        "restaurant_address": "Taschenberg 3, 01067 Dresden",
        "place": "Dresden",
        "guests": [],
        "add_guests": "",
        "business": "True",
        "occasion": "Projekt Elbbrücke: nächste Phase",
        "amount": "",
        "tip": "",
        "currency": "EUR",
        "paid_by": "host",
        "notes": "",
        "happened": "on",
    }
    return data | fields


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def test_it_adds_a_meal_by_hand_with_guests_their_warmth_and_the_bill(
    owner_client, owner, joerg, sabine
):
    data = meal_form_data(
        guests=[joerg.pk, sabine.pk],
        **{f"rating_{joerg.pk}": "5"},
        place="Muenchen",
        amount="86.50",
        tip="8.50",
        currency="chf",
        paid_by="split",
    )
    response = owner_client.post(reverse("meal-create"), data)
    meal = Meal.objects.owned_by(owner).get()
    assert response.url == reverse("meal-detail", args=[meal.pk])
    assert (meal.place.name, meal.restaurant, meal.time) == (
        "Munich",
        "Sophienkeller",
        dt.time(19, 30),
    )
    assert (meal.amount, meal.tip, meal.currency) == (Decimal("86.50"), Decimal("8.50"), "CHF")
    assert (meal.paid_by, meal.business, meal.status) == ("split", True, Meal.Status.HELD)
    seats = set(meal.participants.values_list("contact", "rating"))
    assert seats == {(joerg.pk, 5), (sabine.pk, None)}


def test_the_warmth_of_each_guest_is_kept(owner_client, owner, joerg, sabine):
    meal = MealFactory(owner=owner, date=TODAY)
    MealParticipantFactory(meal=meal, contact=joerg)
    MealParticipantFactory(meal=meal, contact=sabine, rating=2)
    data = meal_form_data(guests=[joerg.pk, sabine.pk], **{f"rating_{joerg.pk}": "5"})
    owner_client.post(reverse("meal-edit", args=[meal.pk]), data)
    ratings = dict(meal.participants.values_list("contact_id", "rating"))
    assert ratings == {joerg.pk: 5, sabine.pk: None}


def test_guests_can_be_added_by_name_in_any_spelling(owner_client, owner, joerg):
    owner_client.post(reverse("meal-create"), meal_form_data(add_guests="joerg mueller\n"))
    assert Meal.objects.owned_by(owner).get().participants.get().contact == joerg


def test_an_ambiguous_name_offers_the_matches_to_tick(owner_client, owner, joerg):
    anna = ContactFactory(owner=owner, given_name="Anna", family_name="Müller")
    response = owner_client.post(reverse("meal-create"), meal_form_data(add_guests="Müller"))
    page = page_of(response)
    assert "Several contacts match “Müller”: tick the one you mean above." in page
    assert f'value="{anna.pk}"' in page and f'value="{joerg.pk}"' in page
    assert not Meal.objects.exists()


def test_a_meal_needs_a_guest(owner_client):
    response = owner_client.post(reverse("meal-create"), meal_form_data())
    assert "Who was at the table? Choose at least one guest." in page_of(response)
    assert not Meal.objects.exists()


def test_the_contact_in_the_address_starts_ticked(owner_client, joerg):
    response = owner_client.get(reverse("meal-create"), {"contact": joerg.pk})
    page = page_of(response)
    assert f'value="{joerg.pk}"' in page
    assert f'name="guests" value="{joerg.pk}" id="id_guests_0" checked' in page
    assert 'name="date" value="2025-03-12"' in page
    assert 'id="id_happened" checked' in page  # a meal added by hand mostly took place


def test_another_accounts_contact_in_the_address_is_404(owner_client, outsider):
    theirs = ContactFactory(owner=outsider)
    assert owner_client.get(reverse("meal-create"), {"contact": theirs.pk}).status_code == 404


def test_another_accounts_contact_is_refused_never_seated(owner_client, owner, outsider, joerg):
    theirs = ContactFactory(owner=outsider)
    data = meal_form_data(guests=[joerg.pk, theirs.pk])
    response = owner_client.post(reverse("meal-create"), data)
    assert response.status_code == 200
    assert "Choose among your own contacts." in page_of(response)
    assert not Meal.objects.exists()
    assert not MealParticipant.objects.filter(contact=theirs).exists()


@pytest.mark.parametrize("made_up", ["0", "9" * 30, "x"])
def test_a_made_up_contact_number_is_a_form_error(owner_client, joerg, made_up):
    response = owner_client.post(reverse("meal-create"), meal_form_data(guests=[made_up]))
    assert response.status_code == 200
    assert not Meal.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"tip": "-0.50"}, "Ensure this value is greater than or equal to 0."),
        ({"amount": "12.345"}, "Ensure that there are no more than 2 decimal places."),
        ({"currency": "E1"}, "A currency is a three-letter code such as EUR, CHF or USD."),
        ({"place": "Qwxzrtplk"}, "No place called “Qwxzrtplk” is known."),
        ({"date": "yesterday"}, "Enter a valid date."),
        ({"amount": "NaN"}, "Enter a number."),
        ({"amount": "1e20"}, "Ensure that there are no more than 10 digits in total."),
    ],
)
def test_bad_input_is_a_form_error(owner_client, joerg, fields, message):
    response = owner_client.post(
        reverse("meal-create"), meal_form_data(guests=[joerg.pk], **fields)
    )
    assert response.status_code == 200
    assert message in page_of(response)
    assert not Meal.objects.exists()


def test_a_meal_on_a_trip_evening_is_at_that_evening(owner_client, owner, joerg):
    evening = EveningFactory(owner=owner, date=TODAY, place=PlaceFactory(city="Radebeul"))
    owner_client.post(reverse("meal-create"), meal_form_data(guests=[joerg.pk], place=""))
    meal = Meal.objects.owned_by(owner).get()
    assert (meal.evening, meal.place) == (evening, evening.place)


@pytest.fixture
def planned_dinner(owner_client, owner, joerg):
    """A yes on the Tonight page, and the dinner planned from it."""
    TripFactory(owner=owner, place=PlaceFactory(city="Dresden"), start=TODAY, end=TODAY)
    attempt = record_attempt(owner, joerg, Attempt.Outcome.ACCEPTED, day=TODAY)
    dinner = {"time": "19:30", "restaurant": "Sophienkeller", "restaurant_address": "Taschenberg 3"}
    owner_client.post(reverse("tonight-dinner-form", args=[attempt.pk]), dinner)
    return Meal.objects.owned_by(owner).get()


def test_a_planned_dinner_is_completed_from_a_prefilled_form(owner_client, joerg, planned_dinner):
    meal = planned_dinner
    assert meal.status == Meal.Status.PLANNED
    dinner_page = page_of(owner_client.get(reverse("tonight-dinner", args=[meal.pk])))
    edit_url = reverse("meal-edit", args=[meal.pk])
    assert f'href="{edit_url}"' in dinner_page
    page = page_of(owner_client.get(edit_url))
    assert "Complete the dinner" in page
    assert 'name="restaurant" value="Sophienkeller"' in page
    assert 'name="place" value="Dresden"' in page
    assert f'name="guests" value="{joerg.pk}" id="id_guests_0" checked' in page
    assert 'id="id_happened">' in page  # not ticked: planned until it happened
    data = meal_form_data(
        guests=[joerg.pk], amount="120.00", tip="12", happened="", **{f"rating_{joerg.pk}": "4"}
    )
    owner_client.post(edit_url, data)
    meal.refresh_from_db()
    assert (meal.status, meal.amount, meal.tip) == ("held", Decimal("120.00"), Decimal("12.00"))
    assert meal.evening is not None and meal.evening.date == TODAY
    assert list(meal.participants.values_list("contact", "rating")) == [(joerg.pk, 4)]


def test_it_happened_holds_a_dinner_without_an_amount(owner_client, joerg, planned_dinner):
    url = reverse("meal-edit", args=[planned_dinner.pk])
    owner_client.post(url, meal_form_data(guests=[joerg.pk], happened=""))
    planned_dinner.refresh_from_db()
    assert planned_dinner.status == Meal.Status.PLANNED
    owner_client.post(url, meal_form_data(guests=[joerg.pk], happened="on"))
    planned_dinner.refresh_from_db()
    assert planned_dinner.status == Meal.Status.HELD


def test_unticking_a_guest_removes_them_but_a_deleted_contact_stays(owner_client, owner, joerg):
    meal = MealFactory(owner=owner, date=TODAY)
    MealParticipantFactory(meal=meal, contact=joerg)
    gone = MealParticipantFactory(meal=meal)
    gone.contact.delete()
    sabine = ContactFactory(owner=owner, given_name="Sabine", family_name="Weiß")
    owner_client.post(reverse("meal-edit", args=[meal.pk]), meal_form_data(guests=[sabine.pk]))
    seats = {(seat.contact_id, seat.name) for seat in meal.participants.all()}
    assert seats == {(None, gone.name), (sabine.pk, "Sabine Weiß")}


def test_the_list_shows_the_newest_meal_first_with_what_it_cost(owner_client, owner, joerg):
    older = MealFactory(owner=owner, date=TODAY - dt.timedelta(days=30), restaurant="Alte Mühle")
    newer = MealFactory(
        owner=owner,
        date=TODAY,
        restaurant="Sophienkeller",
        place=PlaceFactory(city="Dresden"),
        amount=Decimal("86.50"),
        tip=Decimal("8.50"),
        business=False,
        status=Meal.Status.PLANNED,
    )
    MealParticipantFactory(meal=newer, contact=joerg)
    MealFactory(owner=ContactFactory().owner, restaurant="Fremdes Lokal")
    page = page_of(owner_client.get(reverse("meal-list")))
    assert page.index("Sophienkeller") < page.index("Alte Mühle")
    assert "Fremdes Lokal" not in page
    for text in ("Dresden", "Jörg Müller", "€86.50", "+ €8.50 tip", "private", "planned"):
        assert text in page
    assert reverse("meal-detail", args=[older.pk]) in page


def test_the_meal_page_shows_the_table_warmth_notes_and_the_receipt(owner_client, owner, joerg):
    meal = MealFactory(owner=owner, date=TODAY, amount=Decimal("80"), tip=Decimal("10"))
    MealParticipantFactory(meal=meal, contact=joerg, rating=5)
    NoteFactory(contact=joerg, meal=meal, text="Dreams of a charity project in Porto.")
    FollowUpFactory(contact=joerg, meal=meal, text="Send him the foundation's contact.")
    page = page_of(owner_client.get(reverse("meal-detail", args=[meal.pk])))
    for text in ("Jörg Müller", "warmth 5 of 5", "charity project in Porto", "foundation's"):
        assert text in page
    assert "together €90.00" in page
    assert reverse("meal-receipt", args=[meal.pk]) in page


def test_a_private_meal_has_no_receipt(owner_client, owner):
    meal = MealFactory(owner=owner, business=False)
    page = page_of(owner_client.get(reverse("meal-detail", args=[meal.pk])))
    assert "Receipt (PDF)" not in page


@pytest.fixture
def meal(owner, joerg):
    meal = MealFactory(owner=owner, date=TODAY)
    MealParticipantFactory(meal=meal, contact=joerg)
    return meal


@pytest.mark.parametrize("name", ["meal-detail", "meal-edit", "meal-bill"])
def test_outsider_gets_404_for_the_owners_meal(outsider_client, meal, joerg, name):
    meal.bill_photo.save("bill.png", ContentFile(TINY_PNG))
    assert outsider_client.get(reverse(name, args=[meal.pk])).status_code == 404
    response = outsider_client.post(reverse("meal-edit", args=[meal.pk]), meal_form_data())
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "needs_meal"),
    [
        ("meal-list", False),
        ("meal-create", False),
        ("meal-detail", True),
        ("meal-edit", True),
        ("meal-bill", True),
    ],
)
def test_logged_out_visitors_are_sent_to_log_in(client, meal, name, needs_meal):
    url = reverse(name, args=[meal.pk] if needs_meal else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
