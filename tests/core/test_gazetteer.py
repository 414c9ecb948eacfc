from concurrent.futures import ThreadPoolExecutor

import pytest

from tafelrunde.core.gazetteer import Gazetteer, PlaceQuery, parse_place_query
from tafelrunde.core.geo import haversine_km


def where(place):
    return (place.name, place.country) if place else None


@pytest.mark.parametrize("spelling", ["München", "Munich", "Muenchen", "munich", "MÜNCHEN"])
def test_munich_in_any_spelling(gazetteer, spelling):
    assert where(gazetteer.lookup(spelling)) == ("Munich", "DE")


@pytest.mark.parametrize("spelling", ["Köln", "Cologne", "Koeln", "koln"])
def test_cologne_is_koeln_not_the_small_italian_cologne(gazetteer, spelling):
    assert where(gazetteer.lookup(spelling)) == ("Köln", "DE")


def test_the_italian_cologne_when_asked_for_italy(gazetteer):
    assert where(gazetteer.lookup("Cologne", country="IT")) == ("Cologne", "IT")


def test_meissen_with_and_without_sharp_s(gazetteer):
    assert gazetteer.lookup("Meißen") == gazetteer.lookup("Meissen")
    assert where(gazetteer.lookup("Meißen")) == ("Meissen", "DE")


@pytest.mark.parametrize("spelling", ["Wien", "Vienna", "wien", "Wien, Österreich"])
def test_vienna(gazetteer, spelling):
    place = gazetteer.lookup(spelling)
    assert where(place) == ("Vienna", "AT")
    assert place.timezone == "Europe/Vienna"


@pytest.mark.parametrize("spelling", ["Zürich", "Zurich", "Zuerich"])
def test_zurich(gazetteer, spelling):
    assert where(gazetteer.lookup(spelling)) == ("Zürich", "CH")


def test_frankfurt_alone_is_the_bigger_one_and_counts_as_ambiguous(gazetteer):
    found = gazetteer.resolve("Frankfurt")
    assert where(found.place) == ("Frankfurt am Main", "DE")
    assert found.ambiguous
    names = [p.name for p in gazetteer.candidates("Frankfurt", country="DE")]
    assert names[:2] == ["Frankfurt am Main", "Frankfurt (Oder)"]


@pytest.mark.parametrize(
    "spelling", ["Frankfurt (Oder)", "Frankfurt an der Oder", "Frankfurt/Oder", "frankfurt oder"]
)
def test_frankfurt_oder_by_name(gazetteer, spelling):
    found = gazetteer.resolve(spelling)
    assert where(found.place) == ("Frankfurt (Oder)", "DE")
    assert not found.ambiguous


@pytest.mark.parametrize(
    ("query", "hints"),
    [
        ("Frankfurt", {"region": "Brandenburg"}),
        ("Frankfurt, Brandenburg", {}),
        ("Frankfurt", {"postal_code": "15230"}),
        ("15230 Frankfurt", {}),
        ("Frankfurt", {"phone": "+49 335 5551234"}),
        ("Frankfurt", {"phone": "0335 5551234"}),
    ],
)
def test_frankfurt_oder_by_region_postal_code_or_phone(gazetteer, query, hints):
    assert where(gazetteer.lookup(query, **hints)) == ("Frankfurt (Oder)", "DE")


def test_neustadt_alone_is_the_biggest_german_neustadt(gazetteer):
    assert where(gazetteer.lookup("Neustadt")) == ("Neustadt an der Weinstraße", "DE")


@pytest.mark.parametrize(
    ("query", "hints", "expected"),
    [
        ("Neustadt an der Weinstraße", {}, "Neustadt an der Weinstraße"),
        ("Neustadt an der Weinstrasse", {}, "Neustadt an der Weinstraße"),
        ("Neustadt", {"postal_code": "67433"}, "Neustadt an der Weinstraße"),
        ("Neustadt", {"postal_code": "01844"}, "Neustadt in Sachsen"),
        ("Neustadt, 01844", {}, "Neustadt in Sachsen"),
        ("01844 Neustadt", {}, "Neustadt in Sachsen"),
        ("D-01844 Neustadt", {}, "Neustadt in Sachsen"),
        ("Neustadt", {"region": "Sachsen"}, "Neustadt in Sachsen"),
        ("Neustadt", {"phone": "+49 6321 12345"}, "Neustadt an der Weinstraße"),
    ],
)
def test_which_neustadt(gazetteer, query, hints, expected):
    assert where(gazetteer.lookup(query, **hints)) == (expected, "DE")


@pytest.mark.parametrize(("town", "city"), [("Radebeul", "Dresden"), ("Unterhaching", "München")])
def test_a_small_town_next_to_a_big_city_is_itself(gazetteer, town, city):
    small, big = gazetteer.lookup(town), gazetteer.lookup(city)
    assert small.name == town
    assert small.population < big.population
    assert haversine_km(small.latitude, small.longitude, big.latitude, big.longitude) < 15


@pytest.mark.parametrize("nonsense", ["Xyzzyville", "", "   ", "Deutschland", "12345678", ","])
def test_what_is_no_place_gives_none(gazetteer, nonsense):
    assert gazetteer.lookup(nonsense) is None
    assert gazetteer.candidates(nonsense) == []


@pytest.mark.parametrize(
    ("query", "country", "expected"),
    [
        ("Paris", None, ("Paris", "FR")),
        ("Paris", "US", ("Paris", "US")),
        ("Paris", "United States", ("Paris", "US")),
        ("Paris, Texas", None, ("Paris", "US")),
        ("Paris, France", None, ("Paris", "FR")),
        ("Paris", "Deutschland", None),
        ("Halle", "de", ("Halle (Saale)", "DE")),
        ("Bern, BE", None, ("Bern", "CH")),
        ("Berlin, BE", None, ("Berlin", "DE")),
    ],
)
def test_country_hints(gazetteer, query, country, expected):
    assert where(gazetteer.lookup(query, country=country)) == expected


def test_an_unknown_country_hint_is_ignored(gazetteer):
    assert where(gazetteer.lookup("Paris", country="Atlantis")) == ("Paris", "FR")


@pytest.mark.parametrize(
    ("query", "timezone"),
    [
        ("Munich", "Europe/Berlin"),
        ("London", "Europe/London"),
        ("New York, NY", "America/New_York"),
    ],
)
def test_places_know_their_time_zone(gazetteer, query, timezone):
    assert gazetteer.lookup(query).timezone == timezone


def test_a_bare_postal_code_is_german_by_default(gazetteer):
    assert where(gazetteer.lookup("01067")) == ("Dresden", "DE")
    assert where(gazetteer.lookup("", postal_code="8001", country="CH")) == ("Zürich", "CH")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hauptstraße 5, 01067 Dresden", ("Dresden", "DE")),
        ("Unter den Linden 77, 10117 Berlin", ("Berlin", "DE")),
        ("Bahnhofstrasse 1, 8001 Zürich", ("Zürich", "CH")),
        ("Stephansplatz 1, A-1010 Wien", ("Vienna", "AT")),
        ("Königsallee 1, 40212 Düsseldorf, Germany", ("Düsseldorf", "DE")),
        ("1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA", ("Mountain View", "US")),
        ("10 Downing Street, London SW1A 2AA", ("London", "GB")),
        ("Dam 1, 1012 JS Amsterdam", ("Amsterdam", "NL")),
    ],
)
def test_one_line_addresses(gazetteer, text, expected):
    assert where(gazetteer.lookup(text)) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("01844 Neustadt", PlaceQuery("Neustadt", postal_code="01844")),
        ("Neustadt, 01844", PlaceQuery("Neustadt", postal_code="01844")),
        ("D-01844 Neustadt", PlaceQuery("Neustadt", country="DE", postal_code="01844")),
        ("Frankfurt, Brandenburg", PlaceQuery("Frankfurt", region="Brandenburg")),
        ("Wien, Österreich", PlaceQuery("Wien", country="Österreich")),
        ("Austin, TX 78701", PlaceQuery("Austin", region="TX", postal_code="78701")),
        ("Munich", PlaceQuery("Munich")),
    ],
)
def test_parse_place_query(text, parts):
    assert parse_place_query(text) == parts


def test_get_by_geonameid(gazetteer):
    dresden = gazetteer.lookup("Dresden")
    assert gazetteer.get(dresden.geonameid) == dresden
    assert gazetteer.get(-1) is None


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+49 351 4455667", ("Dresden", "DE")),
        ("0351 4455667", ("Dresden", "DE")),
        ("+49 335 5551234", ("Frankfurt (Oder)", "DE")),
        ("+49 6321 12345", ("Neustadt an der Weinstraße", "DE")),
        ("+49 89 1234567", ("Munich", "DE")),
        ("+44 20 7946 0000", ("London", "GB")),
        ("+41 44 123 45 67", ("Zürich", "CH")),
        ("+43 1 5124567", ("Vienna", "AT")),
        ("+1 212 555 0100", ("New York City", "US")),
    ],
)
def test_a_landline_area_code_names_the_place(gazetteer, number, expected):
    assert where(gazetteer.from_phone(number)) == expected


@pytest.mark.parametrize("number", ["+49 170 1234567", "0171 2345678", "not a phone", ""])
def test_mobiles_and_junk_locate_nobody(gazetteer, number):
    assert gazetteer.from_phone(number) is None


def test_a_national_number_is_read_in_the_default_country(gazetteer):
    assert where(gazetteer.from_phone("01 5124567", default_country="AT")) == ("Vienna", "AT")


def test_opening_again_reuses_the_index(gazetteer, gazetteer_dir):
    before = gazetteer.path.stat()
    again = Gazetteer.open(gazetteer_dir)
    after = again.path.stat()
    assert again.path == gazetteer.path
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not list(gazetteer_dir.glob("*.tmp*")), "no half-built index is left behind"


def test_lookups_from_many_threads_agree(gazetteer):
    names = ["München", "Köln", "Wien", "Zürich", "Frankfurt (Oder)", "01844 Neustadt"] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda name: where(gazetteer.lookup(name)), names))
    assert found == [where(gazetteer.lookup(name)) for name in names]


def test_a_mistyped_hint_is_an_error_not_ignored(gazetteer):
    with pytest.raises(TypeError, match="postcode"):
        gazetteer.lookup("Neustadt", postcode="01844")


def test_a_very_long_text_is_no_place(gazetteer):
    assert gazetteer.lookup("Dresden, " * 1000) is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Frankfurt a.M.", "Frankfurt am Main"),
        ("Frankfurt/M.", "Frankfurt am Main"),
        ("Frankfurt/O.", "Frankfurt (Oder)"),
        ("Freiburg i. Br.", "Freiburg"),
        ("Halle/S.", "Halle (Saale)"),
        ("Bad Homburg v.d.H.", "Bad Homburg vor der Höhe"),
        ("Neustadt a.d. Weinstr.", "Neustadt an der Weinstraße"),
    ],
)
def test_abbreviated_german_town_names(gazetteer, written, expected):
    assert where(gazetteer.lookup(written)) == (expected, "DE")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("München-Schwabing", "Munich"),
        ("Köln-Ehrenfeld", "Köln"),
        ("Rostock-Warnemünde", "Rostock"),
    ],
)
def test_a_district_after_a_hyphen_gives_its_town(gazetteer, written, expected):
    assert where(gazetteer.lookup(written)) == (expected, "DE")


def test_a_district_of_an_ambiguous_town_name_gives_nothing(gazetteer):
    # Bergen-Enkheim is part of Frankfurt; "Bergen" alone could be Norway or Rügen.
    assert gazetteer.lookup("Bergen-Enkheim") is None


def test_a_postal_code_hint_may_carry_its_country_prefix(gazetteer):
    assert where(gazetteer.lookup("Neustadt", postal_code="D-01844")) == (
        "Neustadt in Sachsen",
        "DE",
    )


def test_a_made_up_hyphenated_name_is_no_place(gazetteer):
    assert gazetteer.lookup("Atlantis-upon-Sea") is None


@pytest.mark.parametrize(
    ("point", "name"),
    [
        ((48.1374, 11.5755), "Munich"),  # Marienplatz
        ((51.0504, 13.7373), "Dresden"),  # the Altmarkt
        ((52.2297, 21.0122), "Warsaw"),
        ((-33.8688, 151.2093), "Sydney"),  # not the mail centre postal data knows there
    ],
)
def test_nearest_place_to_a_point(gazetteer, point, name):
    place, km = gazetteer.nearest(*point)
    assert place.name == name
    assert km == pytest.approx(haversine_km(*point, place.latitude, place.longitude))
    assert km < 3


def test_nothing_is_near_the_middle_of_the_atlantic(gazetteer):
    assert gazetteer.nearest(35.0, -40.0) is None


def test_nearest_across_the_date_line_and_at_the_pole(gazetteer):
    place, _km = gazetteer.nearest(-17.75, 179.99)  # Fiji's Lau islands straddle the line
    assert place.country == "FJ"
    assert gazetteer.nearest(90.0, 0.0) is None


@pytest.mark.parametrize(
    "point", [(91, 0), (-90.5, 0), (0, 180.5), (float("nan"), 0), (0, float("inf")), ("x", 0)]
)
def test_nearest_refuses_a_point_off_the_globe(gazetteer, point):
    with pytest.raises(ValueError, match=r"latitude|longitude"):
        gazetteer.nearest(*point)
