"""Herr or Frau from what every source carries (vCard N prefix and GENDER, Outlook's
Title/Anrede, Google's Name Prefix), kept on merges and re-imports, and out again in exports."""

from dataclasses import replace
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from tafelrunde.core.importers.vcard import parse_vcards
from tafelrunde.exchange.export_json import export_json
from tafelrunde.exchange.export_vcard import export_vcard
from tafelrunde.exchange.importing import import_files
from tafelrunde.network.contact_import import fingerprint
from tafelrunde.network.models import Contact
from tafelrunde.relationships.merge import merge_contacts
from tests.conftest import CORPUS
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")


def imported(owner, name: str, data: bytes) -> dict[str, tuple[str, str]]:
    """Full name -> (salutation, title) of the contacts a file made (and those before)."""
    import_files(owner, [(name, data)])
    return {c.full_name: (c.salutation, c.title) for c in Contact.objects.owned_by(owner)}


def vcard(version: str, *lines: str) -> bytes:
    body = "\n".join(lines)
    return f"BEGIN:VCARD\nVERSION:{version}\n{body}\nEND:VCARD\n".encode()


@needs_corpus
def test_a_vcard_3_prefix_from_an_iphone_is_the_salutation(owner):
    data = (CORPUS / "vcard" / "John_Doe_IPHONE.vcf").read_bytes()
    assert imported(owner, "iphone.vcf", data) == {"Mr. John Richter James Doe Sr.": ("mr", "")}


@needs_corpus
def test_a_vcard_2_1_prefix_from_outlook_is_the_salutation(owner):
    data = (CORPUS / "vcard" / "outlook-2003.vcf").read_bytes()
    assert imported(owner, "outlook.vcf", data) == {"John Doe III": ("mr", "")}


@needs_corpus
def test_a_vcard_4_gender_is_the_salutation(owner):
    data = (CORPUS / "vcard" / "rfc6350-example.vcf").read_bytes()
    assert imported(owner, "rfc6350.vcf", data) == {"Simon Perreault": ("mr", "")}


def test_a_prefix_splits_into_salutation_and_title_and_goes_before_gender(owner):
    data = vcard("4.0", "N:Brandt;Holger;;Herr Dr.;", "FN:Dr. Holger Brandt", "GENDER:F")
    data += vcard("4.0", "N:Weber;Birgit;;Prof. Dr.;", "FN:Birgit Weber", "GENDER:F;she/her")
    data += vcard("3.0", "N:Krause;Uta;;;", "FN:Uta Krause", "X-GENDER:female")
    assert imported(owner, "cards.vcf", data) == {
        "Dr. Holger Brandt": ("mr", "Dr."),
        "Birgit Weber": ("ms", "Prof. Dr."),
        "Uta Krause": ("ms", ""),
    }


def test_outlook_csv_with_english_headers(owner):
    data = (SAMPLES / "csv" / "outlook_en.csv").read_bytes()
    assert imported(owner, "outlook_en.csv", data)["John Smith"] == ("mr", "")


def test_outlook_csv_with_german_headers(owner):
    data = (SAMPLES / "csv" / "outlook_de.csv").read_bytes()
    people = imported(owner, "outlook_de.csv", data)
    assert people["Jörg Müller"] == ("mr", "")
    assert people["Gisela Weiß"] == ("ms", "")


def test_outlook_gender_columns_speak_when_title_and_anrede_are_silent(owner):
    english = "First Name,Last Name,Title,Gender,E-mail Address\nAnne,Roth,,Female,a@x.example\n"
    german = "Vorname;Nachname;Anrede;Titel;Geschlecht;Firma\nUwe;Lang;;Dr.;Männlich;Lang AG\n"
    assert imported(owner, "en.csv", english.encode())["Anne Roth"] == ("ms", "")
    assert imported(owner, "de.csv", german.encode("cp1252"))["Uwe Lang"] == ("mr", "Dr.")


def test_google_csv_name_prefix(owner):
    sample = (SAMPLES / "csv" / "google_contacts.csv").read_bytes()
    assert imported(owner, "google.csv", sample)["Jörg Müller"] == ("", "Dr.")
    data = (
        "First Name,Last Name,Name Prefix,E-mail 1 - Label,E-mail 1 - Value\n"
        "Karin,Vogel,Frau Dr.,* Work,karin@vogel.example\n"
        "Paul,Adler,Mr.,* Work,paul@adler.example\n"
    )
    people = imported(owner, "google2.csv", data.encode())
    assert people["Karin Vogel"] == ("ms", "Dr.")
    assert people["Paul Adler"] == ("mr", "")


def test_a_reimport_fills_an_empty_salutation_and_keeps_one_set_by_hand(owner):
    data = (SAMPLES / "csv" / "outlook_de.csv").read_bytes()
    import_files(owner, [("outlook_de.csv", data)])
    contacts = Contact.objects.owned_by(owner)
    contacts.filter(family_name="Müller").update(salutation="")
    contacts.filter(family_name="Weiß").update(salutation="mr")  # the owner knows better
    report = import_files(owner, [("outlook_de.csv", data)])
    assert report.created == 0
    assert contacts.get(family_name="Müller").salutation == "mr"
    assert contacts.get(family_name="Weiß").salutation == "mr"


def test_a_record_is_recognised_as_before_salutations_were_read():
    # Files without ids are recognised by a fingerprint of the record: the salutation read
    # from a gender field must not change it, or every re-import would be a new source.
    record = parse_vcards(vcard("4.0", "N:Roth;Anne;;Frau;", "FN:Anne Roth", "GENDER:F"))
    first = record.contacts[0]
    assert first.salutation == "ms"
    assert fingerprint(first) == fingerprint(replace(first, salutation=""))


def test_a_merge_keeps_the_salutation_that_is_known(owner):
    keep = ContactFactory(owner=owner, given_name="Holger", family_name="Brandt")
    other = ContactFactory(owner=owner, given_name="Holger", family_name="Brandt")
    other.salutation = "mr"
    other.save()
    assert merge_contacts(keep, other).salutation == "mr"
    third = ContactFactory(owner=owner, salutation="ms", given_name="Kim", family_name="Rau")
    fourth = ContactFactory(owner=owner, salutation="mr", given_name="Kim", family_name="Rau")
    assert merge_contacts(third, fourth).salutation == "ms"


def test_exports_carry_the_salutation(owner):
    holger = ContactFactory(owner=owner, salutation="mr", title="Dr.", given_name="Holger")
    ContactFactory(owner=owner, salutation="ms", given_name="Emma", language="en")
    ContactFactory(owner=owner, given_name="Kai")
    assert {c["salutation"] for c in export_json(owner)["contacts"]} == {"mr", "ms", ""}
    text = export_vcard(owner)
    assert f"N:{holger.family_name};Holger;;Herr Dr.;" in text
    cards = parse_vcards(text.encode()).contacts
    assert sorted(card.title for card in cards) == ["", "Herr Dr.", "Ms."]


def test_the_upgrade_splits_titles_typed_before_there_was_a_salutation(owner):
    migration = import_module("tafelrunde.network.migrations.0004_contact_salutation")
    herr = ContactFactory(owner=owner, title="Herr Dr.")
    mrs = ContactFactory(owner=owner, title="Mrs.")
    prof = ContactFactory(owner=owner, title="Prof. Dr.")
    migration.split_titles(apps, None)
    for contact in (herr, mrs, prof):
        contact.refresh_from_db()
    assert (herr.salutation, herr.title) == ("mr", "Dr.")
    assert (mrs.salutation, mrs.title) == ("ms", "")
    assert (prof.salutation, prof.title) == ("", "Prof. Dr.")
