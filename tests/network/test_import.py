"""Importing a network: real exports in, people recognised, nothing duplicated or lost."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from tafelrunde.accounts.models import profile_for
from tafelrunde.exchange.importing import ImportFailed, import_files
from tafelrunde.network.models import Contact, ContactSource, NamesakeGroup, Phone
from tafelrunde.travel.models import Trip
from tests.conftest import CORPUS

pytestmark = pytest.mark.django_db

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")

APPLE_CARD = """BEGIN:VCARD
VERSION:3.0
N:Müller;Jörg;;;
FN:Jörg Müller
ORG:Müller Maschinenbau GmbH;
TITLE:Geschäftsführer
item1.TEL;type=pref:0351 4864 2222
item1.X-ABLabel:_$!<Work>!$_
TEL;type=CELL:+49 171 5550123
EMAIL;type=INTERNET;type=WORK:j.mueller@mueller-maschinenbau.example
item2.ADR;type=WORK:;;Königsbrücker Straße 12;Dresden;;01099;Deutschland
item2.X-ABADR:de
CATEGORIES:Kunde
END:VCARD
"""

LINKEDIN = (
    (
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email addresses'
        " are missing. You will only see email addresses for connections who have allowed their"
        " connections to see or download their email address using this setting"
        ' https://www.linkedin.com/psettings/privacy/email."\n'
    )
    + """

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Joerg,Mueller,https://www.linkedin.com/in/jm-0815,,Müller Maschinenbau,CEO,12 Mar 2003
Anna,Schmidt,https://www.linkedin.com/in/as-4711,anna.schmidt@example.com,Elbtal,Einkauf,05 Jan 2019
"""
)


def vcards(*cards: str) -> bytes:
    return "".join(cards).encode()


def card(name: str, *lines: str) -> str:
    given, family = name.split(" ", 1)
    body = "\n".join(lines)
    return f"BEGIN:VCARD\nVERSION:3.0\nN:{family};{given};;;\nFN:{name}\n{body}\nEND:VCARD\n"


def test_a_phone_export_becomes_located_contacts_with_e164_numbers(owner):
    report = import_files(owner, [("iphone.vcf", APPLE_CARD.encode())])
    assert (report.created, report.failed) == (1, 0)
    joerg = Contact.objects.get(owner=owner)
    assert joerg.full_name == "Jörg Müller"
    assert joerg.organisation == "Müller Maschinenbau GmbH"
    assert set(joerg.phones.values_list("number", flat=True)) == {"+4935148642222", "+491715550123"}
    assert joerg.kinds == ["customer"]
    assert joerg.place.name == "Dresden"
    assert joerg.location_source == "address"


def test_importing_the_same_file_twice_creates_nothing_new(owner):
    data = vcards(APPLE_CARD, card("Anna Schmidt", "TEL:+49 89 1234567"))
    first = import_files(owner, [("contacts.vcf", data)])
    second = import_files(owner, [("contacts.vcf", data)])
    assert first.created == 2
    assert (second.created, second.merged, second.updated, second.unchanged) == (0, 0, 0, 2)
    assert Contact.objects.filter(owner=owner).count() == 2
    assert Phone.objects.filter(owner=owner).count() == 3


def test_linkedin_connection_and_phone_contact_are_one_person(owner):
    import_files(owner, [("Connections.csv", LINKEDIN.encode())])
    report = import_files(owner, [("iphone.vcf", APPLE_CARD.encode())])
    assert report.merged == 1 and report.created == 0
    joerg = Contact.objects.get(owner=owner, name_key="jorg muller")
    assert joerg.known_since.isoformat() == "2003-03-12"
    assert {s.kind for s in joerg.sources.all()} == {"linkedin-csv", "vcard"}
    assert joerg.phones.count() == 2
    assert Contact.objects.filter(owner=owner).count() == 2


def test_a_shared_email_merges_whatever_the_name_says(owner):
    import_files(owner, [("a.vcf", vcards(card("Anna Schmidt", "EMAIL:Anna.Schmidt@example.com")))])
    report = import_files(
        owner, [("b.vcf", vcards(card("Anni Schmidt-Berger", "EMAIL:anna.schmidt@example.com")))]
    )
    assert report.merged == 1
    assert Contact.objects.filter(owner=owner).count() == 1


def test_same_name_elsewhere_is_only_a_suggestion(owner):
    import_files(owner, [("a.vcf", vcards(card("Thomas Weber", "ORG:Weber Bau")))])
    report = import_files(owner, [("b.vcf", vcards(card("Thomas Weber", "ORG:Stadtwerke Jena")))])
    assert report.created == 1 and report.suggestions == 1
    assert Contact.objects.filter(owner=owner).count() == 2
    group = NamesakeGroup.objects.get(owner=owner)
    assert group.name == "Thomas Weber"
    assert group.members.count() == 2


def test_namesakes_in_one_file_are_suggested_once(owner):
    data = vcards(card("Thomas Weber", "ORG:Weber Bau"), card("Thomas Weber", "ORG:Stadtwerke"))
    report = import_files(owner, [("linkedin.vcf", data)])
    assert report.created == 2
    assert report.suggestions == 1
    group = NamesakeGroup.objects.get(owner=owner)
    assert group.members.count() == 2


def test_a_bad_record_is_reported_and_the_good_ones_are_imported(owner):
    broken = "BEGIN:VCARD\nVERSION:3.0\nTEL:+49 30 123456\nEND:VCARD\n"
    data = vcards(card("Anna Schmidt"), broken, card("Karl Weiß"))
    report = import_files(owner, [("mixed.vcf", data)])
    assert report.created == 2
    assert report.failed == 1
    assert report.errors[0]["source"] == "mixed.vcf"
    assert report.errors[0]["record"] == 2


def test_an_unreadable_file_changes_nothing_even_next_to_a_good_one(owner):
    junk = bytes(range(256)) * 20
    with pytest.raises(ImportFailed, match=r"junk\.bin"):
        import_files(owner, [("good.vcf", APPLE_CARD.encode()), ("junk.bin", junk)])
    assert not Contact.objects.exists()


def test_dry_run_reports_without_writing(owner):
    report = import_files(owner, [("iphone.vcf", APPLE_CARD.encode())], dry_run=True)
    assert report.created == 1
    assert not Contact.objects.exists()


@needs_corpus
def test_every_corpus_vcard_imports_and_every_named_card_becomes_a_contact(owner):
    from tafelrunde.core.importers.vcard import parse_vcards

    files = sorted((CORPUS / "vcard").glob("*.vcf"))
    assert files
    for path in files:
        # Android's cards with only an e-mail address too: named after it (stand-in names).
        named = [c for c in parse_vcards(path.read_bytes()).contacts if c.can_be_named]
        report = import_files(owner, [(path.name, path.read_bytes())])
        taken = report.created + report.merged + report.unchanged + report.updated
        assert taken == len(named), path.name
        for card in named:  # under its own name, or merged into whoever shares its e-mail
            same = Contact.objects.filter(owner=owner, full_name=card.full_name)
            shared = Contact.objects.filter(owner=owner, emails__address__in=card.emails)
            assert same.exists() or shared.exists(), f"{path.name}: {card.full_name}"
    # John Doe of IBM, exported by six programs, is one person with six sources.
    john = Contact.objects.get(owner=owner, emails__address="john.doe@ibm.com")
    assert john.sources.count() == 6


@needs_corpus
def test_every_corpus_address_with_a_real_city_is_located(owner):
    from tafelrunde.core.importers.vcard import parse_vcards
    from tafelrunde.network.places import gazetteer

    located = 0
    for path in sorted((CORPUS / "vcard").glob("*.vcf")):
        import_files(owner, [(path.name, path.read_bytes())])
        for card in parse_vcards(path.read_bytes()).contacts:
            # fullcontact.vcf's "HomeCity" is a placeholder, not a place anyone can find.
            if card.has_name and any(gazetteer().lookup(a.city) for a in card.addresses):
                located += 1
                by_name = Q(full_name=card.full_name) | Q(emails__address__in=card.emails)
                contacts = Contact.objects.filter(by_name, owner=owner)
                assert contacts.exclude(place=None).exists(), f"{path.name}: {card.full_name}"
    assert located >= 10


def test_calendar_events_away_from_home_become_trips_and_update_by_uid(owner):
    from tests.factories import PlaceFactory

    profile = profile_for(owner)
    profile.home_place = PlaceFactory(city="Berlin")
    profile.save()
    ics = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\n"
        "BEGIN:VEVENT\nUID:messe-1@google.com\nDTSTART;VALUE=DATE:20261110\n"
        "DTEND;VALUE=DATE:20261113\nSUMMARY:Messe München\nLOCATION:München\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:dentist@google.com\nDTSTART:20261111T090000Z\n"
        "DTEND:20261111T100000Z\nSUMMARY:Zahnarzt\nLOCATION:Berlin\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:call@google.com\nDTSTART:20261112T090000Z\n"
        "DTEND:20261112T100000Z\nSUMMARY:Telefonat\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    report = import_files(owner, [("calendar.ics", ics.encode())])
    assert report.trips_created == 1
    trip = Trip.objects.get(owner=owner)
    assert (trip.place.name, trip.start.isoformat(), trip.end.isoformat()) == (
        "Munich",
        "2026-11-10",
        "2026-11-12",
    )
    moved = ics.replace("20261113", "20261114")
    again = import_files(owner, [("calendar.ics", moved.encode())])
    assert (again.trips_created, again.trips_updated) == (0, 1)
    assert Trip.objects.get(owner=owner).end.isoformat() == "2026-11-13"


def test_import_command_prints_the_json_contract(owner, tmp_path, capsys):
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN)
    call_command("import", str(path), "--json")
    report = json.loads(capsys.readouterr().out)
    for key in ("created", "updated", "merged", "unchanged", "failed", "trips_created", "errors"):
        assert key in report
    assert report["created"] == 2
    assert ContactSource.objects.filter(owner=owner, kind="linkedin-csv").count() == 2


def test_import_command_refuses_an_unreadable_file_in_one_line(owner, tmp_path):
    path = tmp_path / "photo.vcf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    with pytest.raises(CommandError, match=r"photo\.vcf: .*Nothing was imported"):
        call_command("import", str(path))


def test_import_command_reports_a_missing_file(owner, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nope\.vcf"):
        call_command("import", str(tmp_path / "nope.vcf"))
