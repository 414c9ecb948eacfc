"""Imports of odd input the fuzz tests (tests/fuzz) found: values longer than their columns,
numbers that are only an area code, the same record twice in one file.

SQLite keeps a string of any length in any column, PostgreSQL refuses one that is too long
("value too long for type character varying"): these tests check the lengths themselves,
so they fail on both databases when a value would not fit.
"""

import pytest
from django.db import models

from tafelrunde.exchange.importing import import_files
from tafelrunde.network.models import Contact, ContactSource, Email, NamesakeGroup
from tafelrunde.travel.models import Trip

pytestmark = pytest.mark.django_db


def vcard(*lines: str) -> str:
    return "BEGIN:VCARD\nVERSION:3.0\n" + "\n".join(lines) + "\nEND:VCARD\n"


def assert_fits_its_columns(row: models.Model) -> None:
    for field in row._meta.fields:
        value = getattr(row, field.attname)
        if isinstance(field, models.CharField) and isinstance(value, str):
            assert len(value) <= field.max_length, (field.name, len(value))


def test_a_name_in_chinese_characters_fits_its_folded_keys(owner):
    # Folding writes 中 as "zhong": 240 characters became 1,200 in name_key and search_key.
    report = import_files(
        owner, [("phone.vcf", vcard(f"FN:{'中' * 240}", "ORG:株式会社").encode())]
    )

    assert report.created == 1
    assert_fits_its_columns(Contact.objects.get(owner=owner))


def test_namesakes_with_very_long_names_are_suggested(owner):
    name = "Anna " + "B" * 244
    cards = vcard(f"FN:{name}", "ORG:Elbtal") + vcard(f"FN:{name}", "ORG:Weser")

    report = import_files(owner, [("phone.vcf", cards.encode())])

    assert (report.created, report.suggestions) == (2, 1)
    assert_fits_its_columns(NamesakeGroup.objects.get(owner=owner))


def test_a_card_with_a_very_long_uid_is_recognised_when_imported_again(owner):
    data = vcard("FN:Anna Uid", f"UID:urn:uuid:{'7' * 300}").encode()

    import_files(owner, [("phone.vcf", data)])
    again = import_files(owner, [("phone.vcf", data)])

    assert (again.created, again.unchanged) == (0, 1)
    assert Contact.objects.filter(owner=owner).count() == 1
    assert_fits_its_columns(ContactSource.objects.get(owner=owner))


OVERLONG = vcard(
    f"N:{'W' * 150};{'A' * 150};;{'Dr. ' * 20};", "FN:Anna Weber", "EMAIL:anna@example.com"
)
SHORT = vcard("FN:Anna Weber", "EMAIL:anna@example.com")


def test_overlong_names_of_a_second_card_in_the_same_file_are_cut_to_fit(owner):
    report = import_files(owner, [("both.vcf", (SHORT + OVERLONG).encode())])

    assert (report.created, report.merged) == (1, 1)
    assert_fits_its_columns(Contact.objects.get(owner=owner))


def test_overlong_names_merged_into_an_existing_contact_are_cut_to_fit(owner):
    import_files(owner, [("short.vcf", SHORT.encode())])
    report = import_files(owner, [("overlong.vcf", OVERLONG.encode())])

    assert report.merged == 1
    assert_fits_its_columns(Contact.objects.get(owner=owner))


def test_an_email_address_longer_than_254_characters_is_left_out(owner):
    # Django's validator accepts up to 320 characters; the column holds 254.
    address = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".de"

    report = import_files(
        owner, [("phone.vcf", vcard("FN:Anna Lang", f"EMAIL:{address}").encode())]
    )

    assert report.created == 1
    assert not Email.objects.filter(owner=owner).exists()


def test_two_people_with_only_an_area_code_as_phone_number_stay_two(owner):
    # "0351-" (a number cut off after the area code) used to become +490351 for both.
    cards = vcard("FN:Anna Aa", "TEL:0351-") + vcard("FN:Bernd Bb", "TEL:0351-")

    report = import_files(owner, [("phone.vcf", cards.encode())])

    assert (report.created, report.merged) == (2, 0)


def test_an_event_with_a_very_long_uid_is_one_trip_after_two_imports(owner):
    ics = (
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\n"
        f"UID:{'u' * 300}\nSUMMARY:Messe\nLOCATION:Lisbon\n"
        "DTSTART;VALUE=DATE:20300101\nDTEND;VALUE=DATE:20300103\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    ).encode()

    import_files(owner, [("calendar.ics", ics)])
    again = import_files(owner, [("calendar.ics", ics)])

    assert (again.trips_created, again.trips_unchanged) == (0, 1)
    assert_fits_its_columns(Trip.objects.get(owner=owner))


def test_the_same_record_twice_in_a_file_is_one_contact_with_both_and_a_repeat_changes_nothing(
    owner,
):
    # Found by fuzzing: the second row with the same LinkedIn URL was dropped on the first
    # import but merged on the second, so importing the file again "updated" the contact.
    linkedin = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Anna,Weber,https://www.linkedin.com/in/aw,,Elbtal,,12 Mar 2003\n"
        b"Anna,Weber,https://www.linkedin.com/in/aw,anna@example.com,Elbtal,Einkauf,12 Mar 2003\n"
    )

    first = import_files(owner, [("Connections.csv", linkedin)])

    assert (first.created, first.unchanged) == (1, 1)
    anna = Contact.objects.get(owner=owner)
    assert (anna.role, list(anna.emails.values_list("address", flat=True))) == (
        "Einkauf",
        ["anna@example.com"],
    )
    again = import_files(owner, [("Connections.csv", linkedin)])
    assert (again.created, again.updated, again.merged, again.unchanged) == (0, 0, 0, 2)
