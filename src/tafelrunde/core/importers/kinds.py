"""Contact categories as people write them ("Kunde", "Customers") → relationship kinds."""

from __future__ import annotations

from tafelrunde.core.text import fold

# Folded category words, German and English, singular and plural.
_KIND_WORDS = {
    "customer": ["kunde", "kunden", "customer", "customers", "client", "clients", "key account"],
    "prospect": ["interessent", "interessenten", "prospect", "prospects", "lead", "leads"],
    "supplier": ["lieferant", "lieferanten", "supplier", "suppliers", "vendor", "vendors"],
    "partner": ["partner", "partners", "geschaftspartner", "business partner"],
    "colleague": [
        "kollege",
        "kollegen",
        "kollegin",
        "colleague",
        "colleagues",
        "coworkers",
        "work",
        "arbeit",
    ],
    "friend": ["freund", "freunde", "freundin", "friend", "friends", "family", "familie"],
    "school_friend": [
        "schulfreund",
        "schulfreunde",
        "schule",
        "school",
        "school friend",
        "school friends",
        "classmates",
        "alumni",
        "abitur",
    ],
    "social_network": ["linkedin", "xing", "social", "social network", "netzwerk"],
}
_LOOKUP = {fold(word): kind for kind, words in _KIND_WORDS.items() for word in words}


def kinds_for_categories(categories: list[str]) -> list[str]:
    """The relationship kinds the categories name, in order, without repeats."""
    kinds: list[str] = []
    for category in categories:
        kind = _LOOKUP.get(fold(category))
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds
