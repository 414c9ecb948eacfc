"""Who is in the demo host's sales team: three colleagues at Neckar Fluidtechnik, the people
each knows (the host's too, and people of their own around the trip cities) and what each
shares. Built by tafelrunde.demo.team."""

from __future__ import annotations

from dataclasses import dataclass

from tafelrunde.demo.people import ascii_slug

TEAM_NAME = "Vertrieb Neckar Fluidtechnik"
TRIP_CITY = "Dresden"  # where the host is tonight (itinerary.TRIPS)
RADIUS_KM = 50


@dataclass(frozen=True)
class Colleague:
    """A colleague's account, what they share, and the people they know.

    `people`: (town, kinds) of people the host does not know; `theirs_too`: (the host's
    contact's full name, or "" for one near tonight's place drawn at random, how the two
    records match: "name", "email" or "phone")."""

    username: str
    given: str
    family: str
    home: str
    joined_days_ago: int
    people: tuple[tuple[str, tuple[str, ...]], ...]
    theirs_too: tuple[tuple[str, str], ...] = ()
    share_all: bool = False
    share_kinds: tuple[str, ...] = ()
    share_trips: bool = False
    share_phones: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def email(self) -> str:
        return f"{ascii_slug(self.given)}.{ascii_slug(self.family)}@neckar-fluidtechnik.example"


C, P, S, PA = ("customer",), ("prospect",), ("supplier",), ("partner",)
F, SN = ("friend",), ("social_network",)
COLLEAGUES = (
    # Sales Saxony, from Leipzig: shares everything, her trips and the numbers.
    Colleague(
        "demo-anna",
        "Anna",
        "Voigt",
        "Leipzig",
        joined_days_ago=610,
        people=(
            ("Dresden", C),
            ("Dresden", PA),
            ("Dresden", P),
            ("Dresden", S),
            ("Radebeul", C),
            ("Pirna", P),
            ("Meißen", SN),
            ("Freital", F),
            ("Leipzig", C),
            ("Leipzig", C),
            ("Leipzig", S),
            ("Leipzig", F),
            ("Leipzig", P),
            ("Chemnitz", C),
            ("Chemnitz", PA),
            ("Berlin", C),
        ),
        theirs_too=(
            ("Dr. Constanze Rößler", "name"),
            ("Katrin Seidel", "phone"),
            ("", "email"),
            ("", "name"),
        ),
        share_all=True,
        share_trips=True,
        share_phones=True,
    ),
    # Key accounts, from Esslingen: shares his customers and suppliers.
    Colleague(
        "demo-bernd",
        "Bernd",
        "Häberle",
        "Esslingen am Neckar",
        joined_days_ago=540,
        people=(
            ("Dresden", C),
            ("Dresden", S),
            ("Dresden", F),
            ("Radeberg", S),
            ("München", C),
            ("München", C),
            ("München", F),
            ("Hamburg", S),
            ("Stuttgart", C),
            ("Stuttgart", S),
            ("Stuttgart", F),
            ("Ludwigsburg", C),
        ),
        theirs_too=(
            ("Bärbel Weißenborn", "email"),
            ("Florian Huber", "name"),
            ("Sven Petersen", "phone"),
        ),
        share_kinds=("customer", "supplier"),
    ),
    # Inside sales in Stuttgart: shares three people one by one.
    Colleague(
        "demo-mareike",
        "Mareike",
        "Jäger",
        "Stuttgart",
        joined_days_ago=200,
        people=(
            ("Dresden", S),
            ("Pirna", C),
            ("Stuttgart", C),
            ("Stuttgart", F),
            ("Böblingen", S),
            ("Sindelfingen", P),
        ),
    ),
)
# The person both Anna and Mareike know (Anna's Dresden prospect, the third of her own
# people): Tonight makes one entry of them, known by both.
KNOWN_TO_TWO = ("demo-anna", 2)
# Anna's past dinners: (one of her own people, days ago), and one with the host's customer.
ANNA_DINNERS = ((0, 120), (1, 260), (8, 400))
# Bernd's dinner with one of the host's people: whom, how many days ago, where.
RECENT_DINNER = ("Bärbel Weißenborn", 5, "Elbterrassen Loschwitz")
