"""The business-meal receipt (Bewirtungsbeleg): every field the law asks for, as a PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.meals.occasions import is_too_generic, occasion_warning
from tafelrunde.meals.receipt_texts import format_money
from tafelrunde.meals.receipts import FONT, NotABusinessMeal, build_receipt_pdf
from tests.factories import MealFactory, PlaceFactory

pytestmark = pytest.mark.django_db

OCCASION = "Abstimmung Rahmenvertrag 2027 mit Müller GmbH"
SIGNED = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)
ATTACH_NOTE = "Die maschinell erstellte, registrierte Rechnung der Gaststätte ist beizufügen."


@pytest.fixture(autouse=True)
def signing_day():
    with time_machine.travel(SIGNED, tick=False):
        yield


@pytest.fixture
def host(owner):
    profile = profile_for(owner)
    profile.full_name = "Dr. Hans Gastgeber"
    profile.save()
    return owner


@pytest.fixture
def meal(host):
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
    for name in ("Jörg Weiß", "Zoë Ølsen"):
        MealParticipant.objects.create(meal=meal, name=name)
    return meal


def text_of(pdf: bytes) -> str:
    """The PDF's text as a reader extracts it, with runs of white space as one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_receipt_holds_every_field_the_law_asks_for(meal):
    text = text_of(build_receipt_pdf(meal))
    for expected in (
        "Bewirtungsbeleg",
        "§ 4 Abs. 5 Satz 1 Nr. 2 EStG",
        "Bewirtungsort",
        "Brauhaus Müller Königstraße 5, 01097 Dresden",
        "Tag der Bewirtung 14.03.2027",
        "Teilnehmer",
        "Dr. Hans Gastgeber Jörg Weiß Zoë Ølsen",
        "Anlass der Bewirtung " + OCCASION,
        "Höhe der Aufwendungen",
        "Rechnungsbetrag: 123,40 €",
        "Trinkgeld: 12,60 €",
        "Gesamt: 136,00 €",
        "Dresden, 15.03.2027 Ort, Datum",
        "Unterschrift des Bewirtenden",
        ATTACH_NOTE,
    ):
        assert expected in text


def test_english_receipt_has_the_same_fields_in_english(meal):
    text = text_of(build_receipt_pdf(meal, "en"))
    for expected in (
        "Business meal receipt",
        "Brauhaus Müller",
        "14 March 2027",
        "Participants (including the host) Dr. Hans Gastgeber Jörg Weiß Zoë Ølsen",
        "Bill: €123.40",
        "Tip: €12.60",
        "Total: €136.00",
        "Dresden, 15 March 2027 Place, date",
        "Signature of the host",
        "The restaurant's machine-printed, registered bill is to be attached.",
    ):
        assert expected in text
    assert "Bewirtungsort" not in text


def test_receipt_speaks_the_owners_language_unless_told(meal, host):
    profile = profile_for(host)
    profile.language = "en"
    profile.save()
    assert "Business meal receipt" in text_of(build_receipt_pdf(meal))
    assert "Bewirtungsbeleg Angaben" in text_of(build_receipt_pdf(meal, "de"))


def test_host_without_a_profile_name_is_the_accounts_full_name(owner):
    meal = MealFactory(owner=owner, business=True, amount=Decimal("50"))
    MealParticipant.objects.create(meal=meal, name="Jörg Weiß")
    assert "Hans Gastgeber Jörg Weiß" in text_of(build_receipt_pdf(meal))


def test_signing_place_falls_back_to_the_home_place(meal, host):
    profile = profile_for(host)
    profile.home_place = PlaceFactory(city="Munich")
    profile.save()
    Meal.objects.filter(pk=meal.pk).update(place=None)
    meal.refresh_from_db()
    assert "München, 15.03.2027 Ort, Datum" in text_of(build_receipt_pdf(meal))
    assert "Munich, " in text_of(build_receipt_pdf(meal, language="en"))


def test_unknown_amount_is_left_blank_to_fill_in_by_hand(meal):
    meal.amount = None
    meal.tip = None
    text = text_of(build_receipt_pdf(meal))
    assert "Rechnungsbetrag: __________" in text
    assert "Trinkgeld: 0,00 €" in text
    assert "Gesamt: __________" in text


def test_the_font_is_embedded_and_covers_central_european_names(meal):
    names = ("Łukasz Wiśniewski", "Antonín Dvořák", "Ödön Szőke", "Çağla Yıldız")
    for name in names:
        MealParticipant.objects.create(meal=meal, name=name)
    pdf = build_receipt_pdf(meal)
    text = text_of(pdf)
    assert all(name in text for name in names)
    assert b"/FontFile2" in pdf  # the TrueType font travels inside the file
    from reportlab.pdfbase import pdfmetrics

    glyphs = pdfmetrics.getFont(FONT).face.charToGlyph
    assert not [char for char in "".join(names) + "€§„“–" if ord(char) not in glyphs]


def test_markup_in_names_is_printed_as_written(meal):
    meal.restaurant = "<b>Bar & Grill</b> <br/>"
    meal.occasion = "Preise < 5 % & Rabatte > 3 % — Vertrag 2027"
    text = text_of(build_receipt_pdf(meal))
    assert "<b>Bar & Grill</b> <br/>" in text
    assert meal.occasion in text


def test_many_guests_continue_on_a_second_page(meal):
    for number in range(80):
        MealParticipant.objects.create(meal=meal, name=f"Gast {number}")
    reader = PdfReader(io.BytesIO(build_receipt_pdf(meal)))
    assert len(reader.pages) > 1
    assert "Gast 79" in text_of(build_receipt_pdf(meal))


def test_a_private_meal_gets_no_receipt(meal):
    meal.business = False
    with pytest.raises(NotABusinessMeal, match="private"):
        build_receipt_pdf(meal)
    with pytest.raises(ValueError):
        build_receipt_pdf(meal)


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("136.00", "de", "136,00 €"),
        ("1234.56", "de", "1.234,56 €"),
        ("1234567.5", "de", "1.234.567,50 €"),
        ("1234.56", "en", "€1,234.56"),
        ("0", "en", "€0.00"),
    ],
)
def test_money_is_written_the_way_the_language_writes_it(value, language, expected):
    assert format_money(Decimal(value), "EUR", language) == expected


def test_currencies_without_a_symbol_keep_their_code():
    assert format_money(Decimal("1234.5"), "CHF", "de") == "1.234,50 CHF"
    assert format_money(Decimal("1234.5"), "CHF", "en") == "CHF 1,234.50"


# The generic-occasion rule


@pytest.mark.parametrize(
    "occasion",
    [
        "Geschäftsessen",
        "  kontaktpflege. ",
        "Business dinner",
        "GESCHAEFTSESSEN!",
        "Arbeitsessen",
        "Besprechung",
        "networking",
        "Kundenpflege",
        "allgemeine Kontaktpflege",
        "Allgemeine Kontaktpflege mit Kunden",
        "Geschäftsessen / Kontaktpflege",
        "",
    ],
)
def test_catch_all_occasions_are_too_generic(occasion):
    assert is_too_generic(occasion)


@pytest.mark.parametrize(
    "occasion",
    [
        "Geschäftsessen: Abstimmung Rahmenvertrag 2027 mit Müller GmbH",
        "Kontaktpflege nach Messe Intersolar, Angebot Speicher",
        "Abstimmung Rahmenvertrag 2027",
        "Business dinner: kickoff of the Elbe bridge project",
    ],
)
def test_specific_occasions_are_accepted(occasion):
    assert not is_too_generic(occasion)


def test_the_warning_names_the_occasion_and_what_to_write_instead(meal):
    meal.occasion = "Geschäftsessen"
    warning = occasion_warning(meal)
    assert '"Geschäftsessen" alone is too generic' in warning
    assert "specific occasion" in warning


def test_no_warning_for_a_specific_occasion_or_a_private_meal(meal):
    assert occasion_warning(meal) is None
    meal.occasion = "Geschäftsessen"
    meal.business = False
    assert occasion_warning(meal) is None


def test_a_generic_occasion_still_gets_its_receipt(meal):
    meal.occasion = "Kontaktpflege"
    assert "Anlass der Bewirtung Kontaktpflege" in text_of(build_receipt_pdf(meal))


# The download


def test_owner_downloads_the_receipt(owner_client, meal):
    response = owner_client.get(reverse("meal-receipt", args=[meal.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "bewirtungsbeleg-2027-03-14" in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"]
    assert "Gesamt: 136,00 €" in text_of(response.content)


def test_owner_downloads_the_english_receipt(owner_client, meal):
    response = owner_client.get(reverse("meal-receipt", args=[meal.pk]), {"language": "en"})
    assert "Total: €136.00" in text_of(response.content)


def test_an_unknown_language_is_a_400(owner_client, meal):
    response = owner_client.get(reverse("meal-receipt", args=[meal.pk]), {"language": "fr"})
    assert response.status_code == 400
    assert b"de or en" in response.content


def test_outsider_gets_404_for_the_owners_receipt(outsider_client, meal):
    response = outsider_client.get(reverse("meal-receipt", args=[meal.pk]))
    assert response.status_code == 404


def test_a_private_meal_has_no_receipt_to_download(owner_client, meal):
    Meal.objects.filter(pk=meal.pk).update(business=False)
    assert owner_client.get(reverse("meal-receipt", args=[meal.pk])).status_code == 404


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client, meal):
    response = client.get(reverse("meal-receipt", args=[meal.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


# The command


def test_command_writes_the_receipt(run_command, tmp_path, meal):
    output = tmp_path / "beleg.pdf"
    status, out, err = run_command("receipt", str(meal.pk), "--output", str(output))
    assert (status, err) == (0, "")
    assert str(output) in out
    assert "Tag der Bewirtung 14.03.2027" in text_of(output.read_bytes())
    assert [path.name for path in tmp_path.iterdir()] == ["beleg.pdf"]  # no temporary left


def test_command_writes_english_and_warns_about_a_generic_occasion(run_command, tmp_path, meal):
    Meal.objects.filter(pk=meal.pk).update(occasion="Geschäftsessen")
    output = tmp_path / "receipt.pdf"
    argv = (str(meal.pk), "--output", str(output), "--language", "en", "--user", "owner")
    status, _out, err = run_command("receipt", *argv)
    assert status == 0
    assert err.startswith('Warning: "Geschäftsessen" alone is too generic')
    assert "Business meal receipt" in text_of(output.read_bytes())


@pytest.mark.parametrize("meal_id", ["999999", "abc", "²", "99999999999999999999999"])
def test_command_says_in_one_line_when_there_is_no_such_meal(run_command, tmp_path, meal, meal_id):
    status, _out, err = run_command("receipt", meal_id, "--output", str(tmp_path / "r.pdf"))
    assert (status, err) == (1, f"Error: No meal with id {meal_id}.\n")


def test_command_does_not_show_another_accounts_meal(run_command, tmp_path, owner, outsider):
    foreign = MealFactory(owner=outsider, business=True)
    argv = (str(foreign.pk), "--output", str(tmp_path / "r.pdf"), "--user", "owner")
    status, _out, err = run_command("receipt", *argv)
    assert (status, err) == (1, f"Error: No meal with id {foreign.pk}.\n")
    assert not (tmp_path / "r.pdf").exists()


def test_command_refuses_a_private_meal_in_one_line(run_command, tmp_path, meal):
    Meal.objects.filter(pk=meal.pk).update(business=False)
    status, _out, err = run_command("receipt", str(meal.pk), "--output", str(tmp_path / "r.pdf"))
    assert status == 1
    assert err == f"Error: Meal {meal.pk} is private: a receipt is only for business meals.\n"
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("where", ["missing/folder/r.pdf", "."])
def test_command_says_in_one_line_when_it_cannot_write(run_command, tmp_path, meal, where):
    status, _out, err = run_command("receipt", str(meal.pk), "--output", str(tmp_path / where))
    assert status == 1
    assert err.startswith("Error: ") and err.count("\n") == 1
