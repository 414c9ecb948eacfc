"""Files from other programs, imported as a user imports them: what arrives is what they hold."""

import datetime as dt

import pytest

from tafelrunde.network.importing import import_files
from tafelrunde.network.models import Contact
from tests.core.importers.test_csv_thunderbird import ACER, ENGLISH, GERMAN, JOERG, thunderbird_csv

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
