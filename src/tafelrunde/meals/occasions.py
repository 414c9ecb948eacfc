"""The occasion of a business meal: is it specific enough for a German tax office?

A Bewirtungsbeleg must name the specific occasion (§4 Abs. 5 Satz 1 Nr. 2 EStG). Tax
offices reject catch-all words such as "Geschäftsessen" or "Kontaktpflege" when they
stand alone. This module is the one place that decides; faces only show its message.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tafelrunde.core.text import fold

# Catch-all occasions, as people write them; compared folded (case, accents, punctuation
# and umlaut spellings do not matter).
GENERIC_OCCASIONS = (
    "Geschäftsessen",
    "Geschäftsabendessen",
    "Geschäftsbesprechung",
    "Geschäftliche Besprechung",
    "Kontaktpflege",
    "Kundenpflege",
    "Kundenkontakt",
    "Kundenbesuch",
    "Arbeitsessen",
    "Arbeitsgespräch",
    "Besprechung",
    "Gespräch",
    "Informationsaustausch",
    "Pflege der Geschäftsbeziehung",
    "Pflege der Geschäftsbeziehungen",
    "Geschäftsbeziehung",
    "Bewirtung",
    "Abendessen",
    "Essen",
    "Meeting",
    "Business dinner",
    "Business lunch",
    "Business meal",
    "Business meeting",
    "Dinner",
    "Lunch",
    "Networking",
    "Relationship management",
)
# Words that add nothing to a catch-all: "allgemeine Kontaktpflege mit Kunden" is still one.
FILLER_WORDS = frozenset(
    fold(word)
    for word in (
        "allgemein",
        "allgemeine",
        "allgemeiner",
        "allgemeines",
        "geschäftlich",
        "geschäftliche",
        "geschäftliches",
        "diverse",
        "sonstige",
        "übliche",
        "regelmäßige",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "ein",
        "eine",
        "einer",
        "eines",
        "mit",
        "und",
        "bzw",
        "oder",
        "zur",
        "zum",
        "von",
        "kunde",
        "kunden",
        "kundin",
        "partner",
        "partnern",
        "general",
        "the",
        "a",
        "an",
        "with",
        "and",
        "or",
        "of",
        "for",
        "usual",
        "regular",
        "customer",
        "customers",
        "client",
        "clients",
    )
)
_GENERIC_PHRASES = tuple(
    sorted({tuple(fold(text).split()) for text in GENERIC_OCCASIONS}, key=len, reverse=True)
)


def is_too_generic(text: str) -> bool:
    """True if `text` says nothing more than a catch-all occasion (or nothing at all)."""
    words = [word for word in fold(text or "").split() if word not in FILLER_WORDS]
    position = 0
    while position < len(words):
        for phrase in _GENERIC_PHRASES:
            if tuple(words[position : position + len(phrase)]) == phrase:
                position += len(phrase)
                break
        else:
            return False  # a word that is neither filler nor catch-all: specific enough
    return True


def generic_occasion_message(text: str) -> str:
    """Why the occasion `text` will not satisfy a tax office, and what to write instead."""
    if not (text or "").strip():
        return _(
            "The receipt has no occasion. German tax offices require the specific occasion, "
            'e.g. "Abstimmung Rahmenvertrag 2027 mit Müller GmbH".'
        )
    return _(
        '"%(occasion)s" alone is too generic: German tax offices do not accept it. '
        'Name the specific occasion, e.g. "Abstimmung Rahmenvertrag 2027 mit Müller GmbH".'
    ) % {"occasion": text.strip()}


def occasion_warning(meal) -> str | None:
    """The warning to show beside a business meal whose occasion is too generic, else None."""
    if not meal.business or not is_too_generic(meal.occasion):
        return None
    return generic_occasion_message(meal.occasion)
