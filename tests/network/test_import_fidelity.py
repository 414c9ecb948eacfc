"""Files from other programs, imported as a user imports them: what arrives is what they hold."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags

from tafelrunde.accounts.models import profile_for
from tafelrunde.exchange.importing import import_files
from tafelrunde.network.models import Contact
from tafelrunde.travel.models import Trip
from tests.core.importers.test_csv_thunderbird import ACER, ENGLISH, GERMAN, JOERG, thunderbird_csv
from tests.core.importers.test_ics import FORCE_COM_EVENT
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "delimiter", "codec"),
    [(ENGLISH, ",", "utf-8"), (GERMAN, ";", "cp1252"), (ENGLISH, ",", "utf-16-le")],
    ids=["english-utf8", "german-semicolons-cp1252", "english-utf16"],
)
def test_a_thunderbird_address_book_arrives_in_full(owner, header, delimiter, codec):
    data = thunderbird_csv(header, JOERG, ACER, delimiter=delimiter).encode(codec)

    report = import_files(owner, [("addressbook.csv", data)])

    assert (report.formats, report.created, report.failed) == (
        {"addressbook.csv": "thunderbird-csv"},
        2,
        0,
    )
    joerg = Contact.objects.get(owner=owner, family_name="Müller")
    assert (joerg.full_name, joerg.organisation, joerg.role) == (
        "Jörg Müller",
        "Müller Maschinenbau GmbH",
        "Geschäftsführer",
    )
    assert list(joerg.emails.values_list("address", flat=True)) == [
        "joerg.mueller@mueller-maschinenbau.de",
        "jm@example.de",
    ]
    assert set(joerg.phones.values_list("number", "type")) == {
        ("+491712345678", "mobile"),
        ("+493514567890", "work"),
        ("+493511112233", "home"),
    }
    (address,) = joerg.addresses.all()
    assert (address.street, address.postal_code, address.city) == (
        "Königsbrücker Straße 12, Haus B",
        "01099",
        "Dresden",
    )
    assert joerg.birthday == dt.date(1970, 12, 24)
    assert joerg.place.name == "Dresden"
    acer = Contact.objects.get(owner=owner, organisation="Acer America")
    assert acer.full_name == "Acer America"
    assert list(acer.emails.values_list("address", flat=True)) == ["sales@acer.example"]


def test_a_force_com_event_with_spaces_after_its_colons_becomes_a_trip(owner):
    profile = profile_for(owner)
    profile.home_place = PlaceFactory(city="Berlin")
    profile.save()

    report = import_files(owner, [("salesforce.ics", FORCE_COM_EVENT.encode())])

    assert (report.trips_created, report.errors) == (1, [])
    trip = Trip.objects.get(owner=owner)
    assert (trip.place.name, trip.start.isoformat(), trip.end.isoformat()) == (
        "Dresden",
        "2024-08-10",
        "2024-08-12",
    )


def test_the_import_page_takes_a_thunderbird_address_book(owner_client, owner):
    page = owner_client.get(reverse("contact-import")).content.decode()
    assert "Thunderbird address books" in page
    data = thunderbird_csv(ENGLISH, JOERG, ACER).encode("utf-16-le")
    upload = SimpleUploadedFile("abook.csv", data)

    response = owner_client.post(reverse("contact-import"), {"files": [upload], "format": "auto"})

    result = " ".join(strip_tags(owner_client.get(response.url).content.decode()).split())
    assert "Thunderbird address book CSV" in result
    assert "2 new" in result
    assert Contact.objects.filter(owner=owner, full_name="Jörg Müller").exists()
