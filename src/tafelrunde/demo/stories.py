"""The hand-written people of the demo: key customers of the trip cities, old friends lost
from sight, and the "new" LinkedIn prospect who is really Jörg from school."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class OldMeal:
    """A dinner from before the app: the last time the host saw this person."""

    date: dt.date
    city: str
    restaurant: str
    occasion: str
    amount: str
    tip: str
    business: bool = False


@dataclass(frozen=True)
class Story:
    given: str
    family: str
    town: str
    kinds: tuple[str, ...]
    known_since: dt.date | int  # a date, or days before today
    importance: int = 3
    title: str = ""
    female: bool = False
    organisation: str = ""
    role: str = ""
    language: str = "de"
    address_form: str = "sie"
    street: str = ""  # empty: no address (located by phone, or not at all)
    landline: bool = True
    mobile: bool = True
    email: str = "private"  # private | work | none
    source: str = "vcard"
    do_not_invite: bool = False
    lost: bool = False  # long out of touch: never tried on a recent trip
    facts: tuple[str, ...] = ()
    notes: str = ""
    old_meal: OldMeal | None = None
    birthday: dt.date | None = None


D = dt.date
# Long-lost acquaintances near today's trip (Dresden) and elsewhere come first.
STORIES: tuple[Story, ...] = (
    Story(
        "Jörg",
        "Müller",
        "Radebeul",
        ("school_friend",),
        D(1998, 9, 1),
        4,
        address_form="du",
        street="Meißner Straße 112",
        lost=True,
        birthday=D(1976, 3, 14),
        facts=("Wants to retire to Portugal and join a charity project.",),
        old_meal=OldMeal(
            D(2009, 6, 19),
            "Dresden",
            "Gasthaus Zum Schwarzen Ross",
            "Privat: Klassentreffen, Nachtreffen mit Jörg",
            amount="84.60",
            tip="7.40",
        ),
    ),
    Story(
        "Jörg",
        "Müller",
        "Radebeul",
        ("prospect", "social_network"),
        380,
        3,
        title="Dr.",
        organisation="Elbtal Präzisionstechnik GmbH",
        role="Geschäftsführer",
        landline=False,
        mobile=False,
        email="work",
        source="linkedin-csv",
        notes="Connected on LinkedIn after the Intec fair in Leipzig.",
    ),
    Story(
        "Katrin",
        "Seidel",
        "Pirna",
        ("colleague",),
        D(2001, 4, 1),
        4,
        female=True,
        address_form="du",
        street="Dohnaische Straße 27",
        lost=True,
        organisation="Sächsische Sensorik GmbH",
        role="Leiterin Qualitätsmanagement",
        facts=("Daughter studies in Delft.", "We started together at Bosch in Reutlingen."),
        old_meal=OldMeal(
            D(2011, 10, 6),
            "Dresden",
            "Weinstube am Neumarkt",
            "Abstimmung Messeauftritt Intec 2012 mit Sächsische Sensorik GmbH",
            business=True,
            amount="142.80",
            tip="12.20",
        ),
    ),
    Story(
        "Uwe",
        "Kretzschmar",
        "Meißen",
        ("colleague", "friend"),
        D(2003, 2, 1),
        3,
        address_form="du",
        mobile=False,
        email="none",
        lost=True,
        facts=("Collects old Leicas.", "Retired early; restores a 1970s Mercedes /8."),
        old_meal=OldMeal(
            D(2012, 5, 24),
            "Meißen",
            "Domkeller Meißen",
            "Privat: Abschied von Uwe aus dem Außendienst",
            amount="71.30",
            tip="6.70",
        ),
    ),
    Story(
        "Bärbel",
        "Weißenborn",
        "Dresden",
        ("supplier",),
        D(2000, 3, 15),
        3,
        female=True,
        street="Loschwitzer Straße 48",
        lost=True,
        organisation="Elbland Feinmechanik GmbH",
        role="Vertriebsleiterin",
        email="work",
        facts=("Plays the cello in an amateur orchestra.",),
        old_meal=OldMeal(
            D(2010, 11, 18),
            "Dresden",
            "Ristorante Canaletto",
            "Jahresgespräch 2011 mit Elbland Feinmechanik GmbH: Lieferquote",
            business=True,
            amount="118.40",
            tip="11.60",
        ),
    ),
    Story(
        "Stefan",
        "Obermeier",
        "Freising",
        ("school_friend",),
        D(1997, 9, 1),
        3,
        address_form="du",
        street="Obere Hauptstraße 9",
        lost=True,
        facts=("Brews his own beer; wants to open a small brewery pub.",),
        old_meal=OldMeal(
            D(2014, 7, 3),
            "München",
            "Wirtshaus am Viktualienmarkt",
            "Privat: Wiedersehen mit Stefan",
            amount="68.90",
            tip="6.10",
        ),
    ),
    Story(
        "Heiko",
        "Lindner",
        "Cascais",
        ("friend", "colleague"),
        D(2002, 1, 15),
        4,
        address_form="du",
        street="Avenida Marginal 7",
        lost=True,
        facts=("Moved to Cascais in 2022; volunteers at a surf school for children.",),
        old_meal=OldMeal(
            D(2019, 3, 29),
            "Stuttgart",
            "Weinstube Fröhlich",
            "Privat: Abschiedsessen vor Heikos Umzug nach Portugal",
            amount="132.40",
            tip="12.60",
        ),
    ),
    Story(
        "Constanze",
        "Rößler",
        "Dresden",
        ("customer",),
        D(2012, 5, 10),
        5,
        title="Dr.",
        female=True,
        street="Königsbrücker Straße 96",
        email="work",
        organisation="Sächsische Sensorik GmbH",
        role="Leiterin Strategischer Einkauf",
        facts=("Vegetarian.", "Runs the Oberelbe marathon every April."),
    ),
    Story(
        "Florian",
        "Huber",
        "Unterhaching",
        ("customer",),
        D(2015, 2, 1),
        5,
        street="Biberger Straße 52",
        organisation="Isartal Antriebstechnik GmbH",
        role="Technischer Leiter",
        email="work",
        facts=("Season ticket for the SpVgg Unterhaching.",),
    ),
    Story(
        "Sabine",
        "Weiß",
        "Bad Homburg vor der Höhe",
        ("partner",),
        D(2016, 9, 20),
        4,
        female=True,
        street="Louisenstraße 80",
        organisation="Taunus Medizintechnik AG",
        role="CFO",
        email="work",
        facts=("Sails on the Baltic every summer.",),
    ),
    Story(
        "Theresa",
        "Pichler",
        "Wien",
        ("customer",),
        D(2018, 4, 12),
        5,
        title="Mag.",
        female=True,
        street="Wiedner Hauptstraße 24",
        organisation="Wiener Armaturen GmbH",
        role="Geschäftsführerin",
        email="work",
        facts=("Grandmother of twins since last year.",),
    ),
    Story(
        "Sven",
        "Petersen",
        "Hamburg",
        ("supplier",),
        D(2013, 6, 3),
        4,
        street="Große Elbstraße 210",
        organisation="Hanseatische Logistik GmbH & Co. KG",
        role="Key Account Manager",
        email="work",
    ),
    Story(
        "Klaus-Dieter",
        "Köhler",
        "Offenbach am Main",
        ("other",),
        D(2008, 3, 1),
        1,
        street="Kaiserstraße 31",
        organisation="Main Antriebstechnik GmbH",
        role="Vertriebsleiter",
        email="work",
        do_not_invite=True,
        notes="Competitor. Friendly at fairs, but nothing confidential over dinner.",
    ),
    Story(
        "Inês",
        "Ferreira",
        "Lisboa",
        ("friend",),
        D(2009, 8, 1),
        3,
        female=True,
        language="en",
        address_form="du",
        street="Rua Garrett 19",
        facts=("Runs a small charity that rebuilds schools in Mozambique.",),
    ),
)

# Open follow-ups with key people: (full name, text, due in days from today).
STORY_FOLLOW_UPS = (
    ("Dr. Constanze Rößler", "Send the draft of the framework contract before the visit.", 2),
    ("Jörg Müller", "Ask Jörg about the charity project in Portugal.", 10),
    ("Mag. Theresa Pichler", "Prepare the price list for the Vienna visit.", 20),
    ("Florian Huber", "Book a table for the Munich trip.", 6),
)
TONIGHT_DECLINE = (
    "Dr. Constanze Rößler",
    "Board meeting runs late tonight; tomorrow evening would work.",
)
