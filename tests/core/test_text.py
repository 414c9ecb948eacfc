import pytest

from tafelrunde.core.text import fold


@pytest.mark.parametrize("spelling", ["München", "Muenchen", "muenchen", "Munchen", "MÜNCHEN"])
def test_umlaut_spellings_fold_alike(spelling):
    assert fold(spelling) == fold("München") == "munchen"


def test_sharp_s_is_double_s():
    assert fold("Meißen") == fold("Meissen") == "meissen"


def test_person_names_with_umlauts_match_their_plain_spellings():
    assert fold("Jürgen Müller") == fold("Juergen Mueller") == fold("JURGEN MULLER")


def test_accents_case_and_punctuation_do_not_matter():
    assert fold("  São   Paulo ") == "sao paulo"
    assert fold("Frankfurt (Oder)") == fold("Frankfurt/Oder") == fold("frankfurt oder")
    assert fold("Saint-Étienne") == "saint etienne"


def test_other_scripts_are_transliterated():
    assert fold("Kraków") == fold("Krakow")
    assert fold("Москва") == "moskva"


def test_nothing_to_compare_folds_to_empty():
    assert fold("") == ""
    assert fold(" -- ") == ""
