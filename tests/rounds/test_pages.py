"""A round of three through the pages: Tonight's "Invite", each guest's page in their
language and form of address (no JavaScript involved: plain form posts), the first yes wins,
a second answer changes nothing, the host sees it all on Tonight."""

from __future__ import annotations

import datetime as dt
import html
import re

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal
from tafelrunde.rounds.models import Invitee, Round
from tests.rounds.helpers import EARLY_EVENING, answer_on, dresden_evening

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_evening():
    with time_machine.travel(EARLY_EVENING, tick=False):
        yield


@pytest.fixture
def guests(owner):
    return dresden_evening(owner)


def start_round(owner_client, contacts, **fields):
    data = {"contact": [c.pk for c in contacts], "date": "2025-03-12", "next": "/tonight/"}
    response = owner_client.post(reverse("tonight-round-start"), data | fields)
    assert response.status_code == 302
    return response


def links(owner_client) -> dict[str, str]:
    """Each guest's link as Tonight shows it to send: {name: path}."""
    page = html.unescape(owner_client.get(reverse("tonight")).content.decode())
    found = {}
    for name, token in re.findall(r"<strong>([^<]+)</strong>.*?/i/([A-Za-z0-9_-]+)/", page, re.S):
        found[name] = f"/i/{token}/"
    return found


def guest_page(path: str) -> str:
    return html.unescape(Client().get(path).content.decode())


def test_a_round_of_three_first_yes_wins(owner_client, owner, guests):
    joerg, anna, _mary = guests
    start_round(owner_client, guests, time="19:30", restaurant="Sophienkeller")
    paths = links(owner_client)
    assert set(paths) == {"Jörg Müller", "Anna Schmidt", "Mary Smith"}

    # Jörg (du) says no with a message, Anna (Sie) yes, Mary comes too late.
    jorg_client, anna_client, mary_client = Client(), Client(), Client()
    assert "Hans Gastgeber lädt dich heute Abend in Dresden zum Essen ein" in guest_page(
        paths["Jörg Müller"]
    )
    answer_on(jorg_client, paths["Jörg Müller"], "no", "Bin in Prag!")
    response = answer_on(anna_client, paths["Anna Schmidt"], "yes", follow=True)
    page = html.unescape(response.content.decode())
    assert "Bis um 19:30 Uhr!" in page
    assert "Sophienkeller, Dresden" in page
    assert "In Ihren Kalender" in page
    response = answer_on(mary_client, paths["Mary Smith"], "yes", follow=True)
    page = html.unescape(response.content.decode())
    assert "The table is already full this time" in page
    assert "See you" not in page

    # The evening: a planned meal with Anna at 19:30, and each answer as the try's outcome.
    meal = Meal.objects.get()
    assert meal.status == Meal.Status.PLANNED
    assert [p.contact for p in meal.participants.all()] == [anna]
    assert (meal.time.isoformat(), meal.restaurant) == ("19:30:00", "Sophienkeller")
    outcomes = dict(Attempt.objects.values_list("contact__given_name", "outcome"))
    assert outcomes == {"Jörg": "declined", "Anna": "accepted", "Mary": "no-answer"}
    assert Attempt.objects.get(contact=joerg).note == "Bin in Prag!"

    # Anna's calendar file: the dinner at 19:30 Dresden time, named for the host.
    ics = anna_client.get(paths["Anna Schmidt"] + "dinner.ics")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Abendessen mit Hans Gastgeber"
    assert event.decoded("DTSTART").isoformat() == "2025-03-12T19:30:00+01:00"
    # Jörg has none.
    assert jorg_client.get(paths["Jörg Müller"] + "dinner.ics").status_code == 404

    # The host sees it on Tonight, and can no longer start another round tonight.
    tonight = html.unescape(owner_client.get(reverse("tonight")).content.decode())
    assert "The table is full" in tonight
    assert "“Bin in Prag!”" in tonight
    assert 'form="invite-round"' not in tonight


def test_a_second_answer_shows_the_first(owner_client, guests):
    start_round(owner_client, guests[:2])
    path = links(owner_client)["Jörg Müller"]
    guest = Client()
    answer_on(guest, path, "later", "Nächste Woche?")
    answer_on(guest, path, "yes")
    page = html.unescape(guest.get(path).content.decode())
    assert "für ein andermal" in page
    assert "Nächste Woche?" in page
    assert Invitee.objects.get(contact=guests[0]).answer == "later"
    assert Round.objects.get().status == "open"
    assert not Meal.objects.exists()


def test_the_guest_page_speaks_each_guests_language_and_form(owner_client, guests):
    start_round(owner_client, guests, time="20:00")
    paths = links(owner_client)
    assert "Hans Gastgeber lädt Sie heute Abend in Dresden zum Essen ein" in guest_page(
        paths["Anna Schmidt"]
    )
    english = guest_page(paths["Mary Smith"])
    assert "Hans Gastgeber invites you to dinner tonight in Dresden" in english
    assert "Yes, gladly" in english and "Not tonight" in english and "Another time" in english
    assert '<html lang="en">' in english
    assert "20:00" in english


def test_the_guest_page_reveals_nothing_else(owner_client, guests):
    start_round(owner_client, guests)
    paths = links(owner_client)
    response = Client().get(paths["Mary Smith"])
    page = response.content.decode()
    assert "Jörg" not in page and "Anna" not in page and "Müller" not in page
    links_on_page = re.findall(r'(?:href|src|action)="([^"]*)"', page)
    assert all(not link.startswith(("http", "//")) for link in links_on_page), links_on_page
    assert all(
        link.startswith(("/static/", paths["Mary Smith"])) or link == "" for link in links_on_page
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "<script" not in page


def test_withdrawn_round_explains_itself(owner_client, owner, guests):
    start_round(owner_client, guests[:2])
    path = links(owner_client)["Jörg Müller"]
    round_ = Round.objects.get()
    owner_client.post(reverse("tonight-round-withdraw", args=[round_.pk]), {"next": "/tonight/"})
    guest = Client()
    response = answer_on(guest, path, "yes", follow=True)
    page = html.unescape(response.content.decode())
    assert "hat diese Einladung zurückgezogen" in page
    assert not Meal.objects.exists()
    assert Invitee.objects.get(contact=guests[0]).answer == "open"


def test_a_guessed_or_tampered_token_is_a_plain_404(owner_client, guests):
    start_round(owner_client, guests[:1])
    path = links(owner_client)["Jörg Müller"]
    token = path.split("/")[2]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for guess in (f"/i/{tampered}/", "/i/x/", "/i/" + "a" * 200 + "/", f"/i/{tampered}/dinner.ics"):
        response = Client().get(guess)
        assert response.status_code == 404
        assert "Hans" not in response.content.decode()
    assert Client().post(f"/i/{tampered}/", {"answer": "yes"}).status_code == 404
    assert Invitee.objects.get().answer == "open"


def test_a_client_guessing_tokens_is_throttled(owner_client, guests):
    start_round(owner_client, guests[:1])
    path = links(owner_client)["Jörg Müller"]
    guesser = Client()
    for n in range(30):
        assert guesser.get(f"/i/{'g' * 20}{n:04d}/").status_code == 404
    assert guesser.get(f"/i/{'g' * 24}/").status_code == 429
    # Even the right link now waits, for that client.
    assert guesser.get(path).status_code == 429


def test_bad_answers_are_refused_politely(owner_client, guests):
    start_round(owner_client, guests[:1])
    path = links(owner_client)["Jörg Müller"]
    response = answer_on(Client(), path, "maybe")
    assert response.status_code == 400
    assert "Bitte eine der drei Antworten wählen." in html.unescape(response.content.decode())
    assert Invitee.objects.get().answer == "open"


def test_no_second_round_while_one_is_open(owner_client, guests):
    start_round(owner_client, guests[:2])
    response = start_round(owner_client, guests[2:])
    page = html.unescape(owner_client.get(response["Location"]).content.decode())
    assert "A round is already open tonight: withdraw it first." in page
    assert Round.objects.count() == 1


def test_nobody_ticked_invites_the_first_three(owner_client, guests):
    data = {"date": "2025-03-12", "next": "/tonight/"}
    page = owner_client.get(reverse("tonight")).content.decode()
    suggested = re.findall(r'name="suggested" value="(\d+)"', page)
    assert len(suggested) == 3
    owner_client.post(reverse("tonight-round-start"), data | {"suggested": suggested})
    assert sorted(Invitee.objects.values_list("contact_id", flat=True)) == sorted(
        map(int, suggested)
    )


def test_another_accounts_contact_cannot_be_invited(owner_client, outsider, guests):
    from tests.rounds.helpers import located

    stranger = located(outsider, given_name="Eve", family_name="Fremd")
    start_round(owner_client, [guests[0], stranger])
    assert not Round.objects.exists()


def test_a_phone_yes_on_tonight_fills_the_table(owner_client, guests):
    start_round(owner_client, guests[:2])
    path = links(owner_client)["Anna Schmidt"]
    owner_client.post(
        reverse("tonight-outcome"),
        {"contact": guests[2].pk, "outcome": "accepted", "date": "2025-03-12", "place": ""},
    )
    page = html.unescape(answer_on(Client(), path, "yes", follow=True).content.decode())
    assert "Diesmal ist der Tisch schon voll" in page
    assert Attempt.objects.filter(outcome="accepted").count() == 1


def test_the_state_poll_says_what_changed(owner_client, guests):
    start_round(owner_client, guests[:2])
    round_ = Round.objects.get()
    url = reverse("tonight-round-state", args=[round_.pk])
    before = owner_client.get(url).json()
    answer_on(Client(), links(owner_client)["Jörg Müller"], "no")
    after = owner_client.get(url).json()
    assert before["status"] == after["status"] == "open"
    assert before["signature"] != after["signature"]
    assert sorted(after["guests"].values()) == ["declined", "open"]


def test_tonight_shows_who_is_invited_and_waiting(owner_client, guests):
    start_round(owner_client, guests[:2])
    answer_on(Client(), links(owner_client)["Anna Schmidt"], "no")
    page = html.unescape(owner_client.get(reverse("tonight")).content.decode())
    assert page.count("Tonight: invited, no answer yet") == 1  # Jörg; Anna said no
    assert "Invited, waiting for answers" in page
    assert "data-state-url=" in page  # the light poll, for browsers that run it


def test_the_guest_form_is_csrf_safe_without_a_cookie(owner_client, guests):
    """A browser posts the form of a no-referrer page with `Origin: null`: the form's own
    check (bound to the link) lets it through with CSRF checks on, a forged post is refused,
    and the page sets no cookie at all."""
    start_round(owner_client, guests[:2])
    paths = links(owner_client)
    guest = Client(enforce_csrf_checks=True)
    page = guest.get(paths["Jörg Müller"])
    assert not page.cookies
    check = re.search(r'name="check" value="([0-9a-f]+)"', page.content.decode()).group(1)
    # A form on another site, knowing the link but not the page: refused, nothing taken.
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"}):
        forged = guest.post(paths["Jörg Müller"], {"answer": "yes"}, **headers)
        assert forged.status_code == 403
        shown = html.unescape(forged.content.decode())
        assert "Bitte mit den Knöpfen auf dieser Seite antworten." in shown
    # Another guest's check does not fit this link.
    other = Client().get(paths["Anna Schmidt"]).content.decode()
    other_check = re.search(r'name="check" value="([0-9a-f]+)"', other).group(1)
    data = {"answer": "yes", "check": other_check}
    assert guest.post(paths["Jörg Müller"], data, HTTP_ORIGIN="null").status_code == 403
    assert Invitee.objects.filter(answer="open").count() == 2
    # The page's own form, as Chromium sends it.
    data = {"answer": "yes", "check": check}
    response = guest.post(paths["Jörg Müller"], data, HTTP_ORIGIN="null")
    assert response.status_code == 302
    assert Invitee.objects.get(contact=guests[0]).answer == "accepted"


def test_an_invitation_for_another_evening_does_not_say_tonight(owner_client, guests):
    from tafelrunde.rounds.sending import start_round as begin
    from tests.factories import TripFactory
    from tests.rounds.helpers import TODAY

    TripFactory(owner=guests[0].owner, start=TODAY, end=TODAY + dt.timedelta(days=2))
    _round, sent = begin(guests[0].owner, [guests[2]], day=TODAY + dt.timedelta(days=1))
    page = guest_page(f"/i/{sent[0].url.split('/i/')[1]}")
    assert "Hans Gastgeber invites you to dinner in Dresden" in page
    assert "tonight" not in page
    assert "Not this time" in page and "March 13, 2025" in page


def test_a_tap_on_a_channel_logs_the_try_as_sent_that_way(owner_client, guests):
    start_round(owner_client, guests[:2])
    round_ = Round.objects.get()
    jorg = Invitee.objects.get(contact=guests[0])
    assert jorg.attempt.channel == "whatsapp"  # a mobile number: most likely WhatsApp
    assert Invitee.objects.get(contact=guests[1]).attempt.channel == "email"  # only an address
    page = owner_client.get(reverse("tonight")).content.decode()
    assert 'data-channel="sms"' in page and "data-sent-url=" in page
    url = reverse("tonight-round-sent", args=[round_.pk])
    assert owner_client.post(url, {"invitee": jorg.pk, "channel": "sms"}).status_code == 204
    assert owner_client.post(url, {"invitee": jorg.pk, "channel": "fax"}).status_code == 400
    assert owner_client.post(url, {"invitee": 0, "channel": "sms"}).status_code == 404
    jorg.attempt.refresh_from_db()
    assert jorg.attempt.channel == "sms"
