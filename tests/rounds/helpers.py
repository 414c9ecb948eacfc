"""A trip evening in Dresden with three people to invite: German on du, German on Sie, and
an English speaker; the host is Hans Gastgeber."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from tafelrunde.network.models import Phone
from tests.factories import ContactFactory, EmailFactory, PhoneFactory, PlaceFactory, TripFactory

TODAY = dt.date(2025, 3, 12)
BERLIN = ZoneInfo("Europe/Berlin")
EARLY_EVENING = dt.datetime(2025, 3, 12, 17, 30, tzinfo=BERLIN)
LINK = re.compile(r"https?://[^\s]+/i/([A-Za-z0-9_-]+)/")


def located(owner, city="Dresden", phone="", email="", **fields):
    contact = ContactFactory(owner=owner, **fields)
    contact.set_location(PlaceFactory(city=city), "address", 0.95)
    contact.save()
    if phone:
        PhoneFactory(contact=contact, number=phone, type=Phone.Type.MOBILE)
    if email:
        EmailFactory(contact=contact, address=email)
    return contact


def dresden_evening(owner):
    """The trip to Dresden and three guests: (joerg, anna, mary)."""
    TripFactory(owner=owner, start=TODAY - dt.timedelta(days=1), end=TODAY)
    joerg = located(
        owner,
        given_name="Jörg",
        family_name="Müller",
        language="de",
        address_form="du",
        phone="+4915112345678",
    )
    anna = located(
        owner,
        given_name="Anna",
        family_name="Schmidt",
        language="de",
        address_form="sie",
        email="anna@example.org",
    )
    mary = located(
        owner,
        given_name="Mary",
        family_name="Smith",
        language="en",
        address_form="sie",
        phone="+447700900123",
    )
    return joerg, anna, mary


def token_in(url: str) -> str:
    match = LINK.search(url)
    assert match, url
    return match.group(1)


def answer_on(client, path: str, answer: str, message: str = "", **extra):
    """Answer as a guest does who has the link's page open (its form carries the check)."""
    from tafelrunde.rounds.links import form_check

    data = {"answer": answer, "message": message, "check": form_check(path.split("/")[2])}
    return client.post(path, data, **extra)
