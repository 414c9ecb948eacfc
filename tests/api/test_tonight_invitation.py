"""/api/v1/tonight gives each candidate the ready invitation, as `tonight --json` does."""

import pytest

from tests.factories import ContactFactory, PhoneFactory, PlaceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_evening_14_march_2025")]


def test_each_candidate_comes_with_the_invitation_in_their_language_and_form(api, owner):
    dresden = PlaceFactory(city="Dresden")
    for salutation, given, family, language in (("ms", "Birgit", "Weber", "de"),
                                                 ("mr", "Paul", "Adler", "en")):  # fmt: skip
        contact = ContactFactory(
            owner=owner,
            salutation=salutation,
            title="Prof. Dr.",
            given_name=given,
            family_name=family,
            language=language,
        )
        contact.set_location(dresden, "address", 0.9)
        contact.save()
        PhoneFactory(contact=contact, number="+4935112345")
    response = api.get("/tonight", place="Dresden")
    assert response.status_code == 200
    invitations = {c["name"]: c["invitation"] for c in response.json()["candidates"]}
    assert invitations["Prof. Dr. Birgit Weber"].startswith("Guten Tag Frau Prof. Weber, ich bin")
    assert invitations["Prof. Dr. Paul Adler"].startswith("Dear Professor Adler, I am in Dresden")
