"""Google, Outlook and LinkedIn contact CSV exports, read as the programs write them."""

import datetime as dt
from pathlib import Path

import pytest

from tafelrunde.core.importers.csv_contacts import (
    detect_csv_layout,
    parse_contacts_csv,
    parse_google_csv,
    parse_linkedin_csv,
    parse_outlook_csv,
)
from tafelrunde.core.importers.csv_values import parse_date
from tafelrunde.core.records import AddressRecord, PhoneRecord, RecordError, UnreadableFile

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "csv"
LINKEDIN_HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def by_name(result):
    return {contact.full_name or contact.organisation: contact for contact in result.contacts}


# Google Contacts


def test_google_export_reads_names_organisation_and_birthday():
    joerg = by_name(parse_google_csv(sample("google_contacts.csv")))["Jörg Müller"]

    assert joerg.source_kind == "google-csv"
    assert (joerg.title, joerg.given_name, joerg.family_name) == ("Dr.", "Jörg", "Müller")
    assert (joerg.organisation, joerg.role) == ("Müller Maschinenbau GmbH", "Geschäftsführer")
    assert joerg.birthday == dt.date(1970, 12, 24)
    assert joerg.emails == ["joerg.mueller@mueller-maschinenbau.de"]


def test_google_multi_values_in_one_cell_become_separate_phones_and_emails():
    contacts = by_name(parse_google_csv(sample("google_contacts.csv")))

    assert contacts["Jörg Müller"].phones == [
        PhoneRecord("+49 171 2345678", "mobile"),
        PhoneRecord("+49 172 9876543", "mobile"),
        PhoneRecord("+49 351 4567890", "work"),  # the "Work Fax" is left out
    ]
    assert contacts["Anna Schmidt"].emails == [
        "a.schmidt@schmidt-stahl.de",
        "anna.schmidt@gmail.com",
    ]


def test_google_structured_address_is_kept_in_its_parts():
    joerg = by_name(parse_google_csv(sample("google_contacts.csv")))["Jörg Müller"]

    assert joerg.addresses == [
        AddressRecord("work", "Königsbrücker Straße 12", "01099", "Dresden", "", "DE")
    ]


def test_google_address_with_only_formatted_text_becomes_freetext():
    anna = by_name(parse_google_csv(sample("google_contacts.csv")))["Anna Schmidt"]

    assert anna.addresses == [AddressRecord("home", freetext="Marienplatz 1, 80331 München")]


def test_google_labels_without_system_groups_become_categories_and_kinds():
    contacts = by_name(parse_google_csv(sample("google_contacts.csv")))

    assert contacts["Jörg Müller"].categories == ["Kunden"]
    assert contacts["Jörg Müller"].kinds == ["customer"]
    assert contacts["Anna Schmidt"].categories == ["Lieferant"]  # "* starred" dropped
    assert contacts["Anna Schmidt"].kinds == ["supplier"]
    assert contacts["Birgit Weber"].categories == ["Schulfreunde"]  # "Imported on …" dropped


def test_google_birthday_without_year_is_no_birthday():
    birgit = by_name(parse_google_csv(sample("google_contacts.csv")))["Birgit Weber"]

    assert birgit.birthday is None


def test_google_notes_keep_their_line_breaks():
    pierre = by_name(parse_google_csv(sample("google_contacts.csv")))["Pierre Dubois"]

    assert pierre.notes == "Met at the Hannover Messe 2004.\nLoves Riesling."


def test_contact_without_name_organisation_or_email_is_reported_and_the_rest_kept():
    result = parse_google_csv(sample("google_contacts.csv"))

    assert result.errors == [RecordError(4, "has no name, organisation or e-mail address")]
    assert [contact.record_number for contact in result.contacts] == [1, 2, 3, 5]


def test_google_legacy_export_in_utf16_is_read():
    result = parse_google_csv(sample("google_legacy.csv"))
    klaus, sabine = result.contacts

    assert result.errors == []
    assert (klaus.full_name, klaus.organisation, klaus.role) == (
        "Klaus Becker",
        "Becker Logistik AG",
        "Vorstand",
    )
    assert [phone.number for phone in klaus.phones] == [
        "+49 170 1234567",
        "+49 40 3456789",
        "+49 40 3456780",
    ]
    assert klaus.categories == ["Kunden", "Friends"]  # "* My Contacts" dropped, "* " stripped
    assert klaus.kinds == ["customer", "friend"]
    assert klaus.birthday == dt.date(1962, 5, 3)
    assert klaus.addresses[0].city == "Hamburg"
    assert sabine.addresses == [
        AddressRecord("home", freetext="Prinzregentenstraße 80, 81675 München")
    ]


# Outlook


def test_english_outlook_export_reads_contacts():
    john = by_name(parse_outlook_csv(sample("outlook_en.csv")))["John Smith"]

    assert john.source_kind == "outlook-csv"
    assert (john.title, john.organisation, john.role) == ("Mr.", "Acme Ltd", "Purchasing Manager")
    assert john.birthday == dt.date(1970, 12, 24)
    assert john.emails == ["john.smith@acme.co.uk"]
    assert john.addresses == [
        AddressRecord("work", "221B Baker Street", "NW1 6XE", "London", "", "United Kingdom")
    ]
    assert john.notes == "Prefers pubs to restaurants.\nTwo kids."
    assert (john.categories, john.kinds) == (["Customers", "Friends"], ["customer", "friend"])


def test_outlook_phones_are_typed_without_faxes_and_repeats():
    john = by_name(parse_outlook_csv(sample("outlook_en.csv")))["John Smith"]

    # "Primary Phone" repeats the mobile number; the business fax is no dinner line.
    assert john.phones == [
        PhoneRecord("+44 7700 900123", "mobile"),
        PhoneRecord("+44 20 7946 0958", "work"),
    ]


def test_outlook_exchange_path_is_not_taken_for_an_email_address():
    claire = by_name(parse_outlook_csv(sample("outlook_en.csv")))["Claire O'Neill"]

    assert claire.emails == ["claire@dublintools.ie"]
    assert claire.birthday is None  # "0/0/00"


def test_outlook_contact_with_only_a_company_is_kept():
    adlon = by_name(parse_outlook_csv(sample("outlook_en.csv")))["Hotel Adlon Kempinski"]

    assert not adlon.has_name
    assert adlon.addresses == [AddressRecord("work", city="Berlin")]


def test_german_outlook_export_in_windows_1252_with_semicolons():
    result = parse_outlook_csv(sample("outlook_de.csv"))
    joerg, gisela = result.contacts

    assert result.errors == []
    assert (joerg.title, joerg.full_name, joerg.role) == ("Herr", "Jörg Müller", "Geschäftsführer")
    assert joerg.addresses == [
        AddressRecord(
            "work", "Königsbrücker Straße 12", "01099", "Dresden", "Sachsen", "Deutschland"
        )
    ]
    assert joerg.phones == [
        PhoneRecord("0171 2345678", "mobile"),
        PhoneRecord("0351 4567890", "work"),
    ]
    assert joerg.emails == ["joerg.mueller@mueller-maschinenbau.de"]
    assert gisela.full_name == "Gisela Weiß"
    assert gisela.addresses == [
        AddressRecord("home", "Schloßstraße 5", "97070", "Würzburg", "", "Deutschland")
    ]


def test_german_outlook_birthday_and_the_empty_date():
    joerg, gisela = parse_outlook_csv(sample("outlook_de.csv")).contacts

    assert joerg.birthday == dt.date(1970, 12, 24)  # "24.12.1970"
    assert gisela.birthday is None  # "0.0.00"


def test_german_outlook_categories_become_kinds():
    joerg, gisela = parse_outlook_csv(sample("outlook_de.csv")).contacts

    assert (joerg.categories, joerg.kinds) == (["Kunden", "Lieferant"], ["customer", "supplier"])
    assert gisela.kinds == ["friend"]
    assert joerg.notes == "Kennt Dresden wie seine Westentasche.\nTrinkt gern Radeberger."


def test_other_german_outlook_spellings_and_comma_separated_categories():
    data = (
        '"Vorname","Nachname","Firma","Telefon (privat)","E-Mail-Adresse","Kategorien",'
        '"Geburtstag","Straße privat","Ort privat","PLZ privat"\r\n'
        '"Jörg","Müller","","0351 111","jm@example.de","Kunden, Freunde","00.00.0000",'
        '"Bautzner Str. 1","Dresden","01099"\r\n'
    ).encode("utf-8-sig")

    (joerg,) = parse_outlook_csv(data).contacts

    assert joerg.phones == [PhoneRecord("0351 111", "home")]
    assert (joerg.kinds, joerg.birthday) == (["customer", "friend"], None)
    assert joerg.addresses == [AddressRecord("home", "Bautzner Str. 1", "01099", "Dresden")]


# LinkedIn


def test_linkedin_export_after_its_notes_preamble():
    result = parse_linkedin_csv(sample("linkedin_connections.csv"))
    contacts = by_name(result)
    joerg = contacts["Joerg Mueller"]

    assert joerg.source_kind == "linkedin-csv"
    assert joerg.record_number == 1  # counted from the header, not the preamble
    assert joerg.external_id == "https://www.linkedin.com/in/joerg-mueller-4a1b2c3"
    assert (joerg.organisation, joerg.role) == ("Müller Maschinenbau GmbH", "Geschäftsführer")
    assert joerg.known_since == dt.date(2003, 3, 12)
    assert joerg.kinds == ["social_network"]
    assert joerg.addresses == []


def test_linkedin_quoted_commas_stay_in_their_field():
    anna = by_name(parse_linkedin_csv(sample("linkedin_connections.csv")))["Anna Schmidt, MBA"]

    assert anna.organisation == "Schmidt, Weber & Partner mbB"
    assert anna.emails == ["anna.schmidt@example.com"]
    assert anna.known_since == dt.date(2019, 1, 3)


def test_linkedin_connection_without_name_is_reported_with_its_number():
    result = parse_linkedin_csv(sample("linkedin_connections.csv"))

    assert [error.record for error in result.errors] == [3]
    assert [contact.record_number for contact in result.contacts] == [1, 2, 4]


def test_linkedin_older_export_without_url_and_with_us_dates():
    data = (
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b"Joerg,Mueller,,ACME,CEO,03/12/2003\n"
    )

    (joerg,) = parse_linkedin_csv(data).contacts

    assert (joerg.external_id, joerg.known_since) == ("", dt.date(2003, 3, 12))


# Detection and dispatch


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("google_contacts.csv", "google-csv"),
        ("google_legacy.csv", "google-csv"),
        ("google_contacts_excel_unicode.txt", "google-csv"),
        ("outlook_en.csv", "outlook-csv"),
        ("outlook_de.csv", "outlook-csv"),
        ("linkedin_connections.csv", "linkedin-csv"),
    ],
)
def test_layout_is_detected_from_the_header_row(name, layout):
    from tafelrunde.core.importers.encoding import decode_text

    assert detect_csv_layout(decode_text(sample(name))) == layout
    assert {contact.source_kind for contact in parse_contacts_csv(sample(name)).contacts} == {
        layout
    }


def test_excel_unicode_text_named_txt_is_still_a_google_export():
    (joerg,) = parse_contacts_csv(sample("google_contacts_excel_unicode.txt")).contacts

    assert (joerg.full_name, joerg.kinds) == ("Jörg Müller", ["customer"])


def test_bank_statement_is_not_a_contacts_export():
    assert detect_csv_layout(sample("bank_statement.csv").decode("cp1252")) is None
    with pytest.raises(
        UnreadableFile, match="not a Google, Outlook, Thunderbird or LinkedIn contacts export"
    ):
        parse_contacts_csv(sample("bank_statement.csv"))


def test_a_parser_refuses_another_programs_export():
    with pytest.raises(UnreadableFile, match="not a Google Contacts export"):
        parse_google_csv(sample("outlook_de.csv"))
    with pytest.raises(UnreadableFile, match="not an Outlook contacts export"):
        parse_outlook_csv(sample("linkedin_connections.csv"))


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="empty"):
        parse_contacts_csv(data)


def test_header_only_file_has_no_contacts_and_no_errors():
    result = parse_contacts_csv(LINKEDIN_HEADER)

    assert (result.contacts, result.errors) == ([], [])


# Odd input: never anything but UnreadableFile


def test_row_with_too_many_fields_is_reported_and_trailing_empty_ones_are_not():
    data = LINKEDIN_HEADER + b"Anna,Roth,,,,,01 Jan 2020,,\nJan,Kowalski,,,,,01 Jan 2020,x,y\n"

    result = parse_linkedin_csv(data)

    assert [contact.full_name for contact in result.contacts] == ["Anna Roth"]
    assert result.errors == [RecordError(2, "has 9 fields, but the header has 7")]


def test_short_rows_are_filled_up():
    (anna,) = parse_linkedin_csv(LINKEDIN_HEADER + b"Anna,Roth\n").contacts

    assert (anna.full_name, anna.known_since) == ("Anna Roth", None)


def test_gigantic_field_is_reported_and_the_next_row_still_read():
    data = LINKEDIN_HEADER + b"Anna," + b"x" * 200_000 + b"\nJan,Kowalski,,,,,01 Jan 2020\n"

    result = parse_linkedin_csv(data)

    assert [error.record for error in result.errors] == [1]
    assert [contact.full_name for contact in result.contacts] == ["Jan Kowalski"]


def test_embedded_newlines_stay_in_their_field():
    data = LINKEDIN_HEADER + b'"Anna\nMaria",Roth,,,"ACME\r\nGmbH",,01 Jan 2020\nJan,K,,,,,\n'

    result = parse_linkedin_csv(data)

    assert [contact.full_name for contact in result.contacts] == ["Anna\nMaria Roth", "Jan K"]
    assert result.contacts[0].organisation == "ACME\nGmbH"
    assert result.contacts[1].record_number == 2


def test_stray_nul_deep_in_the_file_is_dropped():
    filler = b"".join(b"Jan,K%d,,,,,\n" % n for n in range(1000))

    result = parse_linkedin_csv(LINKEDIN_HEADER + filler + b"Anna,Ro\x00th,,,,,\n")

    assert result.contacts[-1].full_name == "Anna Roth"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 100,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b'"',
        b",,,,\n,,,\n",
        b"sep=;\n",
        LINKEDIN_HEADER + b'"unterminated,quote\nJan,K,,,,,\n',
        LINKEDIN_HEADER + b"\xff\xfe\xfd,\x80\x81,,,,,\n",
        LINKEDIN_HEADER.replace(b",", b";") + b"Anna;Roth;;;;;12 Foo 2003\n",
        b"First Name\tLast Name\tConnected On\n" + b"\t" * 10_000 + b"\n",
        b"First Name,Last Name,E-mail 1 - Value\n" + b"a," * 5000 + b"\n",
    ],
)
def test_odd_input_gives_records_errors_or_unreadable_file(data):
    try:
        result = parse_contacts_csv(data)
    except UnreadableFile:
        return
    assert all(isinstance(error, RecordError) for error in result.errors)


# Dates as the programs write them


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("24.12.1970", dt.date(1970, 12, 24)),
        ("12/24/1970", dt.date(1970, 12, 24)),
        ("24/12/1970", dt.date(1970, 12, 24)),
        ("1970-12-24", dt.date(1970, 12, 24)),
        ("12 Mar 2003", dt.date(2003, 3, 12)),
        ("03/12/2003", dt.date(2003, 3, 12)),
        ("Mar 12, 2003", dt.date(2003, 3, 12)),
        ("12 Mär 2003", dt.date(2003, 3, 12)),
        ("24.12.70", dt.date(1970, 12, 24)),
        ("0.0.00", None),
        ("00.00.0000", None),
        ("0/0/00", None),
        ("1.1.4501", None),
        ("--12-24", None),
        ("31.02.2001", None),
        ("", None),
        ("soon", None),
    ],
)
def test_dates_in_export_spellings(text, date):
    assert parse_date(text) == date
