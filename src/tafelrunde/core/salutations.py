"""How people are addressed: Herr or Frau (Mr or Ms), their academic title, and the greeting a
letter opens with — "Guten Tag Herr Dr. Brandt", "Dear Ms Weber" — never a wrong guess.

A salutation is kept language-neutral ("mr", "ms", or "" when it is not known or not wanted)
and written in the language of the text: "Herr"/"Frau" in German, "Mr"/"Ms" in English.
"""

from __future__ import annotations

from typing import Protocol

from tafelrunde.core.text import fold

MR, MS = "mr", "ms"
# Each salutation in the languages texts are written in; "Mr." and "Ms." as address books
# write a name's prefix, "Mr" and "Ms" as British letters write a greeting.
PREFIX_WORDS = {"de": {MR: "Herr", MS: "Frau"}, "en": {MR: "Mr.", MS: "Ms."}}
_GREETING_WORDS = {"de": {MR: "Herr", MS: "Frau"}, "en": {MR: "Mr", MS: "Ms"}}
# The degrees a greeting names, by the language it is in.
_PROFESSOR = {"de": "Prof.", "en": "Professor"}
_DOCTOR = {"de": "Dr.", "en": "Dr"}

# Folded words of a name's prefix that are a form of address, not a degree. "Mx." asks
# for neither Herr nor Frau.
_SALUTATION_WORDS = {
    **dict.fromkeys(("herr", "herrn", "hr", "mr", "mister", "monsieur", "m"), MR),
    **dict.fromkeys(("signor", "signore", "sig", "senor", "sr", "dhr"), MR),
    **dict.fromkeys(("frau", "fr", "mrs", "ms", "miss", "madame", "mme", "mademoiselle"), MS),
    **dict.fromkeys(("mlle", "signora", "sigra", "senora", "sra", "mevrouw", "mevr"), MS),
    "mx": "",
}
# Folded values of vCard 4 GENDER ("M", "F") and of Outlook's and Google's gender columns.
_GENDERS = {
    **dict.fromkeys(("m", "male", "man", "mannlich", "maennlich", "herr"), MR),
    **dict.fromkeys(("f", "w", "female", "woman", "weiblich", "frau"), MS),
}
_PROFESSOR_WORDS = frozenset({"prof", "professor", "professorin"})
_MAX_PREFIX_WORDS = 12  # a prefix is a few words; anything longer is kept as written


class Addressee(Protocol):
    """What a greeting needs to know of a person (a Contact has it)."""

    salutation: str
    title: str
    given_name: str
    family_name: str
    full_name: str


def split_prefix(prefix: str) -> tuple[str, str]:
    """A name's prefix as (salutation, academic title): "Herr Dr." → ("mr", "Dr."),
    "Mrs." → ("ms", ""), "Prof. Dr." → ("", "Prof. Dr."). The title keeps its spelling."""
    words = prefix.split()
    if len(words) > _MAX_PREFIX_WORDS:
        return "", prefix.strip()
    salutation, found, title = "", False, []
    for word in words:
        key = fold(word).replace(" ", "")
        if key in _SALUTATION_WORDS:
            if not found:
                salutation, found = _SALUTATION_WORDS[key], True
            continue
        title.append(word)
    return salutation, " ".join(title)


def salutation_for_gender(text: str) -> str:
    """ "mr" for "M", "male", "Männlich"; "ms" for "F", "female", "Weiblich"; else ""."""
    value = text.split(";")[0]  # vCard 4: "F;she/her" — the sex, then free text
    return _GENDERS.get(fold(value[:40]), "")


def greeting_title(title: str, language: str) -> str:
    """The degree a greeting names: a professor's, else a doctor's; "" for any other title
    ("Dipl.-Ing." and "MBA" are not spoken in a greeting; "Prof. Dr." is "Prof." alone)."""
    words = set(fold(title).split())
    if words & _PROFESSOR_WORDS:
        return _PROFESSOR[_language(language)]
    if "dr" in words:  # not "drs", the Dutch degree below a doctorate
        return _DOCTOR[_language(language)]
    return ""


def formal_name(person: Addressee, language: str) -> str:
    """ "Herr Dr. Brandt", "Frau Brandt", "Dr. Brandt" in German, "Dr Brandt", "Ms Weber" in
    English; "" when neither a salutation nor a title is known, or there is no family name."""
    language = _language(language)
    family = person.family_name.strip()
    degree = greeting_title(person.title, language)
    word = _GREETING_WORDS[language].get(person.salutation, "")
    if not family or not (degree or word):
        return ""
    if language == "en" and degree:  # English: "Dr Brandt", never "Mr Dr Brandt"
        word = ""
    return " ".join(part for part in (word, degree, family) if part)


def greeting(person: Addressee, language: str, formal: bool) -> str:
    """The opening of a letter to `person`, without its comma.

    Informal: the first name ("Hallo Holger", "Hi Holger"). Formal: salutation, degree and
    family name ("Guten Tag Herr Dr. Brandt", "Dear Ms Weber"). When that is not known, a
    German text names nobody ("Guten Tag": a bare "Guten Tag Holger Brandt" reads as a mail
    merge), an English one the whole name ("Dear Holger Brandt"), as English letters do.
    """
    language = _language(language)
    given, family, full = (
        person.given_name.strip(),
        person.family_name.strip(),
        person.full_name.strip(),
    )
    if not formal:
        first = given or full
        opening = "Hallo" if language == "de" else "Hi"
        return f"{opening} {first}" if first else opening
    name = formal_name(person, language)
    if language == "de":
        return f"Guten Tag {name}" if name else "Guten Tag"
    whole = name or " ".join(part for part in (given, family) if part) or full
    return f"Dear {whole}" if whole else "Hello"


def _language(language: str) -> str:
    """German for German, English for every other language."""
    return "de" if language == "de" else "en"
