"""vCard files as Apple, Google, Outlook, Android, Thunderbird and others write them."""

import contextlib
import datetime as dt
import random
import re
from pathlib import Path

import pytest

from tafelrunde.core.importers import vcard
from tafelrunde.core.importers.vcard import parse_vcards
from tafelrunde.core.records import AddressRecord, PhoneRecord, RecordError, UnreadableFile

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / ".." / "shared" / "corpus" / "vcard"
SAMPLES = REPO / "tests" / "samples" / "vcard"
_CARD = re.compile(r"^BEGIN:VCARD\s*$(.*?)^END:VCARD\s*$", re.IGNORECASE | re.MULTILINE | re.DOTALL)
_NAME_LINE = re.compile(r"^(?:[\w-]+\.)?(FN|N)((?:;[^:\r\n]*)?):(.*?)\r*$", re.MULTILINE)


def corpus(name: str) -> bytes:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared vCard corpus is not at {CORPUS}")
    return (CORPUS / name).read_bytes()


def corpus_files() -> list:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no vCard corpus at {CORPUS}"))]
    return sorted(path.name for path in CORPUS.glob("*.vcf"))


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(("BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""))


def only_contact(text: str | bytes):
    result = parse_vcards(text.encode() if isinstance(text, str) else text)
    assert not result.errors
    [contact] = result.contacts
    return contact


def names_in(data: bytes) -> dict[int, str]:
    """Card number → its FN as written (plain values) or "?" (encoded), for named cards."""
    named = {}
    text = data.decode("utf-8", errors="replace")
    for number, match in enumerate(_CARD.finditer(text), start=1):
        for name, params, value in _NAME_LINE.findall(match.group(1)):
            if value.replace(";", "").strip():
                plain = name == "FN" and "ENCODING" not in params.upper()
                fn = " ".join(value.replace("\\,", ",").split()) if plain else "?"
                named[number] = fn if named.get(number, "?") == "?" else named[number]
    return named


# The shared corpus of real exports


@pytest.mark.parametrize("name", corpus_files())
def test_every_named_card_of_a_real_export_becomes_a_contact(name):
    data = corpus(name)
    result = parse_vcards(data)
    contacts = {contact.record_number: contact for contact in result.contacts}
    for number, fn in names_in(data).items():
        assert number in contacts, f"card {number} is missing: {result.errors}"
        assert contacts[number].full_name
        if fn != "?":
            assert contacts[number].full_name == fn


def test_outlook_card_keeps_name_organisation_phones_email_and_address():
    contact = only_contact(corpus("John_Doe_MS_OUTLOOK.vcf"))
    assert (contact.title, contact.given_name, contact.family_name) == ("Mr.", "John", "Doe")
    assert contact.full_name == "Mr. John Richter James Doe Sr."
    assert (contact.organisation, contact.role) == ("IBM", "Money Counter")
    assert PhoneRecord("(905) 555-1234", "work") in contact.phones
    assert contact.emails == ["john.doe@ibm.cm"]
    assert [address.city for address in contact.addresses] == ["Albaney", "New York"]
    assert contact.addresses[0].street == "Cresent moon drive"
    assert contact.birthday == dt.date(1980, 3, 22)


def test_outlook_2003_quoted_printable_note_keeps_its_lines():
    contact = only_contact(corpus("outlook-2003.vcf"))
    assert contact.notes == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert contact.organisation == "Company, The"
    assert contact.addresses[0].street == "TheOffice, 123 Main St"


def test_outlook_2007_soft_line_breaks_and_fax_left_out():
    contact = only_contact(corpus("outlook-2007.vcf"))
    assert (
        contact.notes.splitlines()[1] == "I assume it encodes this text inside a NOTE vCard type."
    )
    assert [phone.type for phone in contact.phones] == ["work", "home", "mobile"]


def test_android_quoted_printable_utf8_names_across_soft_line_breaks():
    result = parse_vcards(corpus("John_Doe_ANDROID.vcf"))
    names = [contact.full_name for contact in result.contacts]
    # The first two cards hold nothing but an e-mail address: the import names them after it.
    assert names[:2] == ["", ""]
    assert [contact.emails for contact in result.contacts[:2]] == [
        ["john.doe@company.com"],
        ["jane.doe@company.com"],
    ]
    assert names[2] == "Ñ Ñ Ñ Ñ Ñ"
    assert names[3] == " ".join(["Ñ"] * 11)
    assert result.errors == []


def test_rfc6350_example():
    contact = only_contact(corpus("rfc6350-example.vcf"))
    assert (contact.given_name, contact.family_name) == ("Simon", "Perreault")
    assert contact.birthday is None  # --0203: no year
    assert contact.phones == [
        PhoneRecord("+1-418-656-9254;ext=102", "work"),
        PhoneRecord("+1-418-262-6501", "mobile"),
    ]
    assert contact.addresses == [
        AddressRecord("work", "Suite D2-630, 2875 Laurier", "G1V 2M2", "Quebec", "QC", "Canada")
    ]


def test_iphone_item_groups_with_apple_labels():
    contact = only_contact(corpus("John_Doe_IPHONE.vcf"))  # CR CR LF line ends, folded photo
    assert contact.phones == [
        PhoneRecord("905-555-1234", "mobile"),
        PhoneRecord("905-666-1234", "home"),
        PhoneRecord("905-777-1234", "work"),
        PhoneRecord("905-222-1234", "other"),  # item2: _$!<AssistantPhone>!$_
    ]
    assert contact.addresses[1].street == "Street4, Building 6, Floor 8"


def test_gmail_list_has_three_contacts():
    result = parse_vcards(corpus("gmail-list.vcf"))
    assert [c.full_name for c in result.contacts] == ["Arnold Smith", "Chris Beatle", "Doug White"]


def test_gmail_address_in_one_field_becomes_freetext():
    [address] = only_contact(corpus("John_Doe_GMAIL.vcf")).addresses
    assert address.city == ""
    assert address.freetext.splitlines()[-2:] == [
        "Nice Area, Albaney, New York 12345",
        "United States of America",
    ]


def test_evolution_escaped_comma_and_folded_phone():
    contact = only_contact(corpus("John_Doe_EVOLUTION.vcf"))
    assert contact.full_name == "Mr. John Richter, James Doe Sr."
    assert PhoneRecord("905-555-1234", "work") in contact.phones
    assert contact.external_id == "477343c8e6bf375a9bac1f96a5000837"


def test_thunderbird_categories_split_at_escaped_commas():
    contact = only_contact(corpus("thunderbird-MoreFunctionsForAddressBook-extension.vcf"))
    assert contact.categories == ["category1", "category2", "category3"]


# Samples written as the programs write them


def test_apple_contacts_export():
    result = parse_vcards(sample("apple-contacts-macos.vcf"))  # UTF-8 with BOM
    assert not result.errors
    juergen, sophie, bakery = result.contacts
    assert (juergen.title, juergen.given_name, juergen.family_name) == ("Dr.", "Jürgen", "Müller")
    assert juergen.phones == [  # "Büro" is work; the WorkFAX is left out
        PhoneRecord("+49 89 1234567", "work"),
        PhoneRecord("+49 171 2345678", "mobile"),
    ]
    assert juergen.addresses[0] == AddressRecord(
        "work", "Königstraße 12", "80333", "München", "", "Deutschland"
    )
    assert juergen.addresses[1].country == "DE"  # from item4.X-ABADR:de
    assert juergen.birthday is None  # saved without a year (X-APPLE-OMIT-YEAR)
    assert (
        juergen.notes == "Kennengelernt auf der Hannover Messe 2004.\nMag Weißwein, keinen Fisch."
    )
    assert (juergen.categories, juergen.kinds) == (["Kunde"], ["customer"])
    assert juergen.external_id == "3C1F7A2E-5B7D-4C36-9A0B-2D8E6F1A9B01"
    assert sophie.phones[0] == PhoneRecord("+43 664 9876543", "mobile")  # "Handy privat"
    assert sophie.birthday == dt.date(1981, 9, 30)
    assert (bakery.full_name, bakery.organisation) == ("Bäckerei Schmid", "Bäckerei Schmid")


def test_outlook_vcard_21_in_windows_1252_with_quoted_printable():
    contact = only_contact(sample("outlook-2016-windows-1252.vcf"))
    assert (contact.full_name, contact.family_name) == ("Bärbel Weiß", "Weiß")
    assert contact.organisation == "Bäckerei Weiß & Söhne KG"
    assert contact.notes == (
        "Lieblingslokal: Gasthaus zum Löwen in der Großen Straße. Mag Weißwein und Käsespätzle.\n"
        "Kennen uns seit der Anuga 2005 – damals noch bei Müller."
    )
    assert [phone.type for phone in contact.phones] == ["work", "home", "mobile"]
    # The LABEL repeats the ADR: one address, not two.
    assert contact.addresses == [
        AddressRecord("work", "Hohe Straße 52", "50667", "Köln", "", "Deutschland")
    ]


def test_google_export_with_whole_address_in_the_street_field_and_labels():
    anna, tobias = parse_vcards(sample("google-contacts.vcf")).contacts
    assert anna.addresses == [
        AddressRecord("work", freetext="Lindenallee 4\n20259 Hamburg\nDeutschland")
    ]
    assert (anna.categories, anna.kinds) == (["Kunde"], ["customer"])
    assert (tobias.categories, tobias.kinds) == (["Freunde"], ["friend"])
    assert tobias.phones[1] == PhoneRecord("0176 98765432", "mobile")  # item1 "Handy"
    assert tobias.birthday is None  # --04-23
    assert tobias.addresses[0].freetext == "Am Markt 3, 01067 Dresden"


def test_a_card_without_a_name_is_reported_and_the_others_kept():
    result = parse_vcards(sample("iphone-one-card-without-name.vcf"))
    assert [c.full_name for c in result.contacts] == ["Klaus Berger", "Maria Huber"]
    assert [c.record_number for c in result.contacts] == [1, 3]
    assert result.errors == [RecordError(2, "no name (phone +43 660 7654321)")]


# Files that are no vCards at all


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\r\n \r\n",
        sample("not-a-vcard.txt"),
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        random.Random(42).randbytes(4096),
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"),
    ],
    ids=["empty", "blank", "csv", "calendar", "random-bytes", "png"],
)
def test_a_file_without_vcards_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        parse_vcards(data)


def test_damaged_files_never_raise_anything_but_unreadable_file():
    rng = random.Random(1)
    originals = [sample("apple-contacts-macos.vcf"), sample("outlook-2016-windows-1252.vcf")]
    pieces = [b":", b";", b"=", b"\\", b"\r\n", b"=\r\n", b'"', b"BEGIN:VCARD\r\n", b"\xff"]
    for original in originals:
        for _ in range(150):
            data = bytearray(original)
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(data))
                if rng.random() < 0.5:
                    data[at:at] = rng.choice(pieces)
                else:
                    del data[at : at + rng.randint(1, 30)]
            with contextlib.suppress(UnreadableFile):
                parse_vcards(bytes(data))


# Details of the format


def test_an_unexpected_failure_in_one_card_costs_only_that_card(monkeypatch):
    def fail_on_1999(prop):
        if "1999" in prop.raw_value:
            raise RuntimeError("boom")

    monkeypatch.setattr(vcard.fields, "birthday", fail_on_1999)
    text = card("FN:Anna Schneider") + card("FN:Bernd Bauer", "BDAY:1999-01-01")
    result = parse_vcards(text.encode())
    assert [c.full_name for c in result.contacts] == ["Anna Schneider"]
    assert result.errors == [RecordError(2, "the card could not be read")]


def test_a_card_with_only_an_organisation_is_kept_to_be_named_after_it():
    # The import names it (tafelrunde.core.display_names), as it does rows of every format.
    contact = only_contact(card("N:;;;;", "FN:", "ORG:Stadtwerke Ulm;Vertrieb"))
    assert (contact.full_name, contact.organisation) == ("", "Stadtwerke Ulm")


def test_a_card_without_name_and_organisation_is_an_error():
    result = parse_vcards(card("NOTE:Rückruf").encode())
    assert result.errors == [RecordError(1, "no name")]


def test_the_name_is_built_from_n_when_fn_is_missing():
    contact = only_contact(card("N:von Weizsäcker;Anna;Maria;Prof. Dr.;MdB"))
    assert contact.full_name == "Prof. Dr. Anna Maria von Weizsäcker MdB"
    assert contact.title == "Prof. Dr."


def test_escapes_are_resolved():
    contact = only_contact(card(r"FN:Meier\, Hans", r"ORG:Meier\; Söhne\\Co", r"NOTE:a\nb\,c"))
    assert (contact.full_name, contact.organisation) == ("Meier, Hans", r"Meier; Söhne\Co")
    assert contact.notes == "a\nb,c"


def test_begin_and_end_in_any_case_and_text_around_cards_is_ignored():
    text = "Exported by Palm Desktop\r\nbegin:vcard\r\nfn:Anna\r\nEnd:VCard\r\ntrailing words\r\n"
    assert only_contact(text).full_name == "Anna"


def test_a_card_cut_off_by_the_next_one_is_still_read():
    text = "BEGIN:VCARD\r\nFN:Anna\r\nTEL:0301234\r\n" + card("FN:Bernd")
    result = parse_vcards(text.encode())
    assert [(c.record_number, c.full_name) for c in result.contacts] == [(1, "Anna"), (2, "Bernd")]


def test_an_agent_card_inside_a_card_is_not_a_contact_of_its_own():
    agent = "AGENT:\r\nBEGIN:VCARD\r\nFN:Assistentin\r\nEND:VCARD"
    contact = only_contact(card("FN:Chefin", agent, "TEL;WORK:089123", version="2.1"))
    assert contact.full_name == "Chefin"
    assert contact.phones == [PhoneRecord("089123", "work")]


def test_quoted_printable_utf8_split_inside_a_character_by_a_soft_line_break():
    text = card(
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=", "=BCrgen K=C3=A4fer", version="2.1"
    )
    assert only_contact(text).full_name == "Jürgen Käfer"


def test_quoted_printable_without_charset_in_windows_1252():
    text = card("N;ENCODING=QUOTED-PRINTABLE:Gro=DF;J=F6rg", "FN:J. Gro=DF", version="2.1")
    contact = only_contact(text)
    assert (contact.family_name, contact.given_name) == ("Groß", "Jörg")
    assert contact.full_name == "J. Gro=DF"  # not encoded: the text is taken as written


def test_vcard_21_folded_lines_keep_their_space():
    contact = only_contact(card("FN:Anna", "NOTE:Erster Teil", " zweiter Teil", version="2.1"))
    assert contact.notes == "Erster Teil zweiter Teil"


def test_a_quoted_parameter_may_contain_a_colon():
    adr = 'ADR;LABEL="Hauptstr. 1\\n89073 Ulm: Mitte";TYPE=work:;;Hauptstr. 1;Ulm;;89073;DE'
    [address] = only_contact(card("FN:Anna", adr, version="4.0")).addresses
    assert (address.street, address.city, address.postal_code) == ("Hauptstr. 1", "Ulm", "89073")


def test_a_label_without_structured_address_becomes_freetext():
    text = card("FN:Anna", "LABEL;TYPE=HOME:Am Markt 3\\n01067 Dresden")
    assert only_contact(text).addresses == [
        AddressRecord("home", freetext="Am Markt 3\n01067 Dresden")
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TEL;CELL:0171 1", "mobile"),
        ("TEL;TYPE=cell,voice:0171 1", "mobile"),
        ("TEL;WORK;VOICE:0171 1", "work"),
        ("TEL;type=HOME:0171 1", "home"),
        ("TEL:0171 1", "other"),
        ("TEL;TYPE=work,cell:0171 1", "mobile"),
        ("TEL;WORK;FAX:0171 1", None),
        ("TEL;TYPE=PAGER:0171 1", None),
        ("item1.TEL:0171 1\r\nitem1.X-ABLabel:_$!<Mobile>!$_", "mobile"),
        ("item1.TEL:0171 1\r\nitem1.X-ABLabel:iPhone", "mobile"),
        ("item1.TEL;type=HOME:0171 1\r\nitem1.X-ABLabel:Büro", "work"),
        ("item1.TEL:0171 1\r\nitem1.X-ABLabel:privat", "home"),
        ("item1.TEL:0171 1\r\nitem1.X-ABLabel:Assistenz", "other"),
        ("item1.TEL:0171 1\r\nitem1.X-ABLabel:_$!<HomeFAX>!$_", None),
        ("TEL;VALUE=uri;TYPE=home:tel:+49-171-1", "home"),
    ],
)
def test_phone_types(line, expected):
    phones = only_contact(card("FN:Anna", line)).phones
    assert [phone.type for phone in phones] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BDAY:1980-03-22", dt.date(1980, 3, 22)),
        ("BDAY:19800322", dt.date(1980, 3, 22)),
        ("BDAY:1980-03-22T10:00:00Z", dt.date(1980, 3, 22)),
        ("BDAY;VALUE=date-and-or-time:19800322T103000", dt.date(1980, 3, 22)),
        ("BDAY:22.03.1980", dt.date(1980, 3, 22)),
        ("BDAY:--0322", None),
        ("BDAY:--03-22", None),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-22", None),
        ("BDAY:1980-02-30", None),
        ("BDAY;VALUE=text:circa 1980", None),
        ("BDAY:unbekannt", None),
    ],
)
def test_birthdays(line, expected):
    assert only_contact(card("FN:Anna", line)).birthday == expected


def test_a_group_card_names_a_category_of_its_members():
    members = card(
        "KIND:group",
        "FN:Kunden",
        "MEMBER:urn:uuid:0B1C2D3E-0000-4000-8000-000000000001",
        version="4.0",
    )
    member = card("FN:Anna", "UID:urn:uuid:0b1c2d3e-0000-4000-8000-000000000001", version="4.0")
    result = parse_vcards((member + members).encode())
    assert not result.errors
    [anna] = result.contacts
    assert (anna.categories, anna.kinds) == (["Kunden"], ["customer"])


def test_categories_without_google_system_labels():
    contact = only_contact(card("FN:Anna", "CATEGORIES:myContacts,Kunde,starred,Familie"))
    assert contact.categories == ["Kunde", "Familie"]
    assert contact.kinds == ["customer", "friend"]


def test_emails_without_duplicates_or_junk():
    text = card("FN:Anna", "EMAIL:anna@example.de", "EMAIL;PREF:Anna@Example.de", "EMAIL:keine")
    assert only_contact(text).emails == ["anna@example.de"]
