"""Every page, asked with any query, and showing odd data the forms take: never a 5xx."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    TripFactory,
)
from tests.fuzz.conftest import fresh_database, fuzz_settings, owned_rows
from tests.fuzz.strategies import DATES, NUMBERS, SPECIALS, form_value
from tests.fuzz.web import ANY_IDS, PLACES, fitting_text, refs, resolve

pytestmark = pytest.mark.django_db


PAGES = st.sampled_from(
    [
        ("home", None, {}),
        ("contact-list", None, {"q": form_value(), "page": st.sampled_from(NUMBERS)}),
        ("contact-detail", refs("contact"), {}),
        ("contact-edit", refs("contact"), {}),
        ("contact-overdue", None, {"page": st.sampled_from(NUMBERS)}),
        ("follow-ups", None, {}),
        ("match-suggestions", None, {"page": st.sampled_from(NUMBERS)}),
        ("trip-list", None, {"all": st.sampled_from(["1", "0", "\x00"])}),
        ("meal-list", None, {"page": st.sampled_from(NUMBERS)}),
        ("meal-detail", refs("meal"), {}),
        ("meal-create", None, {"contact": refs("contact", others=ANY_IDS)}),
        ("meal-receipt", refs("meal"), {"language": st.sampled_from(["de", "en", "xx", "\x00"])}),
        (
            "meal-expenses-form",
            None,
            {"from": st.sampled_from(DATES), "to": st.sampled_from(DATES)},
        ),
        ("meal-expenses", None, {"from": st.sampled_from(DATES), "to": st.sampled_from(DATES)}),
        ("tonight", None, {"place": st.sampled_from(PLACES), "date": st.sampled_from(DATES)}),
        ("tonight-dinner", refs("meal"), {}),
        ("tonight-dinner-ics", refs("meal"), {}),
        ("contact-export", None, {}),
        ("stats", None, {}),
    ]
)


@fuzz_settings(40)
@given(data=st.data(), page=PAGES)
def test_every_page_answers_any_query_without_a_server_error(owner_client, world, data, page):
    name, ref, query = page
    args = [resolve(world, data.draw(ref))] if ref is not None else []
    if name == "contact-export":
        args = [data.draw(st.sampled_from(["json", "vcard", "csv", "pdf", "\x00"]))]
    params = {
        key: data.draw(st.one_of(value, st.sampled_from(SPECIALS))) for key, value in query.items()
    }
    with fresh_database():
        response = owner_client.get(reverse(name, args=args), resolve(world, params))
        event(f"GET {response.status_code}")
        assert response.status_code < 500
        assert owned_rows(world.outsider) == world.outsider_rows


# A form each page takes as it is, and the text fields a NUL may hide in.
ODD_DATES = st.sampled_from(
    [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date.today()]
)
SUMMARY_PAGES = (
    "home",
    "contact-list",
    "contact-overdue",
    "follow-ups",
    "trip-list",
    "meal-list",
    "meal-expenses-form",
    "tonight",
    "stats",
    "contact-export",
)
ROW_PAGES = ("contact-detail", "meal-detail", "meal-receipt", "tonight-dinner-ics", "trip-edit")


@fuzz_settings(25)
@given(
    name=fitting_text(100),
    day=ODD_DATES,
    other_day=ODD_DATES,
    time=st.sampled_from([None, dt.time(0, 0), dt.time(23, 59)]),
    rating=st.sampled_from([None, 1, 5]),
    rhythm=st.sampled_from([None, 1, 3650]),
    pages=st.lists(st.sampled_from(SUMMARY_PAGES + ROW_PAGES), min_size=1, max_size=3, unique=True),
)
def test_every_page_shows_odd_but_valid_data(
    owner_client, owner, world, name, day, other_day, time, rating, rhythm, pages
):
    """What the forms take (a dinner on 0001-01-01, a name of 100 emoji) every page shows."""
    with fresh_database():
        place = world.mine.trip.place
        contact = ContactFactory(
            owner=owner,
            given_name=name,
            family_name="",
            known_since=day,
            birthday=other_day,
            rhythm_days=rhythm,
            place=place,
            latitude=place.latitude,
            longitude=place.longitude,
        )
        meal = MealFactory(owner=owner, date=day, time=time, place=place, amount="99999999.99")
        MealParticipantFactory(meal=meal, contact=contact, rating=rating)
        TripFactory(owner=owner, place=place, start=min(day, other_day), end=max(day, other_day))
        FollowUpFactory(contact=contact, owner=owner, due=other_day)
        rows = {
            "contact-detail": contact,
            "meal-detail": meal,
            "meal-receipt": meal,
            "tonight-dinner-ics": meal,
            "trip-edit": world.mine.trip,
        }
        for page in pages:
            if page == "contact-export":
                url = reverse(page, args=["json"])
            else:
                url = reverse(page, args=[rows[page].pk] if page in rows else [])
            response = owner_client.get(url)
            event(f"GET {response.status_code}")
            assert response.status_code < 500, page
