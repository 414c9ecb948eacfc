"""A name for a contact whose file gives none: the organisation, else the e-mail address.

Every contact is shown, searched, invited and exported by its name, so one without any (a
Google row with only an e-mail address, a Thunderbird card with only a company) is called
after what it has, and marked so: see Contact.name_taken_from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ORGANISATION = "organisation"
EMAIL = "email"
_WORD_BREAKS = re.compile(r"[._\s]+")


def stand_in_name(organisation: str, emails: Iterable[str]) -> tuple[str, str]:
    """(name, what it was taken from: ORGANISATION or EMAIL), or ("", "") when neither
    gives one."""
    if organisation.strip():
        return organisation.strip(), ORGANISATION
    for email in emails:
        name = name_from_email(email)
        if name:
            return name, EMAIL
    return "", ""


def name_from_email(address: str) -> str:
    """The local part as a name: "j.smith@example.com" is "J. Smith", "hans-peter_roth"
    "Hans-Peter Roth"; mixed case stays as written ("McLeod"); a "+tag" is left out.
    "" when it is no e-mail address or its local part has no word ("@", "...@example.com")."""
    if "@" not in address:
        return ""
    local = address.strip().rsplit("@", 1)[0].split("+", 1)[0]
    return " ".join(_word(word) for word in _WORD_BREAKS.split(local) if word.strip("-"))


def _word(word: str) -> str:
    if len(word) == 1 and word.isalpha():
        return f"{word.upper()}."  # an initial
    if not word.islower():
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
