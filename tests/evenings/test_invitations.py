"""Invitations in the contact's language and form of address, their links, and the owner's
own texts."""

import datetime as dt
import html
from urllib.parse import parse_qs, quote, unquote, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings import invitations
from tafelrunde.network.models import Phone
from tafelrunde.tonight.calendar import dinner_ics
from tests.factories import (
    ContactFactory,
    EmailFactory,
    MealFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def joerg(owner):
    return ContactFactory(owner=owner, given_name="Jörg", family_name="Müller", address_form="du")


@pytest.fixture
def sabine(owner):
    return ContactFactory(
        owner=owner, salutation="ms", title="Dr.", given_name="Sabine", family_name="Weiß"
    )


def invite(contact, templates=None) -> str:
    return invitations.invitation_text(contact, "Dresden", "Hans Gastgeber", templates)


def test_a_du_contact_is_greeted_by_first_name_in_german(joerg):
    text = invite(joerg)
    assert text.startswith("Hallo Jörg, ich bin heute Abend in Dresden.")
    assert "Hast du Lust" in text
    assert text.endswith("Hans Gastgeber")


def test_german_speakers_are_invited_to_muenchen_others_to_munich(owner, joerg):
    munich = PlaceFactory(city="Munich")
    emma = ContactFactory(owner=owner, given_name="Emma", family_name="Clarke", language="en")
    german = invitations.invitation_text(
        joerg, invitations.city_for(munich, joerg), "Hans Gastgeber"
    )
    english = invitations.invitation_text(
        emma, invitations.city_for(munich, emma), "Hans Gastgeber"
    )
    assert "heute Abend in München." in german
    assert "I am in Munich tonight." in english


def test_a_sie_contact_is_greeted_by_salutation_title_and_family_name(sabine):
    text = invite(sabine)
    assert text.startswith("Guten Tag Frau Dr. Weiß, ich bin heute Abend in Dresden.")
    assert "Hätten Sie Zeit" in text


HOLGER = {"given_name": "Holger", "family_name": "Brandt"}
DR_HOLGER = HOLGER | {"salutation": "mr", "title": "Dr."}
BIRGIT = {"given_name": "Birgit", "family_name": "Weber"}
PROF_BIRGIT = BIRGIT | {"salutation": "ms", "title": "Prof. Dr."}


@pytest.mark.parametrize(
    ("person", "language", "form", "opening"),
    [
        (DR_HOLGER, "de", "sie", "Guten Tag Herr Dr. Brandt, "),
        (PROF_BIRGIT, "de", "sie", "Guten Tag Frau Prof. Weber, "),
        (HOLGER | {"salutation": "mr"}, "de", "sie", "Guten Tag Herr Brandt, "),
        (HOLGER, "de", "sie", "Guten Tag, ich bin"),  # not "Guten Tag Holger Brandt"
        (DR_HOLGER, "de", "du", "Hallo Holger, "),
        (DR_HOLGER, "en", "sie", "Dear Dr Brandt, "),
        (HOLGER | {"salutation": "mr"}, "en", "sie", "Dear Mr Brandt, "),
        (BIRGIT | {"salutation": "ms"}, "en", "sie", "Dear Ms Weber, "),
        (PROF_BIRGIT, "en", "sie", "Dear Professor Weber, "),
        (HOLGER, "en", "sie", "Dear Holger Brandt, "),
        (DR_HOLGER, "en", "du", "Hi Holger, "),
    ],
)
def test_invitations_greet_as_a_letter_in_that_language_and_form(
    owner, person, language, form, opening
):
    contact = ContactFactory(owner=owner, language=language, address_form=form, **person)
    assert invite(contact).startswith(opening)


def test_a_text_saved_before_there_was_a_greeting_still_says_what_it_said(sabine):
    own = {"de-sie": "Guten Tag {name}, heute in {city}? {host}"}
    assert invite(sabine, own) == "Guten Tag Dr. Sabine Weiß, heute in Dresden? Hans Gastgeber"


def test_an_own_text_may_use_the_greeting(sabine):
    own = {"de-sie": "{greeting}! Essen in {city}? {host}"}
    assert invite(sabine, own) == "Guten Tag Frau Dr. Weiß! Essen in Dresden? Hans Gastgeber"


@pytest.mark.parametrize(("form", "greeting"), [("du", "Hi Emma, "), ("sie", "Dear Emma Clarke, ")])
def test_everyone_else_is_invited_in_english(owner, form, greeting):
    emma = ContactFactory(
        owner=owner, given_name="Emma", family_name="Clarke", language="fr", address_form=form
    )
    assert invite(emma).startswith(f"{greeting}I")
    assert "in Dresden tonight" in invite(emma)


def test_without_a_given_name_the_full_name_greets(owner):
    contact = ContactFactory(owner=owner, given_name="", family_name="", full_name="Kiki")
    contact.address_form = "du"
    assert invite(contact).startswith("Hallo Kiki, ")


def test_the_links_carry_the_invitation_url_encoded(joerg):
    PhoneFactory(contact=joerg, number="+4917012345678", type=Phone.Type.MOBILE)
    EmailFactory(contact=joerg, address="joerg@example.com")
    text = invite(joerg)
    links = invitations.action_links(joerg, text, "Abendessen heute in Dresden?")
    assert links.call == "tel:+4917012345678"
    assert links.sms == f"sms:+4917012345678?&body={quote(text, safe='')}"
    assert links.sms.startswith("sms:+4917012345678?&body=Hallo%20J%C3%B6rg%2C%20ich%20bin")
    whatsapp = urlsplit(links.whatsapp)
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/4917012345678")
    assert parse_qs(whatsapp.query)["text"] == [text]
    mail = urlsplit(links.email)
    assert (mail.scheme, mail.path) == ("mailto", "joerg@example.com")
    assert "+" not in mail.query  # a "+" would show as a plus sign in mail programs
    fields = dict(part.split("=", 1) for part in mail.query.split("&"))
    assert unquote(fields["subject"]) == "Abendessen heute in Dresden?"
    assert unquote(fields["body"]) == text


def test_a_landline_gets_a_call_but_no_message(joerg):
    PhoneFactory(contact=joerg, number="+4935148642222", type=Phone.Type.WORK)
    links = invitations.action_links(joerg, "Hallo", "Essen?")
    assert links.call == "tel:+4935148642222"
    assert (links.sms, links.whatsapp, links.email) == ("", "", "")


def test_a_mobile_number_of_unknown_type_is_recognised_and_called_first(joerg):
    PhoneFactory(contact=joerg, number="+4935148642222", type=Phone.Type.WORK)
    PhoneFactory(contact=joerg, number="+4915112345678", type=Phone.Type.OTHER)
    links = invitations.action_links(joerg, "Hallo", "Essen?")
    assert links.call == "tel:+4915112345678"
    assert links.sms.startswith("sms:+4915112345678?")


def test_the_owners_own_text_is_used(joerg):
    own = {"de-du": "Servus {given_name}! Heute {city}? – {host}"}
    assert invite(joerg, own) == "Servus Jörg! Heute Dresden? – Hans Gastgeber"


@pytest.mark.parametrize(
    "broken", ["Hallo {vorname}", "Hallo {given_name", "{name.__class__}", "{name:>99999}"]
)
def test_a_broken_stored_text_falls_back_to_the_default(joerg, broken):
    assert invite(joerg, {"de-du": broken}) == invite(joerg)


def test_the_confirmation_names_the_time_and_the_restaurant(joerg, sabine):
    text = invitations.confirmation_text(joerg, "Dresden", "Hans", "19:30", "Weinstube, Neumarkt 5")
    assert text == (
        "Hallo Jörg, schön, dass es klappt! Heute um 19:30 Uhr, Weinstube, Neumarkt 5. "
        "Bis später, Hans"
    )
    assert invitations.confirmation_text(sabine, "Dresden", "Hans", "", "").startswith(
        "Guten Tag Frau Dr. Weiß, schön, dass es klappt! Heute Abend."
    )


def test_a_dinner_without_a_time_is_a_whole_day_in_the_calendar(owner):
    meal = MealFactory(owner=owner, date=dt.date(2025, 3, 12), place=PlaceFactory())
    event = icalendar.Calendar.from_ical(dinner_ics(meal, ["Emma"], "en")).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.date(2025, 3, 12)
    assert str(event["summary"]) == "Dinner with Emma"
    assert str(event["location"]) == "Sophienkeller"


def test_the_settings_page_needs_a_login(client):
    response = client.get(reverse("invitation-settings"))
    assert response.url.startswith(reverse("login"))


def test_the_settings_page_shows_the_defaults_with_labels(owner_client):
    page = html.unescape(owner_client.get(reverse("invitation-settings")).content.decode())
    assert 'for="id_de-du"' in page
    assert "Hallo {given_name}, ich bin heute Abend in {city}." in page


def test_an_edited_text_is_used_on_the_tonight_page(owner_client, owner, joerg):
    PhoneFactory(contact=joerg, number="+4917012345678", type=Phone.Type.MOBILE)
    joerg.set_location(PlaceFactory(), "address", 0.95)
    joerg.save()
    TripFactory(owner=owner, start=dt.date(2025, 3, 12))
    texts = {key: "" for key in invitations.TEMPLATE_KEYS}
    texts["de-du"] = "Servus {given_name}, heute in {city} essen? {host}"
    response = owner_client.post(reverse("invitation-settings"), texts)
    assert response.status_code == 302
    assert profile_for(owner).invitation_templates == {"de-du": texts["de-du"]}
    noon = dt.datetime(2025, 3, 12, 18, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(noon, tick=False):
        page = html.unescape(owner_client.get(reverse("tonight")).content.decode())
    assert "Servus Jörg, heute in Dresden essen? Hans Gastgeber" in page
    assert "body=Servus%20J%C3%B6rg%2C%20heute%20in%20Dresden%20essen%3F%20Hans" in page
    assert reverse("invitation-settings") in page


def test_an_unknown_placeholder_is_a_form_error(owner_client, owner):
    data = {key: "" for key in invitations.TEMPLATE_KEYS} | {"de-sie": "Guten Tag {vorname}"}
    response = owner_client.post(reverse("invitation-settings"), data)
    assert response.status_code == 200
    assert "Unknown placeholder: {vorname}." in html.unescape(response.content.decode())
    assert profile_for(owner).invitation_templates == {}


def test_an_unclosed_brace_is_a_form_error(owner_client, owner):
    data = {key: "" for key in invitations.TEMPLATE_KEYS} | {"en-du": "Hi {given_name"}
    response = owner_client.post(reverse("invitation-settings"), data)
    assert "A curly brace is not closed or not opened." in response.content.decode()


def test_emptying_a_text_brings_back_the_default(owner_client, owner):
    profile = profile_for(owner)
    profile.invitation_templates = {"de-du": "Servus {given_name}"}
    profile.save()
    data = {key: "" for key in invitations.TEMPLATE_KEYS}
    owner_client.post(reverse("invitation-settings"), data)
    profile.refresh_from_db()
    assert profile.invitation_templates == {}


def test_the_greeting_is_a_placeholder_the_settings_page_accepts(owner_client, owner):
    data = {key: "" for key in invitations.TEMPLATE_KEYS} | {"de-sie": "{greeting}! {city}?"}
    response = owner_client.post(reverse("invitation-settings"), data)
    assert response.status_code == 302
    assert profile_for(owner).invitation_templates == {"de-sie": "{greeting}! {city}?"}
    page = html.unescape(owner_client.get(reverse("invitation-settings")).content.decode())
    assert "{greeting}" in page
