"""One way to compare names written by different people and programs."""

from __future__ import annotations

import re

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# German spells ä, ö, ü as ae, oe, ue when umlauts are missing; folding both
# spellings (and the plain vowel) to one key makes München == Muenchen == Munchen.
_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def fold(text: str) -> str:
    """The comparison key of a name: ASCII, lowercase, words joined by single spaces.

    Accents, case, punctuation and German umlaut spellings do not matter:
    fold("München") == fold("Muenchen") == fold("MUNCHEN"), fold("Meißen") == fold("Meissen").
    """
    if not text.isascii():
        text = anyascii(text)
    key = _NON_ALNUM.sub(" ", text.lower()).strip()
    for spelling, vowel in _UMLAUT_SPELLINGS:
        key = key.replace(spelling, vowel)
    return key
