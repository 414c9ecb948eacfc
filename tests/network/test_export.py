"""`tafelrunde export`: JSON of everything, contacts as vCard 4.0 and as a spreadsheet."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tafelrunde.core.importers.vcard import parse_vcards
from tafelrunde.exchange.export_csv import export_csv
from tafelrunde.exchange.export_vcard import escape, export_vcard, fold
from tests.factories import (
    AddressFactory,
    ContactFactory,
    EmailFactory,
    MealFactory,
    PhoneFactory,
    PlaceFactory,
)

DESIGN_KEYS = {"contacts", "trips", "meals"}
CONTACT_KEYS = {"id", "name", "organisation", "known_since", "phones", "emails", "location"}
MEAL_KEYS = {"id", "date", "restaurant", "place", "participants", "amount", "tip", "currency"}
MEAL_KEYS |= {"business", "occasion"}
LONG_NOTE = "Möchte im Ruhestand nach Portugal, in ein Hilfsprojekt; fragt nach Stiftungen. " * 3


@pytest.fixture
def anna(owner):
    contact = ContactFactory(
        owner=owner,
        salutation="ms",
        title="Dr.",
        given_name="Anna-Lena",
        family_name="Müller-Lüdenscheidt",
        full_name="Dr. Anna-Lena Müller-Lüdenscheidt",
        organisation="Müller, Schmidt & Söhne; KG",
        role="Geschäftsführerin, Vertrieb",
        kinds=["customer", "friend"],
        birthday=dt.date(1970, 3, 22),
        known_since=dt.date(2004, 5, 1),
        notes="Erste Zeile\nZweite Zeile mit \\ Backslash\n" + LONG_NOTE,
    )
    PhoneFactory(contact=contact, number="+4935148642222", type="mobile")
    PhoneFactory(contact=contact, number="+493514864000", type="work")
    EmailFactory(contact=contact, address="anna.mueller@example.com", type="work")
    EmailFactory(contact=contact, address="anna@privat.example", type="home")
    AddressFactory(contact=contact, street="Prager Straße 1, Hinterhaus", city="Dresden")
    contact.set_location(PlaceFactory(city="Dresden"), "address", 0.9)
    contact.save()
    return contact


@pytest.fixture
def bob(owner):
    contact = ContactFactory(owner=owner, given_name="Bob", family_name="Bauer", organisation="")
    AddressFactory(
        contact=contact, street="", postal_code="", city="", country="", freetext="Am Hang 3"
    )
    return contact


def by_name(records):
    return {record.full_name: record for record in records}


def test_vcard_reimports_with_the_same_names_phones_emails_and_organisations(anna, bob):
    result = parse_vcards(export_vcard(anna.owner).encode())
    assert not result.errors
    cards = by_name(result.contacts)
    assert set(cards) == {anna.full_name, bob.full_name}
    card = cards[anna.full_name]
    assert (card.title, card.given_name, card.family_name) == (
        "Frau Dr.",
        "Anna-Lena",
        anna.family_name,
    )
    assert card.organisation == "Müller, Schmidt & Söhne; KG"
    assert card.role == "Geschäftsführerin, Vertrieb"
    assert [(p.number, p.type) for p in card.phones] == [
        ("+4935148642222", "mobile"),
        ("+493514864000", "work"),
    ]
    assert card.emails == ["anna.mueller@example.com", "anna@privat.example"]
    assert card.birthday == dt.date(1970, 3, 22)
    assert card.kinds == ["customer", "friend"]
    assert card.notes == anna.notes.strip()
    address = card.addresses[0]
    assert (address.street, address.postal_code, address.city, address.country) == (
        "Prager Straße 1, Hinterhaus",
        "01069",
        "Dresden",
        "DE",
    )
    assert cards["Bob Bauer"].addresses[0].freetext == "Am Hang 3"


def test_vcard_is_version_4_with_folded_lines_of_at_most_75_octets(anna):
    text = export_vcard(anna.owner)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:")
    lines = text.split("\r\n")
    assert max(len(line.encode()) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # the long note was folded
    assert "X-TAFELRUNDE-KNOWN-SINCE;VALUE=date:20040501" in text
    assert text == export_vcard(anna.owner)  # stable UIDs: the same file every time


def test_vcard_escaping_and_folding_keep_text_and_characters_whole():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("NOTE:" + "ü" * 80)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == "NOTE:" + "ü" * 80


def test_an_outsiders_contacts_are_not_in_the_owners_vcard_or_csv(anna, outsider):
    ContactFactory(owner=outsider, given_name="Otto", family_name="Fremd")
    assert "Fremd" not in export_vcard(anna.owner)
    assert "Fremd" not in export_csv(anna.owner)


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_has_a_header_and_one_row_per_contact_with_umlauts_intact(anna, bob):
    rows = read_csv(export_csv(anna.owner))
    assert [row["Name"] for row in rows] == ["Bob Bauer", anna.full_name]
    row = rows[1]
    assert row["Organisation"] == "Müller, Schmidt & Söhne; KG"
    assert row["Kinds"] == "customer; friend"
    assert row["Phones"] == "'+4935148642222; +493514864000"
    assert row["E-mails"] == "anna.mueller@example.com; anna@privat.example"
    assert (row["City"], row["Country"], row["Known since"]) == ("Dresden", "DE", "2004-05-01")
    assert rows[0]["City"] == ""


def test_csv_neutralises_formulas(owner):
    ContactFactory(owner=owner, full_name='=HYPERLINK("http://evil.example","click")')
    ContactFactory(owner=owner, full_name="Eve", organisation="@SUM(A1:A9)", role="-2+3")
    rows = read_csv(export_csv(owner))
    cells = [cell for row in rows for cell in row.values()]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'@SUM(A1:A9)" in cells
    assert "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_export_command_prints_json_with_the_design_keys(anna, capsys):
    MealFactory(owner=anna.owner)
    call_command("export")
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= DESIGN_KEYS
    assert set(data["contacts"][0]) >= CONTACT_KEYS
    assert set(data["meals"][0]) >= MEAL_KEYS
    assert data["contacts"][0]["location"]["name"] == "Dresden"


def test_export_command_writes_a_file_and_says_so_on_stderr(anna, tmp_path, capsys):
    target = tmp_path / "contacts.vcf"
    call_command("export", "--format", "vcard", "--output", str(target))
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"Exported vcard to {target}."
    assert target.read_bytes().startswith(b"BEGIN:VCARD\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["contacts.vcf"]  # no temporary file left


def test_export_command_writes_csv_for_a_chosen_user(anna, outsider, tmp_path):
    target = tmp_path / "contacts.csv"
    call_command("export", "--format", "csv", "--output", str(target), "--user", "owner")
    assert target.read_bytes().startswith(b"\xef\xbb\xbfName,")
    assert "Müller-Lüdenscheidt" in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("where", ["missing-folder/out.json", "."])
def test_export_command_to_an_unwritable_path_is_a_one_line_error(anna, tmp_path, where):
    with pytest.raises(CommandError) as error:
        call_command("export", "--output", str(tmp_path / where))
    assert "\n" not in str(error.value)
    assert str(tmp_path) in str(error.value)
