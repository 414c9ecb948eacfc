"""Phone numbers as people write them, to E.164, to what kind of line they are, and back to
the form people read."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

# Types whose leading digits name a place. In the US and Canada every number is
# "fixed line or mobile", and its area code is still geographic.
_GEOGRAPHIC_TYPES = frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# "+49 (0)351 …": the trunk prefix in brackets must go, or it becomes part of the number.
_BRACKETED_TRUNK = re.compile(r"\(\s*0\s*\)")
_URI_SCHEME = re.compile(r"^\s*(?:tel|callto|phone)\s*:\s*(?://)?", re.IGNORECASE)
_MAX_INPUT = 64  # anything longer is not a phone number; don't hand it to the parser
# Shorter national numbers are area codes or local numbers cut off ("0351", "12345"): they
# count only when the country's numbering plan knows them (small countries have such numbers).
_SHORTEST_UNCHECKED = 6


def parse_phone(raw: str, default_country: str = "DE") -> phonenumbers.PhoneNumber | None:
    """The parsed number, when `raw` can be a phone number (national numbers in default_country)."""
    if not raw or len(raw) > _MAX_INPUT:
        return None
    text = _BRACKETED_TRUNK.sub(" ", _URI_SCHEME.sub("", raw))
    try:
        number = phonenumbers.parse(text, (default_country or "DE").upper())
    except phonenumbers.NumberParseException:
        return None
    # "Local only" numbers (no area code, like "12") would become a wrong E.164 number.
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    if len(phonenumbers.national_significant_number(number)) < _SHORTEST_UNCHECKED:
        return number if phonenumbers.is_valid_number(number) else None
    return number


def normalise_phone(raw: str, default_country: str = "DE") -> str | None:
    """The number in E.164 ("+49351123456"), or None when it cannot be a phone number."""
    number = parse_phone(raw, default_country)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_landline(e164: str) -> bool:
    """True for a valid fixed-line number (or fixed-line-or-mobile, as in the US), whose
    area code tells where it rings."""
    number = parse_phone(e164)
    if number is None or not phonenumbers.is_valid_number(number):
        return False
    return phonenumbers.number_type(number) in _GEOGRAPHIC_TYPES


def readable_phone(e164: str, home_country: str = "") -> str:
    """A stored number as people read it: in the national form at home ("0351 7491792" for
    an owner in DE), internationally from anywhere else ("+49 351 7491792"). A number that
    cannot be read stays as it is; links keep E.164."""
    number = parse_phone(e164)
    if number is None:
        return e164
    at_home = phonenumbers.region_code_for_number(number) == (home_country or "").upper()
    style = PhoneNumberFormat.NATIONAL if at_home else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
