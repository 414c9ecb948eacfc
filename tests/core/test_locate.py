import pytest

from tafelrunde.core.locate import AddressHint, country_code, locate


def test_an_address_city_locates_the_contact(gazetteer):
    found = locate([AddressHint(city="Dresden", postal_code="01067")], [], gazetteer=gazetteer)
    assert (found.place.name, found.method, found.confidence) == ("Dresden", "address", 0.95)


def test_an_ambiguous_city_is_less_sure_until_something_tells_which(gazetteer):
    vague = locate([AddressHint(city="Frankfurt")], [], gazetteer=gazetteer)
    assert (vague.place.name, vague.confidence) == ("Frankfurt am Main", 0.7)
    sure = locate([AddressHint(city="Frankfurt", region="Brandenburg")], [], gazetteer=gazetteer)
    assert (sure.place.name, sure.confidence) == ("Frankfurt (Oder)", 0.9)
    by_code = locate([AddressHint(city="Frankfurt", postal_code="15234")], [], gazetteer=gazetteer)
    assert by_code.place.name == "Frankfurt (Oder)"


@pytest.mark.parametrize("country", ["USA", "United States", "US", "Vereinigte Staaten"])
def test_country_names_are_understood(gazetteer, country):
    found = locate([AddressHint(city="Paris", country=country)], [], gazetteer=gazetteer)
    assert found.place.country == "US"


@pytest.mark.parametrize("country", ["Germany", "Deutschland", "DE", "de"])
def test_german_country_names(gazetteer, country):
    found = locate([AddressHint(city="Halle", country=country)], [], gazetteer=gazetteer)
    assert (found.place.name, found.place.country) == ("Halle (Saale)", "DE")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (AddressHint(freetext="Hauptstraße 5, 01067 Dresden"), "Dresden"),
        (AddressHint(freetext="Königsallee 1, 40212 Düsseldorf, Germany"), "Düsseldorf"),
        (AddressHint(street="Königsallee 1\n40212 Düsseldorf\nDeutschland"), "Düsseldorf"),
        (AddressHint(street="Hauptstraße 5\nRadebeul"), "Radebeul"),
    ],
)
def test_a_whole_address_in_one_field(gazetteer, address, expected):
    found = locate([address], [], gazetteer=gazetteer)
    assert (found.place.name, found.method, found.confidence) == (expected, "address", 0.8)


def test_a_postal_code_helps_when_the_city_is_too_small_to_know(gazetteer):
    address = AddressHint(city="Hintertupfingen", postal_code="01067")
    found = locate([address], [], gazetteer=gazetteer)
    assert (found.place.name, found.method, found.confidence) == ("Dresden", "address", 0.6)


def test_without_an_address_a_landline_area_code_locates(gazetteer):
    found = locate([], ["+49 171 2345678", "0351 4455667"], gazetteer=gazetteer)
    assert (found.place.name, found.method, found.confidence) == ("Dresden", "phone", 0.5)


def test_an_address_wins_over_a_phone(gazetteer):
    found = locate([AddressHint(city="Köln")], ["+49 351 4455667"], gazetteer=gazetteer)
    assert (found.place.name, found.method) == ("Köln", "address")


def test_an_unknown_city_falls_back_to_the_phone(gazetteer):
    found = locate([AddressHint(city="Xyzzyville")], ["+44 20 7946 0000"], gazetteer=gazetteer)
    assert (found.place.name, found.method) == ("London", "phone")


def test_a_national_number_uses_the_default_country(gazetteer):
    found = locate([], ["01 5124567"], gazetteer=gazetteer, default_country="AT")
    assert found.place.name == "Vienna"


@pytest.mark.parametrize(
    ("addresses", "phones"),
    [
        ([], []),
        ([], ["+49 170 1234567"]),
        ([AddressHint(street="Hauptstraße 5")], []),
        ([AddressHint(city="Xyzzyville", country="Germany")], ["nonsense"]),
    ],
)
def test_nothing_that_tells_gives_no_location(gazetteer, addresses, phones):
    assert locate(addresses, phones, gazetteer=gazetteer) is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Deutschland", "DE"),
        ("Germany", "DE"),
        ("de", "DE"),
        ("DEU", "DE"),
        ("Österreich", "AT"),
        ("Schweiz", "CH"),
        ("USA", "US"),
        ("United States", "US"),
        ("Vereinigte Staaten", "US"),
        ("UK", "GB"),
        ("Niederlande", "NL"),
    ],
)
def test_country_codes_from_what_people_write(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("nonsense", ["", "Atlantis", "Sachsen"])
def test_what_is_no_country_has_no_code(nonsense):
    assert country_code(nonsense) is None


def test_a_region_that_contradicts_the_only_city_of_that_name_makes_it_approximate(gazetteer):
    found = locate([AddressHint(city="Dresden", region="Bayern")], [], gazetteer=gazetteer)
    assert (found.place.name, found.confidence, found.approximate) == ("Dresden", 0.3, True)


HEIDENAU_NORDHEIDE = AddressHint(
    street="Am Hafen 2", postal_code="21258", city="Heidenau", region="Niedersachsen"
)
TOSTEDT_LANDLINE = "+49 4182 28610"


def test_the_supplier_in_heidenau_near_tostedt_is_placed_there_with_confidence(gazetteer):
    found = locate([HEIDENAU_NORDHEIDE], [TOSTEDT_LANDLINE], gazetteer=gazetteer)
    assert (found.place.name, found.place.admin1) == ("Heidenau", "06")  # Niedersachsen
    assert found.confidence == 0.95
    assert not found.approximate


@pytest.mark.parametrize(
    "address",
    [
        AddressHint(postal_code="21258", city="Heidenau"),
        AddressHint(city="Heidenau", region="Niedersachsen"),
        AddressHint(city="Heidenau", region="NDS"),
        AddressHint(freetext="Am Hafen 2\n21258 Heidenau\nDeutschland"),
    ],
)
def test_each_hint_alone_finds_the_village_not_the_bigger_namesake(gazetteer, address):
    found = locate([address], [], gazetteer=gazetteer)
    assert (found.place.name, found.place.admin1) == ("Heidenau", "06")
    assert found.confidence >= 0.8


def test_a_landline_300_km_from_the_namesake_picks_the_namesake_near_it(gazetteer):
    found = locate([AddressHint(city="Heidenau")], [TOSTEDT_LANDLINE], gazetteer=gazetteer)
    assert (found.place.name, found.place.admin1) == ("Heidenau", "06")
    assert found.confidence < 0.9  # the name alone would have said the other one


def test_a_postal_code_that_contradicts_the_region_is_never_certain(gazetteer):
    address = AddressHint(postal_code="21258", city="Heidenau", region="Sachsen")
    found = locate([address], [], gazetteer=gazetteer)
    assert found.approximate
    assert found.confidence <= 0.3


def test_a_city_whose_name_the_other_hints_contradict_takes_their_place(gazetteer):
    """Typed wrong: "Dresden" with Munich's postal code and a Munich landline."""
    address = AddressHint(postal_code="80331", city="Dresden")
    found = locate([address], ["+49 89 2180"], gazetteer=gazetteer)
    assert found.place.name == "Munich"
    assert found.confidence == 0.6


def test_a_landline_far_away_makes_an_address_city_less_sure(gazetteer):
    found = locate([AddressHint(city="Görlitz")], ["+49 40 4289"], gazetteer=gazetteer)
    assert found.place.name == "Görlitz"  # the address is where they live
    assert found.approximate  # but the Hamburg number says otherwise


def test_an_address_that_agrees_with_itself_wins_over_one_that_does_not(gazetteer):
    muddled = AddressHint(postal_code="21258", city="Heidenau", region="Sachsen")
    clear = AddressHint(postal_code="01067", city="Dresden")
    found = locate([muddled, clear], [], gazetteer=gazetteer)
    assert (found.place.name, found.confidence) == ("Dresden", 0.95)


def test_pocking_is_not_poecking(gazetteer):
    found = locate([AddressHint(city="Pöcking", region="Bayern")], [], gazetteer=gazetteer)
    assert found.place.name == "Pöcking"
    assert not found.approximate


def test_a_village_known_only_by_postal_data_is_likely_at_best(gazetteer):
    found = locate([AddressHint(postal_code="05-079", city="Okuniew", country="PL")], [],
                   gazetteer=gazetteer)  # fmt: skip
    assert found.place.name == "Okuniew"
    assert found.confidence == 0.7
