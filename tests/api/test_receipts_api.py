"""The receipt through the API: approve, history (versions and change log), each version's
PDF byte for byte, and deleting an approved meal only with a reason (issue 18)."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from tafelrunde.meals.models import Meal, MealParticipant
from tests.factories import ContactFactory, MealFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_uploads")]


@pytest.fixture
def meal(owner):
    meal = MealFactory(
        owner=owner,
        date=dt.date(2027, 3, 14),
        restaurant="Brauhaus Müller",
        restaurant_address="Königstraße 5, 01097 Dresden",
        business=True,
        amount=Decimal("123.40"),
    )
    MealParticipant.objects.create(meal=meal, contact=ContactFactory(owner=owner))
    return meal


def test_the_api_approves_shows_the_history_serves_the_pdf_and_deletes_with_a_reason(
    api, meal, owner
):
    approved = api.post(f"/meals/{meal.pk}/receipt/approve")
    assert approved.status_code == 201
    body = approved.json()
    (version,) = body["versions"]
    assert (version["number"], version["replaces"]) == (1, None)
    assert body["log"][0]["action"] == "approved"
    assert api.post(f"/meals/{meal.pk}/receipt/approve").status_code == 409
    pdf = api.get(f"/meals/receipt-versions/{version['id']}")
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == version["sha256"]
    refused = api.delete(f"/meals/{meal.pk}")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "reason"]
    assert api.delete(f"/meals/{meal.pk}?reason=Wrong%20day").status_code == 204
    history = api.get(f"/meals/{meal.pk}/receipt").json()  # still there after the deletion
    assert [e["action"] for e in history["log"]] == ["approved", "deleted"]
    assert history["log"][1]["reason"] == "Wrong day"


def test_the_api_refuses_to_approve_a_private_meal(api, meal):
    Meal.objects.filter(pk=meal.pk).update(business=False)
    assert api.post(f"/meals/{meal.pk}/receipt/approve").status_code == 422
