"""Every village of 500 and every postal code of the packaged data is in the place index."""

import json
import sqlite3
from pathlib import Path

import countrystatecity_postal_codes
import pytest

from tafelrunde.core.gazetteer_build import normalise_postal_code, postal_place_id
from tafelrunde.core.geo import haversine_km

POSTAL_DATA = Path(countrystatecity_postal_codes.__file__).parent / "data" / "by-country"


def where(place):
    return (place.name, place.country) if place else None


def km_from(place, latitude: float, longitude: float) -> float:
    return haversine_km(place.latitude, place.longitude, latitude, longitude)


@pytest.fixture(scope="module")
def index(gazetteer):
    db = sqlite3.connect(f"{gazetteer.path.resolve().as_uri()}?mode=ro", uri=True)
    yield db
    db.close()


def test_the_index_holds_every_place_of_500_inhabitants(index):
    geonames = "SELECT count(*) FROM place WHERE geonameid < 1000000000"
    assert index.execute(geonames).fetchone()[0] > 230_000
    german = index.execute(f"{geonames} AND country = 'DE'").fetchone()[0]
    assert german >= 11_870


@pytest.mark.parametrize("country", ["DE", "AT", "CH", "FR", "IT", "PL", "NL", "ES", "SE", "JP"])
def test_every_postal_code_of_a_country_is_in_the_index(index, country):
    with open(POSTAL_DATA / country / "postcodes.json", encoding="utf-8") as f:
        packaged = {normalise_postal_code(str(row["code"])) for row in json.load(f)}
    sql = "SELECT DISTINCT code FROM postal_code WHERE country = ?"
    indexed = {code for (code,) in index.execute(sql, (country,))}
    assert packaged - indexed == set()


def test_nearly_every_packaged_postal_code_is_in_the_index(index):
    """Left out are only codes whose data names no locality and gives no point, in a
    country where no other code does either (Colombia, Peru, Latvia): nothing to go by."""
    packaged = set()
    for path in POSTAL_DATA.glob("*/postcodes.json"):
        with open(path, encoding="utf-8") as f:
            packaged |= {
                (normalise_postal_code(str(r["code"])), path.parent.name) for r in json.load(f)
            }
    indexed = set(index.execute("SELECT code, country FROM postal_code"))
    assert len(packaged & indexed) / len(packaged) > 0.98


@pytest.mark.parametrize(
    ("query", "hints"),
    [
        ("21258", {}),
        ("21258 Heidenau", {}),
        ("Heidenau, Niedersachsen", {}),
        ("Heidenau, NDS", {}),
        ("Heidenau, Lower Saxony", {}),
        ("Heidenau", {"region": "NI"}),
        ("Heidenau", {"postal_code": "21258"}),
        ("Heidenau", {"phone": "+49 4182 2861"}),
    ],
)
def test_heidenau_near_tostedt(gazetteer, query, hints):
    place = gazetteer.lookup(query, **hints)
    assert where(place) == ("Heidenau", "DE")
    assert km_from(place, 53.31, 9.65) < 5  # in the Nordheide, not near Dresden


def test_plain_heidenau_is_the_bigger_one_and_says_which_others_exist(gazetteer):
    found = gazetteer.resolve("Heidenau")
    assert km_from(found.place, 50.97, 13.87) < 5  # next to Dresden
    assert found.ambiguous
    assert [(p.name, round(p.latitude)) for p in found.others] == [("Heidenau", 53)]


@pytest.mark.parametrize(
    ("query", "hints", "name", "point"),
    [
        ("6161", {"country": "AT"}, "Natters", (47.23, 11.37)),  # Tyrol, 2,000 people
        ("3818 Grindelwald", {"country": "CH"}, "Grindelwald", (46.62, 8.04)),
        ("39030", {"country": "IT"}, "Braies", (46.72, 12.13)),
        ("05672", {"country": "US"}, "Stowe", (44.47, -72.68)),  # a ZIP code names no town
        ("05-079", {"country": "PL"}, "Okuniew", (52.28, 21.34)),  # only the postal data knows it
        ("100-0001", {"country": "JP"}, "Chiyoda", (35.68, 139.75)),  # "千代田区" in the data
        ("Hirschstein, Sachsen", {}, "Hirschstein", (51.3, 13.3)),
        ("Tessin b. Boizenburg", {}, "Tessin b. Boizenburg", (53.4, 10.8)),
    ],
)
def test_villages_and_postal_codes_in_several_countries(gazetteer, query, hints, name, point):
    place = gazetteer.lookup(query, **hints)
    assert place.name == name
    assert km_from(place, *point) < 25


def test_a_village_only_the_postal_data_names_lies_in_its_postal_area(gazetteer):
    """The data gives "ARANC" (Ain) no point: it is placed where its neighbouring codes are."""
    place = gazetteer.lookup("01110", country="FR")
    assert (place.name, place.population) == ("Aranc", 0)
    assert km_from(place, 46.0, 5.5) < 100


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("Kloten, Kanton Zürich", "ZH"),
        ("Kloten, ZH", "ZH"),
        ("Rosenheim, Bayern", "02"),
        ("Rosenheim, Bavaria", "02"),
        ("Rosenheim, BY", "02"),
        ("Rosenheim, Freistaat Bayern", "02"),
        ("Steyr, Oberösterreich", "04"),
        ("Steyr, Upper Austria", "04"),
        ("Bad Oeynhausen, NRW", "07"),
        ("Bad Oeynhausen, North Rhine-Westphalia", "07"),
    ],
)
def test_regions_in_native_english_and_short_forms(gazetteer, query, region):
    assert gazetteer.lookup(query).admin1 == region


def test_a_region_alone_is_no_place(gazetteer):
    assert gazetteer.lookup("Niedersachsen") is None


@pytest.mark.parametrize(
    ("written", "point"),
    [
        ("Pöcking", (47.97, 11.30)),  # on Lake Starnberg
        ("Poecking", (47.97, 11.30)),
        ("Pocking", (48.40, 13.31)),  # near Passau
        ("POCKING", (48.40, 13.31)),
    ],
)
def test_an_exact_native_spelling_beats_a_folded_one(gazetteer, written, point):
    found = gazetteer.resolve(written)
    assert km_from(found.place, *point) < 5
    assert not found.ambiguous


def test_typed_without_accents_a_big_city_abroad_still_wins(gazetteer):
    assert where(gazetteer.lookup("Zurich")) == ("Zürich", "CH")  # not Zurich, Friesland


def test_a_place_known_only_from_postal_data_keeps_its_id_across_builds(gazetteer):
    place = gazetteer.lookup("Okuniew")
    assert place.geonameid >= 1_000_000_000
    assert place.geonameid == postal_place_id("PL", place.admin1, "Okuniew")
    assert gazetteer.get(place.geonameid) == place


def test_regions_have_their_own_names(gazetteer):
    nds = gazetteer.lookup("21258")
    assert gazetteer.region_name(nds) == "Niedersachsen"
    assert gazetteer.region_name(gazetteer.lookup("Winterthur")) == "Zürich"


@pytest.mark.parametrize("word", ["Rathaus", "Kirche", "Messe"])
def test_a_villages_other_names_do_not_turn_words_into_places(gazetteer, word):
    """GeoNames gives small places their districts' and landmarks' names: a calendar entry
    "Rathaus" is no trip to Zürich's Kreis 1, nor "Kirche" one to Hirschegg."""
    assert gazetteer.lookup(word) is None


def test_a_town_is_still_found_by_its_other_names(gazetteer):
    assert where(gazetteer.lookup("Monaco di Baviera")) == ("Munich", "DE")
