"""/api/v1/meals: the meal log, a meal added with the same rules as `tafelrunde meal add`."""

import datetime as dt

import pytest
import time_machine

from tafelrunde.meals.models import Meal
from tests.factories import (
    ContactFactory,
    EveningFactory,
    MealFactory,
    MealParticipantFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def on_the_14th():
    with time_machine.travel(dt.datetime(2025, 3, 14, 20, 0, tzinfo=dt.UTC), tick=False):
        yield


def errors_of(response) -> dict:
    assert response.status_code == 422, response.content
    return {".".join(map(str, e["loc"])): e["msg"] for e in response.json()["detail"]}


def test_a_meal_is_logged_with_its_guests_and_bill(api, owner):
    dresden = PlaceFactory(city="Dresden")
    evening = EveningFactory(owner=owner, place=dresden, date=DAY)
    anna = ContactFactory(owner=owner, given_name="Anna", family_name="Albrecht")
    bernd = ContactFactory(owner=owner, given_name="Bernd", family_name="Berger")
    response = api.post(
        "/meals",
        {
            "date": "2025-03-14",
            "participants": [anna.pk, bernd.pk, anna.pk],
            "restaurant": "Sophienkeller",
            "time": "19:30",
            "amount": "86.50",
            "tip": 8.5,
            "currency": "eur",
            "occasion": "Projekt Elbbrücke: nächste Phase",
        },
    )
    assert response.status_code == 201
    data = response.json()
    meal = Meal.objects.get()
    assert data["id"] == meal.pk
    assert data["participants"] == ["Anna Albrecht", "Bernd Berger"]
    assert [g["contact_id"] for g in data["guests"]] == [anna.pk, bernd.pk]
    assert (data["amount"], data["tip"], data["currency"]) == ("86.50", "8.50", "EUR")
    assert (data["status"], data["business"], data["time"]) == ("held", True, "19:30")
    assert (data["evening_id"], data["place"]["name"]) == (evening.pk, "Dresden")
    assert api.get(f"/meals/{meal.pk}").json() == data


def test_a_meal_ahead_is_planned_and_a_private_one_says_so(api, owner):
    anna = ContactFactory(owner=owner)
    data = api.post(
        "/meals",
        {"date": "2025-03-20", "participants": [anna.pk], "business": False, "place": "Muenchen"},
    ).json()
    assert (data["status"], data["business"], data["place"]["name"]) == ("planned", False, "Munich")


@pytest.mark.parametrize(
    "changes, where",
    [
        ({"participants": []}, "body.participants"),
        ({"participants": ["1"]}, "body.participants.0"),
        ({"amount": "-1"}, "body.amount"),
        ({"amount": -1}, "body.amount"),
        ({"amount": "86.505"}, "body.amount"),
        ({"amount": "1e5"}, "body.amount"),
        ({"amount": 10**12}, "body.amount"),
        ({"amount": True}, "body.amount"),
        ({"tip": "NaN"}, "body.tip"),
        ({"currency": "EURO"}, "body.currency"),
        ({"currency": "€"}, "body.currency"),
        ({"place": "Atlantis-upon-Sea"}, "body.place"),
        ({"time": "25:00"}, "body.time"),
        ({"date": "14.03.2025"}, "body.date"),
        ({"business": "yes"}, "body.business"),
        ({"paid_by": "nobody"}, "body.paid_by"),
    ],
)
def test_bad_meals_are_refused_field_by_field(api, owner, changes, where):
    anna = ContactFactory(owner=owner)
    body = {"date": "2025-03-14", "participants": [anna.pk], **changes}
    assert where in errors_of(api.post("/meals", body))
    assert not Meal.objects.exists()


@pytest.mark.parametrize("language", ["de", "en"])
def test_amounts_do_not_depend_on_the_clients_language(api, owner, language):
    anna = ContactFactory(owner=owner)
    response = api.client.post(
        "/api/v1/meals",
        data={"date": "2025-03-14", "participants": [anna.pk], "amount": "1234.50", "tip": 8.5},
        content_type="application/json",
        headers={**api._headers(), "Accept-Language": language},
    )
    assert (response.json()["amount"], response.json()["tip"]) == ("1234.50", "8.50")


def test_a_number_amount_is_rounded_to_cents(api, owner):
    anna = ContactFactory(owner=owner)
    data = api.post(
        "/meals", {"date": "2025-03-14", "participants": [anna.pk], "amount": 86.499}
    ).json()
    assert data["amount"] == "86.50"


def test_another_accounts_contact_is_never_a_guest(api, owner, outsider):
    anna, theirs = ContactFactory(owner=owner), ContactFactory(owner=outsider)
    errors = errors_of(
        api.post("/meals", {"date": "2025-03-14", "participants": [anna.pk, theirs.pk]})
    )
    assert errors == {"body.participants": "Choose among your own contacts."}
    assert not Meal.objects.exists()


def test_meals_are_listed_newest_first(api, owner, outsider):
    older = MealParticipantFactory(meal__owner=owner, meal__date=DAY - dt.timedelta(days=30)).meal
    newer = MealParticipantFactory(meal__owner=owner, meal__date=DAY).meal
    MealFactory(owner=outsider)
    data = api.get("/meals").json()
    assert data["count"] == 2
    assert [m["id"] for m in data["items"]] == [newer.pk, older.pk]
    assert api.get("/meals", limit="1", offset="1").json()["items"][0]["id"] == older.pk
