"""The QR code of a German cash register's receipt (KassenSichV, DSFinV-K), read into values.

The code holds twelve fields separated by ";":

    V0;<register serial>;<process type>;<process data>;<transaction number>;
    <signature counter>;<start time>;<end time>;<signature algorithm>;<time format>;
    <signature>;<public key>

For a receipt the process type is "Kassenbeleg-V1" and the process data is
`<kind>^<gross A>_<gross B>_<gross C>_<gross D>_<gross E>^<payments>`, the gross amounts for
the VAT keys A (normal rate) to E (0 %), the payments as `<amount>:<Bar|Unbar>[:<currency>]`
joined by "_". No signature is checked here: the values are what the code says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

MAX_PAYLOAD = 4096  # a real code holds about 400 characters; a signature and key add ~250
PROCESS_TYPE = "Kassenbeleg-V1"
FIELD_COUNT = 12
AMOUNT = re.compile(r"-?\d{1,9}\.\d{2}")
COUNTER = re.compile(r"\d{1,19}")
CURRENCY = re.compile(r"[A-Z]{3}")
ISO_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?"
)
GERMANY = ZoneInfo("Europe/Berlin")
# The rates of the VAT keys A..E, and the months of 2020 with the lowered rates (16 %, 5 %).
RATES = ("19", "7", "10.7", "5.5", "0")
LOWERED_RATES = ("16", "5", "10.7", "5.5", "0")
LOWERED_FROM, LOWERED_UNTIL = dt.date(2020, 7, 1), dt.date(2020, 12, 31)


class ReceiptCodeError(ValueError):
    """The text is not the QR code of a German cash register's receipt; says why in words."""


@dataclass(frozen=True)
class ReceiptCode:
    """What a receipt's QR code says. Amounts are gross; `gross_by_rate` maps a VAT rate in
    percent ("19", "7") to the gross amount at that rate and leaves out rates with 0.00."""

    serial: str
    transaction: int
    start: dt.datetime
    end: dt.datetime
    signature_counter: int
    kind: str
    gross_by_rate: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")
    currency: str = "EUR"


def is_receipt_code(text: str) -> bool:
    """Whether a QR code's text claims to be a receipt's code (begins with "V0;")."""
    return text.startswith("V0;")


def parse_receipt_code(text: str) -> ReceiptCode:
    """The values of a receipt's QR code; ReceiptCodeError for anything malformed."""
    if len(text) > MAX_PAYLOAD:
        raise ReceiptCodeError(f"The code is {len(text)} characters long; at most {MAX_PAYLOAD}.")
    fields = text.strip().split(";")
    if fields[0] != "V0":
        raise ReceiptCodeError("The code does not begin with V0: not a German receipt's code.")
    if len(fields) != FIELD_COUNT:
        raise ReceiptCodeError(f"The code has {len(fields)} fields; a receipt's has {FIELD_COUNT}.")
    _v0, serial, process_type, process_data, transaction, counter = fields[:6]
    start_text, end_text, _algorithm, time_format = fields[6:10]
    if not serial.strip() or len(serial) > 200:
        raise ReceiptCodeError("The register's serial number is missing or too long.")
    if process_type != PROCESS_TYPE:
        raise ReceiptCodeError(f"The process type is {process_type!r}, not {PROCESS_TYPE}.")
    start = parse_time(start_text, time_format)
    end = parse_time(end_text, time_format)
    if end < start:
        raise ReceiptCodeError("The transaction ends before it starts.")
    kind, gross, payments = split_process_data(process_data)
    rates = rates_on(end.astimezone(GERMANY).date())
    gross_by_rate = {rate: amount for rate, amount in zip(rates, gross, strict=True) if amount}
    return ReceiptCode(
        serial=serial.strip(),
        transaction=number(transaction, "transaction number"),
        start=start,
        end=end,
        signature_counter=number(counter, "signature counter"),
        kind=kind,
        gross_by_rate=gross_by_rate,
        total=sum(gross, Decimal("0.00")),
        currency=currency_of(payments),
    )


def rates_on(day: dt.date) -> tuple[str, ...]:
    """The VAT rates of the keys A..E on that day (16 % and 5 % in the second half of 2020)."""
    return LOWERED_RATES if LOWERED_FROM <= day <= LOWERED_UNTIL else RATES


def number(text: str, what: str) -> int:
    if not COUNTER.fullmatch(text):
        raise ReceiptCodeError(f"The {what} is not a whole number: {text[:40]!r}.")
    value = int(text)
    if value >= 2**63:
        raise ReceiptCodeError(f"The {what} is too large.")
    return value


def parse_time(text: str, time_format: str) -> dt.datetime:
    """A time of the code, aware, in UTC: unixTime is seconds since 1970, utcTime and
    generalizedTime are ISO 8601 times (UTC unless they name an offset)."""
    if time_format == "unixTime":
        if not re.fullmatch(r"\d{1,11}", text):
            raise ReceiptCodeError(f"The time {text[:40]!r} is not a unixTime.")
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
    if time_format not in ("utcTime", "generalizedTime"):
        raise ReceiptCodeError(f"The time format {time_format[:40]!r} is unknown.")
    match = ISO_TIME.fullmatch(text)
    if not match:
        raise ReceiptCodeError(f"The time {text[:40]!r} is not a {time_format}.")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, offset = match.group(7) or "0", match.group(8) or "Z"
    zone = dt.UTC
    if offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        zone = dt.timezone(sign * delta)
    try:
        moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        raise ReceiptCodeError(f"The time {text[:40]!r} is not a real moment.") from None
    microseconds = int(fraction[:6].ljust(6, "0"))
    return (moment + dt.timedelta(microseconds=microseconds)).astimezone(dt.UTC)


def split_process_data(text: str) -> tuple[str, list[Decimal], list[str]]:
    """(kind of receipt, the five gross amounts A..E, the payments) of the process data."""
    parts = text.split("^")
    if len(parts) != 3:
        raise ReceiptCodeError("The process data is not <kind>^<amounts>^<payments>.")
    kind, amounts, payments = parts
    if not kind or len(kind) > 40:
        raise ReceiptCodeError("The kind of receipt is missing.")
    gross = amounts.split("_")
    if len(gross) != len(RATES):
        raise ReceiptCodeError(f"The code gives {len(gross)} gross amounts; a receipt gives 5.")
    return kind, [amount(item) for item in gross], payments.split("_") if payments else []


def amount(text: str) -> Decimal:
    if not AMOUNT.fullmatch(text):
        raise ReceiptCodeError(f"The amount {text[:40]!r} is not like 12.50.")
    return Decimal(text)


def currency_of(payments: list[str]) -> str:
    """The currency of the payments (EUR unless they name another); one currency only."""
    currencies = set()
    for payment in payments:
        parts = payment.split(":")
        if len(parts) not in (2, 3):
            raise ReceiptCodeError(f"The payment {payment[:40]!r} is not <amount>:<kind>.")
        amount(parts[0])
        if len(parts) == 3:
            if not CURRENCY.fullmatch(parts[2]):
                raise ReceiptCodeError(f"The currency {parts[2][:40]!r} is not like EUR.")
            currencies.add(parts[2])
        else:
            currencies.add("EUR")
    if len(currencies) > 1:
        return "EUR" if "EUR" in currencies else sorted(currencies)[0]
    return currencies.pop() if currencies else "EUR"
