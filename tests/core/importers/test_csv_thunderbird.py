"""Thunderbird's address-book export, as Thunderbird writes it (columns from its own
translations, importMsgs.properties 2100–2136), read in full and never taken for Outlook's."""

import csv
import datetime as dt

import pytest

from tafelrunde.core.importers.csv_contacts import detect_csv_layout, parse_contacts_csv
from tafelrunde.core.importers.detect import detect_format, parse_file
from tafelrunde.core.records import AddressRecord, PhoneRecord

# The header lines as Thunderbird writes them (US English and German).
ENGLISH_HEADER = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,"
    "Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes"
)
GERMAN_HEADER = (
    "Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,Sekundäre E-Mail-Adresse,"
    "Messenger-Name,Tel. dienstlich,Tel. privat,Fax-Nummer,Pager-Nummer,Mobil-Tel.-Nr.,"
    "Privat: Adresse,Privat: Adresse 2,Privat: Ort,Privat: Bundesland,Privat: PLZ,Privat: Land,"
    "Dienstlich: Adresse,Dienstlich: Adresse 2,Dienstlich: Ort,Dienstlich: Bundesland,"
    "Dienstlich: PLZ,Dienstlich: Land,Arbeitstitel,Abteilung,Organisation,Webseite 1,"
    "Webseite 2,Geburtsjahr,Geburtsmonat,Geburtstag,Benutzerdef. 1,Benutzerdef. 2,"
    "Benutzerdef. 3,Benutzerdef. 4,Notizen"
)
ENGLISH, GERMAN = (next(csv.reader([header])) for header in (ENGLISH_HEADER, GERMAN_HEADER))
# The same person in Thunderbird's column order (the English names; German rows use the
# same positions).
JOERG = {
    "First Name": "Jörg",
    "Last Name": "Müller",
    "Display Name": "Jörg Müller",
    "Primary Email": "joerg.mueller@mueller-maschinenbau.de",
    "Secondary Email": "jm@example.de",
    "Work Phone": "0351 4567890",
    "Home Phone": "0351 1112233",
    "Fax Number": "0351 4567899",
    "Mobile Number": "0171 2345678",
    "Work Address": "Königsbrücker Straße 12",
    "Work Address 2": "Haus B",
    "Work City": "Dresden",
    "Work State": "Sachsen",
    "Work ZipCode": "01099",
    "Work Country": "Deutschland",
    "Job Title": "Geschäftsführer",
    "Department": "Leitung",
    "Organization": "Müller Maschinenbau GmbH",
    "Birth Year": "1970",
    "Birth Month": "12",
    "Birth Day": "24",
    "Notes": "Kennt Dresden wie seine Westentasche.",
}
ACER = {
    "Display Name": "Acer America",
    "Primary Email": "sales@acer.example",
    "Organization": "Acer America",
}


def quoted(value: str, delimiter: str) -> str:
    # As Thunderbird quotes: when the value holds a quote, the delimiter or a line break.
    if '"' in value or delimiter in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def thunderbird_csv(header: list[str], *people: dict, delimiter: str = ",") -> str:
    lines = [delimiter.join(header)]
    for person in people:
        cells = [person.get(name, "") for name in ENGLISH]
        lines.append(delimiter.join(quoted(cell, delimiter) for cell in cells))
    return "\r\n".join(lines) + "\r\n"


def test_thunderbird_is_recognised_and_not_taken_for_outlook():
    text = thunderbird_csv(ENGLISH, JOERG)

    assert detect_csv_layout(text) == "thunderbird-csv"
    assert detect_format(text.encode()) == "thunderbird-csv"


def test_every_column_a_person_is_reached_by_is_read():
    (joerg,) = parse_contacts_csv(thunderbird_csv(ENGLISH, JOERG).encode()).contacts

    assert joerg.source_kind == "thunderbird-csv"
    assert (joerg.full_name, joerg.given_name, joerg.family_name) == (
        "Jörg Müller",
        "Jörg",
        "Müller",
    )
    assert (joerg.organisation, joerg.role) == ("Müller Maschinenbau GmbH", "Geschäftsführer")
    assert joerg.emails == ["joerg.mueller@mueller-maschinenbau.de", "jm@example.de"]
    assert joerg.phones == [  # the fax is no dinner line
        PhoneRecord("0171 2345678", "mobile"),
        PhoneRecord("0351 4567890", "work"),
        PhoneRecord("0351 1112233", "home"),
    ]
    assert joerg.addresses == [
        AddressRecord(
            "work", "Königsbrücker Straße 12, Haus B", "01099", "Dresden", "Sachsen", "Deutschland"
        )
    ]
    assert joerg.birthday == dt.date(1970, 12, 24)
    assert joerg.notes == "Kennt Dresden wie seine Westentasche."


def test_a_row_with_a_display_name_and_an_organisation_is_a_contact():
    result = parse_contacts_csv(thunderbird_csv(ENGLISH, ACER).encode())

    assert result.errors == []
    (acer,) = result.contacts
    assert (acer.full_name, acer.organisation, acer.emails) == (
        "Acer America",
        "Acer America",
        ["sales@acer.example"],
    )


def test_a_birthday_without_its_year_is_no_date():
    person = {**JOERG, "Birth Year": ""}
    (joerg,) = parse_contacts_csv(thunderbird_csv(ENGLISH, person).encode()).contacts

    assert joerg.birthday is None


def test_german_thunderbird_with_semicolons_in_windows_1252():
    data = thunderbird_csv(GERMAN, JOERG, ACER, delimiter=";").encode("cp1252")
    fmt, result = parse_file(data)

    assert fmt == "thunderbird-csv"
    joerg, acer = result.contacts
    assert (joerg.full_name, joerg.organisation) == ("Jörg Müller", "Müller Maschinenbau GmbH")
    assert joerg.phones[0] == PhoneRecord("0171 2345678", "mobile")
    assert joerg.addresses[0].city == "Dresden"
    assert joerg.birthday == dt.date(1970, 12, 24)
    assert acer.full_name == "Acer America"


def test_british_thunderbird_spells_county_post_code_and_organisation():
    header = [
        {"Home State": "Home County", "Work State": "Work County", "Home ZipCode": "Home Post Code",
         "Work ZipCode": "Work Post Code", "Organization": "Organisation"}.get(name, name)
        for name in ENGLISH
    ]  # fmt: skip
    (joerg,) = parse_contacts_csv(thunderbird_csv(header, JOERG).encode()).contacts

    assert joerg.organisation == "Müller Maschinenbau GmbH"
    assert (joerg.addresses[0].postal_code, joerg.addresses[0].region) == ("01099", "Sachsen")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16"], ids=["without-bom", "with-bom"])
def test_thunderbird_in_utf16_is_read(codec):
    person = {**JOERG, "Display Name": "山田 太郎", "Organization": "山田商事株式会社"}
    fmt, result = parse_file(thunderbird_csv(ENGLISH, person).encode(codec))

    assert fmt == "thunderbird-csv"
    (yamada,) = result.contacts
    assert (yamada.full_name, yamada.organisation) == ("山田 太郎", "山田商事株式会社")


def test_thunderbird_in_shift_jis_as_japanese_windows_writes_it():
    # Thunderbird on Windows offers "CSV (system charset)": Shift_JIS on a Japanese system.
    person = {
        "First Name": "太郎",
        "Last Name": "山田",
        "Display Name": "山田 太郎",
        "Primary Email": "taro@yamada.example.jp",
        "Mobile Number": "090-1234-5678",
        "Work Address": "丸の内1-1",
        "Work City": "東京都千代田区",
        "Organization": "山田商事株式会社",
    }
    fmt, result = parse_file(thunderbird_csv(ENGLISH, person).encode("shift_jis"))

    assert fmt == "thunderbird-csv"
    (yamada,) = result.contacts
    assert (yamada.full_name, yamada.organisation) == ("山田 太郎", "山田商事株式会社")
    assert yamada.addresses == [AddressRecord("work", "丸の内1-1", city="東京都千代田区")]
    assert yamada.phones == [PhoneRecord("090-1234-5678", "mobile")]


def test_thunderbird_tab_separated_export_is_read():
    # The other text export Thunderbird offers: "Tab separated (.txt)".
    (joerg,) = parse_contacts_csv(thunderbird_csv(ENGLISH, JOERG, delimiter="\t").encode()).contacts

    assert (joerg.full_name, joerg.addresses[0].city) == ("Jörg Müller", "Dresden")
