"""Posting forms as the owner: rows of the owner's and an outsider's, and values to post."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse
from hypothesis import event
from hypothesis import strategies as st

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.models import Attempt
from tafelrunde.tonight.call_list import record_attempt
from tests.factories import (
    AddressFactory,
    ContactFactory,
    EmailFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
    namesake_group,
)
from tests.fuzz.conftest import owned_rows
from tests.fuzz.strategies import form_value, words

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".de"
EMAILS = ("anna@example.com", "ANNA@Example.com", LONG_EMAIL, "no-at", "a@b", "ü@bäcker.de", "")
PHONES = ("+49 351 4864 2222", "0351 123456", "0351-", "+", "1" * 80, "tel:+1-212-555-0100")
PLACES = ("", "Dresden", "München", "Muenchen", "Frankfurt", "Nowhere-on-Earth", "中" * 5)
NEXT_URLS = ("/contacts/", "https://evil.example/", "//evil.example", "javascript:alert(1)")


@dataclass(frozen=True)
class Ref:
    """A row of the owner's or the outsider's ("mine.meal", "theirs.contact"), or an id that
    is no row at all; resolved when the test has its world."""

    name: str


URL_IDS = ("0", "99999999999999999999", str(2**63))
ANY_IDS = (*URL_IDS, "-1", "1.5", "x", "", "\x00", "1\x00")


def refs(*rows: str, others=URL_IDS) -> st.SearchStrategy[Ref]:
    """Mostly the owner's rows (so that forms get saved), else the outsider's or no row."""
    mine = st.sampled_from([Ref(f"mine.{row}") for row in rows])
    theirs = [Ref(f"theirs.{row}") for row in rows]
    return st.one_of(mine, mine, st.sampled_from([*theirs, *map(Ref, others)]))


def resolve(world, value):
    if isinstance(value, Ref):
        side, _, row = value.name.partition(".")
        return str(getattr(getattr(world, side), row).pk) if row else value.name
    if isinstance(value, list):
        return [resolve(world, item) for item in value]
    return value


def form(**fields: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """A posted form: every field with a value the form may take (odd, but valid, so that it
    is saved and shown), or each field with anything at all, or left out."""
    valid = st.fixed_dictionaries(fields)
    chaos = st.fixed_dictionaries(
        {}, optional={name: st.one_of(s, form_value()) for name, s in fields.items()}
    )
    return st.one_of(valid, chaos).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


def fitting_text(max_length: int) -> st.SearchStrategy[str]:
    """Text a form field takes: a name, any characters but NUL, or the longest it may be."""
    return st.one_of(
        words(),
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30),
        st.builds(lambda char: char * max_length, st.sampled_from("中😀Äx")),
    )


def fitting_dates() -> st.SearchStrategy[str]:
    return st.sampled_from(["2026-02-28", "0001-01-01", "9999-12-31", "1970-01-01", ""])


def lines_of(values) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(values), max_size=3).map("\n".join)


def make_world(owner, outsider) -> SimpleNamespace:
    """The owner's network and the outsider's, each a contact with everything around it."""
    mine, theirs = _network(owner), _network(outsider)
    return SimpleNamespace(
        mine=mine, theirs=theirs, outsider=outsider, outsider_rows=owned_rows(outsider)
    )


def _network(user) -> SimpleNamespace:
    profile_for(user)  # made on first use otherwise, by whichever page comes first
    place = PlaceFactory(city="Dresden")
    contact = ContactFactory(owner=user, given_name="Anna", family_name="Weber", place=place)
    PhoneFactory(contact=contact, owner=user)
    EmailFactory(contact=contact, owner=user)
    AddressFactory(contact=contact, owner=user)
    other = ContactFactory(owner=user, given_name="Bernd", family_name="Weber")
    trip = TripFactory(owner=user, place=place)
    meal = MealFactory(owner=user, place=place)
    MealParticipantFactory(meal=meal, contact=contact)
    attempt = record_attempt(
        user, contact, Attempt.Outcome.ACCEPTED, day=dt.date.today(), place=place
    )
    suggestion = namesake_group(user, contact, other, name="Anna Weber")
    return SimpleNamespace(
        contact=contact,
        other=other,
        trip=trip,
        meal=meal,
        note=NoteFactory(contact=contact, owner=user),
        follow_up=FollowUpFactory(contact=contact, owner=user),
        attempt=attempt,
        suggestion=suggestion,
    )


def submit(client, world, method: str, url: str, data: dict):
    """Send the form; the answer and the page it leads to are no server error, and the
    outsider's rows are as they were."""
    response = getattr(client, method)(url, resolve(world, data))
    event(f"{method.upper()} {response.status_code}")
    assert response.status_code < 500, response.content[:500]
    if response.status_code == 302 and response.url.startswith("/"):
        assert client.get(response.url).status_code < 500
    assert owned_rows(world.outsider) == world.outsider_rows
    return response


def url_for(world, name: str, ref: Ref | None = None) -> str:
    return reverse(name, args=[resolve(world, ref)] if ref else [])
