"""What the host reads on the Tonight list, its command and its contact pages: the ready
invitation with a proper greeting, and phone numbers as people write them (links keep E.164)."""

import datetime as dt
import html
import json
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tafelrunde.accounts.models import profile_for
from tafelrunde.network.models import Phone
from tests.factories import ContactFactory, PhoneFactory, PlaceFactory, TripFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 12)


@pytest.fixture(autouse=True)
def early_evening():
    with time_machine.travel(dt.datetime(2025, 3, 12, 18, tzinfo=ZoneInfo("Europe/Berlin"))):
        yield


@pytest.fixture
def holger(owner):
    """A customer in Dresden, formally addressed, with a Dresden landline and a mobile."""
    contact = ContactFactory(
        owner=owner,
        salutation="mr",
        title="Dr.",
        given_name="Holger",
        family_name="Brandt",
        organisation="Elbe AG",
    )
    contact.set_location(PlaceFactory(city="Dresden"), "address", 0.95)
    contact.save()
    PhoneFactory(contact=contact, number="+493517491792", type=Phone.Type.WORK)
    PhoneFactory(contact=contact, number="+4917012345678", type=Phone.Type.MOBILE)
    return contact


@pytest.fixture
def emma(owner):
    """An English-speaking friend with a London number, on first names."""
    contact = ContactFactory(
        owner=owner,
        given_name="Emma",
        family_name="Clarke",
        language="en",
        address_form="du",
        kinds=["friend"],
    )
    contact.set_location(PlaceFactory(city="Dresden"), "address", 0.95)
    contact.save()
    PhoneFactory(contact=contact, number="+447700900123", type=Phone.Type.MOBILE)
    return contact


def tonight_json(capsys) -> dict:
    call_command("tonight", "Dresden", "--json")
    return json.loads(capsys.readouterr().out)


def test_tonight_json_gives_each_candidate_the_invitation_and_e164_phones(capsys, holger, emma):
    candidates = {c["name"]: c for c in tonight_json(capsys)["candidates"]}
    brandt, clarke = candidates["Dr. Holger Brandt"], candidates["Emma Clarke"]
    assert brandt["invitation"].startswith("Guten Tag Herr Dr. Brandt, ich bin heute Abend in")
    assert brandt["invitation"].endswith("Herzliche Grüße, Hans Gastgeber")
    assert brandt["phones"] == ["+493517491792", "+4917012345678"]
    assert clarke["invitation"].startswith("Hi Emma, I'm in Dresden tonight.")
    assert clarke["phones"] == ["+447700900123"]


def test_the_json_invitation_is_the_text_the_pages_links_carry(owner_client, owner, capsys, holger):
    TripFactory(owner=owner, start=TODAY)
    profile = profile_for(owner)
    profile.invitation_templates = {"de-sie": "{greeting}, Essen in {city}? {host}"}
    profile.save()
    invitation = tonight_json(capsys)["candidates"][0]["invitation"]
    assert invitation == "Guten Tag Herr Dr. Brandt, Essen in Dresden? Hans Gastgeber"
    row = owner_client.get(reverse("tonight")).context["rows"][0]
    assert parse_qs(urlsplit(row.actions.whatsapp).query)["text"] == [invitation]


def test_the_tonight_table_shows_the_number_to_call_as_read_at_home(capsys, owner, holger, emma):
    call_command("tonight", "Dresden")
    out = capsys.readouterr().out
    assert "Dr. Holger Brandt  Elbe AG" in out
    assert "0170 12345678" in out  # the mobile, in the owner's country: national
    assert "+44 7700 900123" in out  # abroad: international
    assert "+49" not in out
    profile = profile_for(owner)
    profile.home_country = "AT"
    profile.save()
    call_command("tonight", "Dresden")
    assert "+49 170 12345678" in capsys.readouterr().out


def test_the_tonight_page_shows_readable_numbers_and_dials_e164(owner_client, owner, holger, emma):
    TripFactory(owner=owner, start=TODAY)
    page = html.unescape(owner_client.get(reverse("tonight")).content.decode())
    assert 'href="tel:+4917012345678"' in page
    assert "Call 0170 12345678" in page
    assert 'href="tel:+447700900123"' in page
    assert "Call +44 7700 900123" in page


def test_the_contact_page_shows_numbers_as_people_write_them(owner_client, holger):
    page = owner_client.get(reverse("contact-detail", args=[holger.pk])).content.decode()
    assert '<a href="tel:+493517491792">0351 7491792</a>' in page
    assert '<a href="tel:+4917012345678">0170 12345678</a>' in page


def test_the_contact_page_shows_the_salutation_in_the_pages_language(owner_client, holger):
    url = reverse("contact-detail", args=[holger.pk])
    german = owner_client.get(url, headers={"accept-language": "de"}).content.decode()
    assert "<dt>Anrede</dt>\n  <dd>Herr</dd>" in german
    english = owner_client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "<dt>Salutation</dt>\n  <dd>Mr</dd>" in english
