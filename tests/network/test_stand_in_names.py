"""A contact always has a name: one a file gave, or else its organisation's or its e-mail
address's, marked as such, the same from every importer and in every export."""

import json

import pytest
from django.apps import apps
from django.urls import reverse

from tafelrunde.core.importers.vcard import parse_vcards
from tafelrunde.exchange.export_json import export_json
from tafelrunde.exchange.export_vcard import export_vcard
from tafelrunde.exchange.importing import import_files
from tafelrunde.network.models import Contact, NamesakeGroup
from tafelrunde.relationships.merge import merge_contacts
from tests.conftest import CORPUS
from tests.core.importers.test_csv_thunderbird import ENGLISH, thunderbird_csv
from tests.factories import ContactFactory, EmailFactory
from tests.network.test_contact_pages import contact_form_data

pytestmark = pytest.mark.django_db

GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Nickname,File As,Organization Name,Organization Title,"
    "Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
)
ONLY_AN_EMAIL = GOOGLE_HEADER + ",,,,,,,,,* myContacts,* Other,j.smith@example.com,,\n"


def only(owner) -> Contact:
    (contact,) = Contact.objects.filter(owner=owner)
    return contact


def test_a_google_row_with_only_an_email_address_is_named_after_it(owner):
    report = import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])

    assert (report.created, report.failed) == (1, 0)
    contact = only(owner)
    assert (contact.full_name, contact.name_taken_from) == ("J. Smith", "email")


def test_its_vcard_has_a_name_and_imports_again(owner, outsider):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])

    card = export_vcard(owner)

    assert "FN:J. Smith\r\n" in card
    assert "\nFN:\r\n" not in card
    report = import_files(outsider, [("export.vcf", card.encode())])
    assert (report.created, report.failed) == (1, 0)
    assert only(outsider).emails.get().address == "j.smith@example.com"


def test_a_thunderbird_card_with_only_a_company_is_named_after_it(owner):
    company = {"Organization": "Acer America", "Primary Email": "sales@acer.example"}

    import_files(owner, [("abook.csv", thunderbird_csv(ENGLISH, company).encode())])

    contact = only(owner)
    assert (contact.full_name, contact.name_taken_from) == ("Acer America", "organisation")


@pytest.mark.parametrize(
    ("lines", "name", "origin"),
    [
        ("EMAIL:j.smith@example.com", "J. Smith", "email"),
        ("ORG:Acer America;Sales\nEMAIL:sales@acer.example", "Acer America", "organisation"),
    ],
    ids=["only-an-email", "only-a-company"],
)
def test_a_vcard_without_a_name_is_named_the_same_way(owner, lines, name, origin):
    card = f"BEGIN:VCARD\nVERSION:3.0\n{lines}\nEND:VCARD\n"

    report = import_files(owner, [("card.vcf", card.encode())])

    assert (report.created, report.failed) == (1, 0)
    contact = only(owner)
    assert (contact.full_name, contact.name_taken_from) == (name, origin)


def test_a_card_with_neither_name_nor_company_nor_email_is_still_refused(owner):
    card = "BEGIN:VCARD\nVERSION:3.0\nTEL:+49 351 1234567\nEND:VCARD\n"

    report = import_files(owner, [("card.vcf", card.encode())])

    assert (report.created, report.failed) == (0, 1)
    assert report.errors[0]["message"] == "no name (phone +49 351 1234567)"


def test_the_real_name_replaces_the_stand_in_when_it_arrives(owner):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])
    card = "BEGIN:VCARD\nN:Smith;John\nFN:John Smith\nEMAIL:j.smith@example.com\nEND:VCARD\n"

    report = import_files(owner, [("phone.vcf", card.encode())])

    assert (report.created, report.merged) == (0, 1)
    contact = only(owner)
    assert (contact.full_name, contact.name_taken_from) == ("John Smith", "")
    assert contact.name_key  # now a name to find namesakes by


def test_merging_a_stand_in_with_a_named_contact_keeps_the_real_name(owner):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])
    stand_in = only(owner)
    named = ContactFactory(owner=owner, given_name="Anna", family_name="Schmidt")

    kept = merge_contacts(stand_in, named)

    kept.refresh_from_db()
    assert (kept.full_name, kept.name_taken_from) == ("Anna Schmidt", "")
    assert kept.name_key


def test_colleagues_named_after_their_company_are_not_taken_for_one_person(owner):
    rows = [
        {"Organization": "Acer America", "Primary Email": "anna@acer.example"},
        {"Organization": "Acer America", "Primary Email": "bob@acer.example"},
    ]

    report = import_files(owner, [("abook.csv", thunderbird_csv(ENGLISH, *rows).encode())])

    assert (report.created, report.merged, report.suggestions) == (2, 0, 0)
    assert not NamesakeGroup.objects.filter(owner=owner).exists()


def test_the_contact_page_says_the_name_is_a_stand_in(owner_client, owner):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])

    page = owner_client.get(reverse("contact-detail", args=[only(owner).pk])).content.decode()

    assert "No name was given: the contact is named after the e-mail address." in page


def test_names_typed_in_replace_the_stand_in(owner_client, owner):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])
    contact = only(owner)
    data = contact_form_data(
        given_name="John", family_name="Smith", organisation="", emails="j.smith@example.com"
    )
    data["full_name"] = "J. Smith"  # the stand-in, left as it was

    owner_client.post(reverse("contact-edit", args=[contact.pk]), data)

    contact.refresh_from_db()
    assert (contact.full_name, contact.name_taken_from) == ("John Smith", "")


def test_editing_something_else_keeps_the_stand_in_and_its_mark(owner_client, owner):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])
    contact = only(owner)
    data = contact_form_data(given_name="", family_name="", organisation="", notes="Met in Graz")
    data |= {"full_name": "J. Smith", "emails": "j.smith@example.com"}

    owner_client.post(reverse("contact-edit", args=[contact.pk]), data)

    contact.refresh_from_db()
    assert (contact.full_name, contact.name_taken_from, contact.notes) == (
        "J. Smith",
        "email",
        "Met in Graz",
    )


def test_the_json_export_keeps_the_mark_and_an_older_export_gets_names(owner, outsider):
    import_files(owner, [("contacts.csv", ONLY_AN_EMAIL.encode())])
    export = export_json(owner)
    assert export["contacts"][0]["name_taken_from"] == "email"
    older = json.loads(json.dumps(export))
    record = older["contacts"][0]
    record["name"] = ""  # as exports from before stand-in names hold such a contact
    del record["name_taken_from"]

    report = import_files(outsider, [("export.json", json.dumps(older).encode())])

    assert report.created == 1
    assert (only(outsider).full_name, only(outsider).name_taken_from) == ("J. Smith", "email")


def test_the_upgrade_names_contacts_imported_nameless_before(owner):
    from importlib import import_module

    migration = import_module(
        "tafelrunde.network.migrations.0006_stand_in_names_for_nameless_contacts"
    )
    nameless = ContactFactory(owner=owner, given_name="", family_name="", organisation="")
    Contact.objects.filter(pk=nameless.pk).update(full_name="")
    EmailFactory(contact=nameless, address="j.smith@example.com")
    company = ContactFactory(owner=owner, given_name="", family_name="", organisation="Acer")
    Contact.objects.filter(pk=company.pk).update(full_name="")
    named = ContactFactory(owner=owner, given_name="Anna", family_name="Roth")

    migration.name_the_nameless(apps, None)

    names = dict(Contact.objects.values_list("pk", "full_name"))
    assert names == {nameless.pk: "J. Smith", company.pk: "Acer", named.pk: "Anna Roth"}
    assert parse_vcards(export_vcard(owner).encode()).errors == []  # no card without a name


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")
def test_androids_cards_with_only_an_email_address_are_named_after_it(owner):
    data = (CORPUS / "vcard" / "John_Doe_ANDROID.vcf").read_bytes()

    report = import_files(owner, [("android.vcf", data)])

    assert report.failed == 0
    named = Contact.objects.filter(owner=owner, name_taken_from="email")
    assert sorted(named.values_list("full_name", flat=True)) == ["Jane Doe", "John Doe"]
