"""Villages on the map: the Heidenau pair end to end, and relocating after an upgrade."""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from tafelrunde.exchange.importing import import_files
from tafelrunde.network.models import Contact, LocationSource, Place
from tafelrunde.network.places import find_place
from tests.factories import AddressFactory, ContactFactory, PhoneFactory

pytestmark = pytest.mark.django_db

# An iPhone export: a supplier in the Nordheide village, a customer next to Dresden.
HEIDENAU_PAIR = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.5//EN
N:Brandt;Holger;;Dr.;
FN:Dr. Holger Brandt
ORG:Brandt Bootsbau GmbH;
item1.ADR;type=WORK;type=pref:;;Am Hafen 2;Heidenau;Niedersachsen;21258;Deutschland
item1.X-ABADR:de
TEL;type=WORK;type=VOICE;type=pref:+49 4182 28610
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.5//EN
N:Weißbach;Jürgen;;;
FN:Jürgen Weißbach
item1.ADR;type=WORK;type=pref:;;Hauptstraße 10;Heidenau;Sachsen;01809;Deutschland
item1.X-ABADR:de
TEL;type=CELL:+49 171 5550199
END:VCARD
"""


def names_on_the_list(capsys, place: str, *options: str) -> list[str]:
    call_command("tonight", place, "--json", *options)
    return [row["name"] for row in json.loads(capsys.readouterr().out)["candidates"]]


def test_the_heidenau_pair_each_on_their_own_citys_list(owner, capsys):
    report = import_files(owner, [("iphone.vcf", HEIDENAU_PAIR.encode())])
    assert report.created == 2
    supplier = Contact.objects.get(family_name="Brandt")
    assert (supplier.place.name, supplier.place.admin1) == ("Heidenau", "06")
    assert supplier.location_confidence >= 0.9
    assert "Holger Brandt" not in " ".join(names_on_the_list(capsys, "Dresden"))
    assert "Jürgen Weißbach" in names_on_the_list(capsys, "Dresden")
    hamburg = names_on_the_list(capsys, "Hamburg", "--radius", "60")
    assert any("Holger Brandt" in name for name in hamburg)  # Tostedt's side of Hamburg
    assert "Jürgen Weißbach" not in hamburg


def contact_placed_by_the_old_index(owner, place_name: str, source: str, **address) -> Contact:
    contact = ContactFactory(owner=owner)
    AddressFactory(contact=contact, owner=owner, **address)
    contact.set_location(find_place(place_name), source, 0.9)
    contact.save()
    return contact


def wrongly_in_saxony(owner, source=LocationSource.ADDRESS) -> Contact:
    """Located before villages were known: the Nordheide card landed next to Dresden."""
    return contact_placed_by_the_old_index(
        owner, "Heidenau, Sachsen", source,
        street="Am Hafen 2", postal_code="21258", city="Heidenau", region="Niedersachsen",
    )  # fmt: skip


def test_relocate_moves_what_was_found_automatically_and_says_how_far(owner, capsys):
    supplier = wrongly_in_saxony(owner)
    right = contact_placed_by_the_old_index(owner, "Dresden", LocationSource.ADDRESS,
                                            postal_code="01067", city="Dresden")  # fmt: skip
    call_command("relocate", "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["checked"], report["moved"], report["dry_run"]) == (2, 1, False)
    assert 350 < report["max_km"] < 450
    supplier.refresh_from_db()
    assert (supplier.place.admin1, supplier.location_source) == ("06", "address")
    assert round(supplier.latitude) == 53  # the copy the call list's box query reads
    right.refresh_from_db()
    assert right.place.name == "Dresden"


def test_a_place_set_by_hand_or_learned_at_a_meal_never_moves(owner, capsys):
    by_hand = wrongly_in_saxony(owner, LocationSource.MANUAL)
    from_meal = wrongly_in_saxony(owner, LocationSource.MEAL)
    call_command("relocate", "--json")
    assert json.loads(capsys.readouterr().out)["checked"] == 0
    for contact in (by_hand, from_meal):
        contact.refresh_from_db()
        assert contact.place.admin1 == "13"  # still Saxony, as the owner said


def test_a_dry_run_reports_and_changes_nothing(owner, capsys):
    supplier = wrongly_in_saxony(owner)
    call_command("relocate", "--dry-run")
    out = capsys.readouterr().out
    assert "Checked 1 contact located automatically. 1 would move" in out
    supplier.refresh_from_db()
    assert supplier.place.admin1 == "13"


def test_relocate_locates_contacts_nobody_could_place_before(owner, capsys):
    village = ContactFactory(owner=owner)
    AddressFactory(contact=village, owner=owner, postal_code="05-079", city="Okuniew",
                   country="Polska", street="")  # fmt: skip
    PhoneFactory(contact=village, owner=owner, number="+48600123456")
    call_command("relocate")
    assert "1 newly located" in capsys.readouterr().out
    village.refresh_from_db()
    assert village.place.name == "Okuniew"


def test_the_upgrade_relocates_once_by_the_migration(owner):
    supplier = wrongly_in_saxony(owner)
    migration = importlib.import_module(
        "tafelrunde.network.migrations.0005_relocate_with_village_index"
    )
    migration.relocate(apps, schema_editor=None)
    supplier.refresh_from_db()
    assert supplier.place.admin1 == "06"


def test_places_made_from_postal_data_are_stored_like_any_other(owner):
    okuniew = find_place("Okuniew")
    assert okuniew.geonameid >= 1_000_000_000
    assert Place.objects.get(geonameid=okuniew.geonameid).name == "Okuniew"


MUDDLED_CARD = """BEGIN:VCARD
VERSION:3.0
N:Krause;Elke;;;
FN:Elke Krause
ADR;type=WORK:;;Dorfstraße 3;Heidenau;Sachsen;21258;Deutschland
END:VCARD
"""


def test_a_place_chosen_against_contradicting_hints_shows_as_approximate(
    owner, owner_client, capsys
):
    """Postal code in the Nordheide, region Saxony: neither can be trusted, so the list
    says "about" and the JSON says approximate."""
    import_files(owner, [("muddled.vcf", MUDDLED_CARD.encode())])
    elke = Contact.objects.get(family_name="Krause")
    assert elke.location_confidence <= 0.3 and elke.location_is_approximate
    call_command("tonight", elke.place.name, "--json", "--radius", "500")
    row = json.loads(capsys.readouterr().out)["candidates"][0]
    assert row["location"]["approximate"] is True
    assert row["location"]["confidence"] <= 0.3
    page = owner_client.get("/tonight/", {"place": "Dresden", "radius": "500"})
    assert re.search(r"about [\d.,]+ km", page.content.decode())
    contact_page = owner_client.get(f"/contacts/{elke.pk}/").content.decode()
    assert "approximate" in contact_page


def test_a_sure_place_is_not_marked_approximate(owner, capsys):
    import_files(owner, [("iphone.vcf", HEIDENAU_PAIR.encode())])
    call_command("tonight", "Dresden", "--json")
    row = json.loads(capsys.readouterr().out)["candidates"][0]
    assert row["location"]["approximate"] is False
    assert row["location"]["source"] == "address"
