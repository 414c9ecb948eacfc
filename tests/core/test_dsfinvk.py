"""The QR code of a German receipt read into values, and every way it can be wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tafelrunde.core.dsfinvk import (
    MAX_PAYLOAD,
    ReceiptCodeError,
    is_receipt_code,
    parse_receipt_code,
    rates_on,
)

SIGNATURE = (
    "MEUCIQDPLgRHbnT7aIpEuvBqVf0oZnq2V0hbGA3A0oHDIZ8bSgIgNjn2f7"
    "YrS7Yy6P2e7zYxvKAbpVXvYlEHj+Q3yPqzOSk="
)
KEY = "BHhWOeisRpPBTGQ1W4VUH95TXx2GARf8e2NYZXJoInjtGqnxJ8sZ3CQpYgjI+LYEmW5A37sLWHsyU7nSJUBemyU="


def code(
    serial="1a2b3c4d5e6f",
    process_type="Kassenbeleg-V1",
    data="Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_73.32:Unbar",
    transaction="4711",
    counter="9876",
    start="2026-11-28T19:02:11.000Z",
    end="2026-11-28T21:47:36.000Z",
    time_format="utcTime",
) -> str:
    fields = ["V0", serial, process_type, data, transaction, counter, start, end]
    return ";".join([*fields, "ecdsa-plain-SHA256", time_format, SIGNATURE, KEY])


def test_a_receipt_code_gives_the_tse_data_and_the_gross_amounts_by_rate():
    receipt = parse_receipt_code(code())
    assert receipt.serial == "1a2b3c4d5e6f"
    assert receipt.transaction == 4711
    assert receipt.signature_counter == 9876
    assert receipt.start == dt.datetime(2026, 11, 28, 19, 2, 11, tzinfo=dt.UTC)
    assert receipt.end == dt.datetime(2026, 11, 28, 21, 47, 36, tzinfo=dt.UTC)
    assert receipt.kind == "Beleg"
    assert receipt.gross_by_rate == {"19": Decimal("75.33"), "7": Decimal("7.99")}
    assert receipt.total == Decimal("83.32")
    assert receipt.currency == "EUR"


def test_every_vat_key_has_its_rate():
    receipt = parse_receipt_code(code(data="Beleg^1.00_2.00_3.00_4.00_5.00^15.00:Bar"))
    assert receipt.gross_by_rate == {
        "19": Decimal("1.00"),
        "7": Decimal("2.00"),
        "10.7": Decimal("3.00"),
        "5.5": Decimal("4.00"),
        "0": Decimal("5.00"),
    }
    assert receipt.total == Decimal("15.00")


@pytest.mark.parametrize(
    ("day", "normal", "reduced"),
    [
        (dt.date(2020, 6, 30), "19", "7"),
        (dt.date(2020, 7, 1), "16", "5"),
        (dt.date(2020, 12, 31), "16", "5"),
        (dt.date(2021, 1, 1), "19", "7"),
    ],
)
def test_the_second_half_of_2020_had_lowered_rates(day, normal, reduced):
    assert rates_on(day)[:2] == (normal, reduced)


def test_a_receipt_of_late_2020_is_read_with_the_lowered_rates():
    receipt = parse_receipt_code(
        code(
            start="2020-12-31T20:00:00.000Z",
            end="2020-12-31T22:30:00.000Z",  # 23:30 in Germany: still 2020
            data="Beleg^11.60_10.50_0.00_0.00_0.00^22.10:Unbar",
        )
    )
    assert receipt.gross_by_rate == {"16": Decimal("11.60"), "5": Decimal("10.50")}


def test_the_rate_follows_the_german_day_not_the_utc_day():
    receipt = parse_receipt_code(
        code(
            start="2020-06-30T21:30:00.000Z",
            end="2020-06-30T22:30:00.000Z",  # 00:30 on 1 July in Germany
            data="Beleg^11.60_0.00_0.00_0.00_0.00^11.60:Bar",
        )
    )
    assert receipt.gross_by_rate == {"16": Decimal("11.60")}


def test_unix_times_are_read():
    receipt = parse_receipt_code(code(start="1764355331", end="1764365256", time_format="unixTime"))
    assert receipt.start == dt.datetime(2025, 11, 28, 18, 42, 11, tzinfo=dt.UTC)
    assert receipt.end - receipt.start == dt.timedelta(seconds=9925)


def test_times_with_an_offset_and_without_a_fraction_are_read_in_utc():
    receipt = parse_receipt_code(
        code(start="2026-11-28T20:02:11+01:00", end="2026-11-28T22:47:36.5+0100")
    )
    assert receipt.start == dt.datetime(2026, 11, 28, 19, 2, 11, tzinfo=dt.UTC)
    assert receipt.end == dt.datetime(2026, 11, 28, 21, 47, 36, 500000, tzinfo=dt.UTC)


def test_a_foreign_currency_is_read_from_the_payments():
    receipt = parse_receipt_code(code(data="Beleg^15.00_0.00_0.00_0.00_0.00^15.00:Bar:CHF"))
    assert receipt.currency == "CHF"


def test_a_payment_partly_in_a_foreign_currency_keeps_the_amounts_in_euros():
    receipt = parse_receipt_code(
        code(data="Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Bar:CHF")
    )
    assert receipt.currency == "EUR"
    assert receipt.total == Decimal("83.32")


def test_a_cancellation_has_negative_amounts():
    receipt = parse_receipt_code(code(data="AVBelegstorno^-12.50_0.00_0.00_0.00_0.00^-12.50:Bar"))
    assert receipt.kind == "AVBelegstorno"
    assert receipt.total == Decimal("-12.50")


def test_a_receipt_without_payments_is_read():
    assert parse_receipt_code(code(data="Beleg^5.00_0.00_0.00_0.00_0.00^")).total == Decimal("5")


def test_surrounding_whitespace_is_ignored():
    assert parse_receipt_code(code() + "\n").transaction == 4711


def test_only_codes_beginning_with_v0_claim_to_be_receipts():
    assert is_receipt_code(code())
    assert not is_receipt_code("https://example.com/bill/123")


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ("https://example.com", "V0"),
        ("V1;" + code()[3:], "V0"),
        (code().rsplit(";", 1)[0], "11 fields"),
        (code() + ";extra", "13 fields"),
        (code(serial=""), "serial"),
        (code(serial="x" * 201), "serial"),
        (code(process_type="SonstigerVorgang"), "process type"),
        (code(data="Beleg^75.33_7.99_0.00_0.00^10.00:Bar"), "4 gross amounts"),
        (code(data="Beleg^75,33_7.99_0.00_0.00_0.00^10.00:Bar"), "75,33"),
        (code(data="Beleg^75.3_7.99_0.00_0.00_0.00^10.00:Bar"), "75.3"),
        (code(data="Beleg^75.33_7.99_0.00_0.00_0.00"), "<kind>^<amounts>^<payments>"),
        (code(data="^75.33_7.99_0.00_0.00_0.00^10.00:Bar"), "kind"),
        (code(data="Beleg^75.33_7.99_0.00_0.00_0.00^10.00"), "payment"),
        (code(data="Beleg^75.33_7.99_0.00_0.00_0.00^ten:Bar"), "ten"),
        (code(data="Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar:Euro"), "currency"),
        (code(transaction="47a1"), "transaction number"),
        (code(transaction="-1"), "transaction number"),
        (code(counter="9" * 20), "signature counter"),
        (code(counter="9" * 19), "too large"),
        (code(start="yesterday"), "utcTime"),
        (code(start="2026-02-30T19:02:11.000Z"), "real moment"),
        (code(start="2026-11-28T23:00:00.000Z"), "ends before it starts"),
        (code(time_format="localTime"), "time format"),
        (code(start="1764355331.5", end="1764365256", time_format="unixTime"), "unixTime"),
        ("V0;" + ";" * (MAX_PAYLOAD + 1), "at most"),
    ],
)
def test_a_malformed_code_is_refused_with_the_reason(payload, says):
    with pytest.raises(ReceiptCodeError) as caught:
        parse_receipt_code(payload)
    assert says in str(caught.value)
