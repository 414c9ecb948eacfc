"""How people are addressed: Herr or Frau apart from the degree, and greetings that never
guess wrong."""

from dataclasses import dataclass

import pytest

from tafelrunde.core.salutations import (
    formal_name,
    greeting,
    greeting_title,
    salutation_for_gender,
    split_prefix,
)


@dataclass
class Person:
    given_name: str = "Holger"
    family_name: str = "Brandt"
    salutation: str = ""
    title: str = ""
    full_name: str = ""

    def __post_init__(self):
        parts = (self.title, self.given_name, self.family_name)
        self.full_name = self.full_name or " ".join(part for part in parts if part)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("Herr", ("mr", "")),
        ("Frau", ("ms", "")),
        ("Herr Dr.", ("mr", "Dr.")),
        ("Frau Prof. Dr. med.", ("ms", "Prof. Dr. med.")),
        ("Mr.", ("mr", "")),
        ("Mrs.", ("ms", "")),
        ("Ms", ("ms", "")),
        ("Miss", ("ms", "")),
        ("Dr.", ("", "Dr.")),
        ("Prof. Dr.", ("", "Prof. Dr.")),
        ("Dipl.-Ing.", ("", "Dipl.-Ing.")),
        ("Mme", ("ms", "")),
        ("Sig.ra", ("ms", "")),
        ("Mx.", ("", "")),
        ("", ("", "")),
    ],
)
def test_a_prefix_splits_into_salutation_and_degree(prefix, expected):
    assert split_prefix(prefix) == expected


def test_a_long_prefix_is_kept_as_written():
    prefix = " ".join(["Herr"] * 40)
    assert split_prefix(prefix) == ("", prefix)


@pytest.mark.parametrize(
    ("gender", "salutation"),
    [
        ("M", "mr"),
        ("F", "ms"),
        ("F;she/her", "ms"),
        ("male", "mr"),
        ("Female", "ms"),
        ("Männlich", "mr"),
        ("Weiblich", "ms"),
        ("O", ""),
        ("U", ""),
        ("Unspecified", ""),
        ("Nicht angegeben", ""),
        ("", ""),
    ],
)
def test_a_gender_gives_a_salutation_only_when_it_says_male_or_female(gender, salutation):
    assert salutation_for_gender(gender) == salutation


@pytest.mark.parametrize(
    ("title", "german", "english"),
    [
        ("Dr.", "Dr.", "Dr"),
        ("Dr.-Ing.", "Dr.", "Dr"),
        ("Dr. rer. nat.", "Dr.", "Dr"),
        ("Prof. Dr.", "Prof.", "Professor"),
        ("Univ.-Prof. Dr.", "Prof.", "Professor"),
        ("Dipl.-Ing.", "", ""),
        ("Drs.", "", ""),  # the Dutch degree below a doctorate
        ("MBA", "", ""),
    ],
)
def test_a_greeting_names_only_a_professor_or_a_doctor(title, german, english):
    assert greeting_title(title, "de") == german
    assert greeting_title(title, "en") == english


@pytest.mark.parametrize(
    ("person", "german", "english"),
    [
        (Person(salutation="mr", title="Dr."), "Guten Tag Herr Dr. Brandt", "Dear Dr Brandt"),
        (
            Person("Birgit", "Weber", "ms", "Prof. Dr."),
            "Guten Tag Frau Prof. Weber",
            "Dear Professor Weber",
        ),
        (Person(salutation="mr"), "Guten Tag Herr Brandt", "Dear Mr Brandt"),
        (Person("Anna", "Weber", "ms"), "Guten Tag Frau Weber", "Dear Ms Weber"),
        (Person(title="Dr."), "Guten Tag Dr. Brandt", "Dear Dr Brandt"),
        # Nothing known: no mail merge in German, the whole name as English letters have it.
        (Person(), "Guten Tag", "Dear Holger Brandt"),
        (Person(title="Dipl.-Ing."), "Guten Tag", "Dear Holger Brandt"),
        (Person("", "", "ms", full_name="Kiki"), "Guten Tag", "Dear Kiki"),
        (Person("Holger", "", "mr"), "Guten Tag", "Dear Holger"),
    ],
)
def test_formal_greetings_in_german_and_english(person, german, english):
    assert greeting(person, "de", formal=True) == german
    assert greeting(person, "en", formal=True) == english
    assert greeting(person, "fr", formal=True) == english  # every other language: English


@pytest.mark.parametrize(
    ("person", "german", "english"),
    [
        (Person(salutation="mr", title="Dr."), "Hallo Holger", "Hi Holger"),
        (Person("", "", full_name="Kiki"), "Hallo Kiki", "Hi Kiki"),
    ],
)
def test_informal_greetings_use_the_first_name(person, german, english):
    assert greeting(person, "de", formal=False) == german
    assert greeting(person, "en", formal=False) == english


def test_the_formal_name_is_empty_where_it_would_be_a_guess():
    assert formal_name(Person(), "de") == ""
    assert formal_name(Person("Holger", " ", "mr"), "de") == ""
    assert formal_name(Person(salutation="ms", title="Prof."), "de") == "Frau Prof. Brandt"
