"""German and English throughout: the browser chooses, the account may overrule it, and
dates, money and places are written as the reader's language writes them."""

import datetime as dt
import io
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from pypdf import PdfReader

from tafelrunde.accounts.lockout import locked_out
from tafelrunde.accounts.models import profile_for
from tafelrunde.cli.base import terminal_language
from tafelrunde.formatting import km, money, place_name
from tafelrunde.meals.forms import MealForm
from tests.factories import (
    ContactFactory,
    MealFactory,
    MealParticipantFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 14)  # a Saturday
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
MAIN_PAGES = ("home", "tonight", "contact-list", "trip-list", "meal-list", "stats", "settings")
# Words of the English pages that must not survive on a German one.
ENGLISH_LEFTOVERS = (
    "Settings",
    "Contacts",
    "Trips",
    "Meals",
    "Tonight",
    "Log out",
    "Your network",
    "Next trips",
    "Whom to call",
    "Save",
    "Cancel",
    "Statistics",
    "Search",
    "Hello",
    "Add ",
    "Delete",
    "Edit",
)


@pytest.fixture(autouse=True)
def saturday_evening():
    with time_machine.travel(dt.datetime(2026, 3, 14, 18, tzinfo=ZoneInfo("Europe/Berlin"))):
        yield


@pytest.fixture
def munich(owner):
    """A trip to Munich tonight, someone to call there, and a dinner with a bill."""
    place = PlaceFactory(city="Munich")
    TripFactory(owner=owner, place=place, start=TODAY, end=TODAY + dt.timedelta(days=2))
    anna = ContactFactory(owner=owner, given_name="Anna", family_name="Albrecht")
    anna.set_location(place, "address", 0.95)
    anna.save()
    PhoneFactory(contact=anna, number="+49891234567")
    meal = MealFactory(
        owner=owner,
        date=dt.date(2026, 3, 2),
        place=place,
        amount=Decimal("1234.56"),
        tip=None,
        business=True,
    )
    MealParticipantFactory(meal=meal, contact=anna)
    return meal


def text_of(response) -> str:
    """What a reader sees: the page without its markup, white space folded."""
    assert response.status_code == 200, response.status_code
    return re.sub(r"[ \t\r\n]+", " ", strip_tags(response.content.decode())).strip()


def leftovers(text: str) -> list[str]:
    return [word for word in ENGLISH_LEFTOVERS if re.search(rf"\b{word}", text)]


# The browser decides


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("home", ["Hallo, Hans", "Heute sind Sie in München", "Ihr Netzwerk", "Nächste Reisen"]),
        ("tonight", ["Heute Abend in München", "Wen anrufen", " anrufen", "gleiche Stadt"]),
        ("contact-list", ["Kontakte", "Suche nach Name, Organisation oder Ort", "München"]),
        ("trip-list", ["Anstehend", "München", "Sa, 14. Mär 2026", "1 Person in der Nähe"]),
        ("meal-list", ["Essen hinzufügen", "2. März 2026", "1.234,56 €", "geschäftlich"]),
        ("stats", ["Funktioniert es?", "Abende in Gesellschaft", "1.234,56 €"]),
        ("settings", ["Einstellungen", "Sprache der Seiten", "Wohnort", "Speichern"]),
    ],
)
def test_a_german_browser_gets_german_pages(owner_client, munich, page, words):
    response = owner_client.get(reverse(page), **GERMAN)
    assert '<html lang="de">' in response.content.decode()
    text = text_of(response)
    for word in words:
        assert word in text
    assert leftovers(text) == []


def test_the_navigation_speaks_german(owner_client, munich):
    text = text_of(owner_client.get(reverse("home"), **GERMAN))
    for word in ("Start", "Heute Abend", "Kontakte", "Reisen", "Essen", "Statistik", "Abmelden"):
        assert word in text


def test_the_login_page_follows_the_browser(client):
    german = text_of(client.get(reverse("login"), **GERMAN))
    assert "Anmelden" in german and "Passwort vergessen?" in german
    assert "Benutzername" in german
    english = text_of(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Log in" in english and "Forgot your password?" in english


def test_without_a_language_the_pages_are_english(owner_client, munich):
    text = text_of(owner_client.get(reverse("meal-list")))
    assert "Add a meal" in text
    assert "March 2, 2026" in text
    assert "€1,234.56" in text


def test_german_form_errors_come_from_our_catalogue_and_djangos(owner_client, owner):
    data = {"home_place": "Atlantis-upon-Sea", "home_country": "DE", "language": "de", "email": ""}
    text = text_of(owner_client.post(reverse("settings"), data, **GERMAN))
    assert "Bitte die markierten Felder korrigieren." in text
    assert "Kein Ort namens „Atlantis-upon-Sea“ bekannt." in text


def test_contacts_are_found_by_the_german_name_of_their_place(owner_client, munich):
    for query in ("München", "muenchen", "Munich"):
        text = text_of(owner_client.get(reverse("contact-list"), {"q": query}, **GERMAN))
        assert "Anna Albrecht" in text, query


# The account decides


def test_an_account_set_to_english_sees_english_in_a_german_browser(client, owner, munich):
    profile = profile_for(owner)
    profile.page_language = "en"
    profile.save()
    client.force_login(owner)
    response = client.get(reverse("home"), **GERMAN)
    assert '<html lang="en">' in response.content.decode()
    assert "Your network" in text_of(response)


def test_an_account_set_to_german_sees_german_in_an_english_browser(client, owner, munich):
    profile = profile_for(owner)
    profile.page_language = "de"
    profile.save()
    client.force_login(owner)
    text = text_of(client.get(reverse("meal-list"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Essen hinzufügen" in text
    assert "1.234,56 €" in text


def test_choosing_the_language_on_the_settings_page_takes_effect_at_once(owner_client, owner):
    data = {"home_country": "DE", "language": "de", "page_language": "en", "email": ""}
    response = owner_client.post(reverse("settings"), data, follow=True, **GERMAN)
    assert profile_for(owner).page_language == "en"
    assert "Settings saved." in text_of(response)
    data["page_language"] = ""
    response = owner_client.post(reverse("settings"), data, follow=True, **GERMAN)
    assert "Einstellungen gespeichert." in text_of(response)


def test_countries_are_named_in_the_pages_language(owner_client):
    german = owner_client.get(reverse("settings"), **GERMAN).content.decode()
    assert '<option value="DE" selected>Deutschland (DE)</option>' in german
    assert german.index("Österreich (AT)") < german.index("Polen (PL)")
    english = owner_client.get(reverse("settings")).content.decode()
    assert '<option value="DE" selected>Germany (DE)</option>' in english


def test_the_settings_page_offers_the_choice(owner_client):
    page = owner_client.get(reverse("settings")).content.decode()
    assert 'name="page_language"' in page
    assert "As the browser (or terminal) says" in page


# Money, numbers, dates and places


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("de", "1234.56", "EUR", "1.234,56 €"),
        ("en", "1234.56", "EUR", "€1,234.56"),
        ("de", "86.5", "CHF", "86,50 CHF"),
        ("en", "86.5", "CHF", "CHF 86.50"),
        ("en", "12", "GBP", "£12.00"),
        ("de", "0", "EUR", "0,00 €"),
    ],
)
def test_money_is_written_as_the_language_writes_it(language, amount, currency, expected):
    assert money(Decimal(amount), currency, language) == expected


def test_distances_and_places_follow_the_language():
    assert (km(12.46, "de"), km(12.46, "en"), km(3.0, "de"), km(37.6, "en")) == (
        "12 km",
        "12 km",
        "3 km",
        "38 km",
    )
    assert (km(2.5, "de"), km(2.5, "en")) == ("2,5 km", "2.5 km")
    assert (place_name("Munich", "de"), place_name("Munich", "en")) == ("München", "Munich")
    with translation.override("de"):
        assert place_name("Lisbon") == "Lissabon"
        assert place_name("Dresden") == "Dresden"


def test_amounts_are_typed_as_the_page_writes_them(owner):
    with translation.override("de"):
        field = MealForm(owner=owner).fields["amount"]
        assert field.clean("86,50") == Decimal("86.50")
        assert 'value="86,50"' in field.widget.render("amount", Decimal("86.50"))
    with translation.override("en"):
        assert MealForm(owner=owner).fields["amount"].clean("86.50") == Decimal("86.50")


def test_the_meal_page_writes_amounts_and_dates_per_language(owner_client, munich):
    url = reverse("meal-detail", args=[munich.pk])
    german = text_of(owner_client.get(url, **GERMAN))
    assert "Montag, 2. März 2026" in german and "1.234,56 €" in german
    english = text_of(owner_client.get(url))
    assert "Monday, March 2, 2026" in english and "€1,234.56" in english


def test_the_stats_page_writes_money_per_language(owner_client, munich):
    assert "1.234,56 €" in text_of(owner_client.get(reverse("stats"), **GERMAN))
    assert "€1,234.56" in text_of(owner_client.get(reverse("stats")))


# Mail, lockout and receipts


def test_the_password_reset_mail_is_german_for_a_german_browser(client, owner):
    owner.email = "hans@gastgeber.example"
    owner.save()
    client.post(reverse("password_reset"), {"email": owner.email}, **GERMAN)
    (message,) = mail.outbox
    assert message.subject == "Ihr neues Tafelrunde-Passwort"
    assert "jemand (hoffentlich Sie) hat ein neues Passwort" in message.body
    assert "Ihr Passwort bleibt unverändert" in message.body


def test_the_lockout_page_speaks_german():
    request = RequestFactory().get("/login/")
    with translation.override("de"):
        response = locked_out(request)
    text = " ".join(strip_tags(response.content.decode()).split())
    assert response.status_code == 429
    assert "Zu viele Versuche" in text and "15 Minuten erneut versuchen" in text


def receipt_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_receipt_follows_the_accounts_receipt_language_not_the_page(owner_client, munich):
    url = reverse("meal-receipt", args=[munich.pk])
    assert "Bewirtungsbeleg" in receipt_text(owner_client.get(url))  # the default: German
    profile = profile_for(munich.owner)
    profile.language = "en"
    profile.save()
    assert "Business meal receipt" in receipt_text(owner_client.get(url, **GERMAN))
    assert "Bewirtungsbeleg" in receipt_text(owner_client.get(url, {"language": "de"}))


# Commands


def speaks_german(owner):
    profile = profile_for(owner)
    profile.page_language = "de"
    profile.save()


def test_commands_speak_the_accounts_language(run_command, owner, munich):
    speaks_german(owner)
    tonight = run_command("tonight", "München", "--user", "owner").out
    assert tonight.startswith("Wen anrufen – in der Nähe von München am 2026-03-14:")
    assert "gleiche Stadt" in tonight and "0,0 km" in tonight
    assert "1 Person in der Nähe" in run_command("trips", "--user", "owner").out
    stats = run_command("stats", "--user", "owner").out
    assert "Ausgegeben:" in stats and "1.234,56 €" in stats


def test_json_stays_english_whatever_the_language(run_command, owner, munich):
    speaks_german(owner)
    data = json.loads(run_command("tonight", "München", "--json", "--user", "owner").out)
    assert data["place"]["name"] == "Munich"
    assert "same city" in data["candidates"][0]["reasons"]


def test_command_errors_speak_the_accounts_language_after_the_error_prefix(owner, munich):
    speaks_german(owner)
    with pytest.raises(CommandError, match=r"Kein Ort namens 'Xqzzyville' bekannt\."):
        call_command("tonight", "Xqzzyville", "--user", "owner")


def test_without_a_choice_commands_speak_the_terminals_language(
    run_command, owner, munich, monkeypatch
):
    assert "1 person nearby" in run_command("trips", "--user", "owner").out
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert "1 Person in der Nähe" in run_command("trips", "--user", "owner").out


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "de_CH.UTF-8"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_terminals_language(monkeypatch, environment, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert terminal_language() == expected
