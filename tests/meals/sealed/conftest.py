"""The meal whose receipt is sealed, its host and guest, and a clock that stands at the
approval: shared by the tests of sealed receipts (issue 18)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals.models import MealParticipant
from tests.factories import ContactFactory, MealFactory, PlaceFactory
from tests.meals.sealed.receipts import APPROVED, OCCASION


@pytest.fixture(autouse=True)
def clock():
    """The clock stands at the approval; a test moves it on to the change."""
    with time_machine.travel(APPROVED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def host(owner):
    profile = profile_for(owner)
    profile.full_name, profile.language = "Dr. Hans Gastgeber", "de"
    profile.save()
    return owner


@pytest.fixture
def guest(host):
    return ContactFactory(owner=host, given_name="Jörg", family_name="Weiß", organisation="")


@pytest.fixture
def meal(host, guest):
    meal = MealFactory(
        owner=host,
        date=dt.date(2027, 3, 14),
        restaurant="Brauhaus Müller",
        restaurant_address="Königstraße 5, 01097 Dresden",
        place=PlaceFactory(city="Dresden"),
        occasion=OCCASION,
        business=True,
        amount=Decimal("123.40"),
        tip=Decimal("12.60"),
    )
    MealParticipant.objects.create(meal=meal, contact=guest)
    return meal
