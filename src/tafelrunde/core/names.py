"""Keys that recognise one person across sources and decades: "Mueller, Joerg" is Jörg Müller."""

from __future__ import annotations

from tafelrunde.core.text import fold

# Keys are kept in columns of this size (Contact.name_key, Contact.organisation_key). Folding
# can make a name several times longer ("中村" is "zhongcun"), so a key is cut to fit.
NAME_KEY_LENGTH = 250
ORGANISATION_KEY_LENGTH = 200

# Folded words that are forms of address or degrees, not names.
_TITLES = frozenset(
    [
        "dr",
        "prof",
        "professor",
        "dipl",
        "ing",
        "dipl",
        "ing",
        "fh",
        "mag",
        "mba",
        "msc",
        "bsc",
        "ba",
        "ma",
        "phd",
        "med",
        "rer",
        "nat",
        "jur",
        "herr",
        "frau",
        "hr",
        "fr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sir",
        "madame",
        "monsieur",
        "mme",
        "mlle",
        "signor",
        "signora",
        "sig",
        "dott",
        "ing",
        "ir",
        "drs",
        "jr",
        "sr",
    ]
)
_ORG_FORMS = frozenset(
    [
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "mbh",
        "co",
        "kgaa",
        "se",
        "ltd",
        "llc",
        "inc",
        "corp",
        "plc",
        "sa",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "as",
        "oy",
        "gbr",
        "ev",
        "e",
        "v",
        "the",
        "und",
        "and",
    ]
)


def person_key(given: str = "", family: str = "", full: str = "") -> str:
    """Order-free folded name without titles: person_key("Joerg", "Mueller") == "jorg muller"."""
    text = f"{given} {family}" if (given or family) else full
    if "," in text and not (given or family):
        family_part, _, given_part = text.partition(",")  # "Müller, Jörg"
        text = f"{given_part} {family_part}"
    words = [w for w in fold(text).split() if (w not in _TITLES and len(w) > 1) or w.isdigit()]
    return " ".join(sorted(words))[:NAME_KEY_LENGTH]


def organisation_key(organisation: str) -> str:
    """Folded organisation without its legal form: "Müller GmbH & Co. KG" == "mueller"."""
    words = [w for w in fold(organisation).split() if w not in _ORG_FORMS]
    return " ".join(words)[:ORGANISATION_KEY_LENGTH]


def family_initial_key(given: str, family: str) -> str:
    """A weak key for "J. Müller" vs "Jörg Müller": folded family name plus first initial."""
    given_folded, family_folded = fold(given), fold(family)
    if not family_folded:
        return ""
    return f"{family_folded} {given_folded[:1]}".strip()
