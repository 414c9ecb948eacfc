"""A sales team of three on the road: Hans (the viewer), Anna and Bert, who know people in
Dresden; and Olga, who is in no team with them."""

from __future__ import annotations

import datetime as dt

from tafelrunde.accounts.models import profile_for
from tafelrunde.network.models import Phone
from tafelrunde.teams.membership import add_member, create_team
from tests.factories import ContactFactory, EmailFactory, PhoneFactory, PlaceFactory, UserFactory

DAY = dt.date(2025, 3, 14)


def account(username: str, full_name: str, language: str = "de", page_language: str = ""):
    """An account with a name; `language` is that of its papers, `page_language` that of its
    pages and commands ("" follows the browser or the terminal)."""
    user = UserFactory(username=username, email=f"{username}@firma.example")
    profile = profile_for(user)
    profile.full_name, profile.language = full_name, language
    profile.page_language = page_language
    profile.save()
    return user


def located(owner, city="Dresden", phone="", email="", **fields):
    """A contact of `owner` living in `city`."""
    contact = ContactFactory(owner=owner, **fields)
    contact.set_location(PlaceFactory(city=city), "address", 0.95)
    contact.save()
    if phone:
        PhoneFactory(contact=contact, number=phone, type=Phone.Type.MOBILE)
    if email:
        EmailFactory(contact=contact, address=email)
    return contact


def sales_team(hans, *colleagues, name="Vertrieb"):
    """A team owned by Hans with the colleagues as members: {user id: membership}."""
    owner = create_team(hans, name)
    found = {hans.pk: owner}
    for colleague in colleagues:
        found[colleague.pk] = add_member(owner, colleague)
    return found
