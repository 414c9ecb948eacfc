import pytest

from tafelrunde.core.phones import is_landline, normalise_phone


@pytest.mark.parametrize(
    "written",
    [
        "+49 351 123456",
        "+49 (0)351 123456",
        "+49 (0) 351 / 12 34 56",
        "tel:+49-351-123456",
        "0049 351 123456",
        "0351 123456",
        "(0351) 12 34 56",
    ],
)
def test_ways_of_writing_a_dresden_number_give_one_e164(written):
    assert normalise_phone(written) == "+49351123456"


def test_national_numbers_take_the_default_country():
    assert normalise_phone("01 5124567", default_country="AT") == "+4315124567"
    assert normalise_phone("044 123 45 67", default_country="CH") == "+41441234567"
    assert normalise_phone("(212) 555-0100", default_country="US") == "+12125550100"


def test_international_numbers_ignore_the_default_country():
    assert normalise_phone("+44 20 7946 0000", default_country="DE") == "+442079460000"


@pytest.mark.parametrize("junk", ["", "   ", "hello", "12", "110", "+", "1" * 80])
def test_what_cannot_be_a_phone_number_gives_none(junk):
    assert normalise_phone(junk) is None


@pytest.mark.parametrize("cut_off", ["0351", "0351-", "0171", "12345", "089 1"])
def test_an_area_code_or_a_cut_off_number_is_no_phone_number(cut_off):
    # Found by fuzzing: "0351-" became "+490351", and two people with it were merged as one.
    assert normalise_phone(cut_off) is None


def test_short_numbers_of_small_countries_still_count():
    assert normalise_phone("+683 4002") == "+6834002"  # Niue


def test_landlines_tell_where_they_ring_and_mobiles_do_not():
    assert is_landline("+49351123456")
    assert is_landline("+442079460000")
    assert is_landline("+12125550100")  # US numbers are "fixed line or mobile"
    assert not is_landline("+491701234567")
    assert not is_landline("not a number")
