"""Names, organisations and roles for the demo network, by country and culture."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from anyascii import anyascii


@dataclass(frozen=True)
class Culture:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    language: str


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


CULTURES: dict[str, Culture] = {
    "de": Culture(
        _words(
            "Jörg, Jürgen, Uwe, Thomas, Michael, Andreas, Stefan, Frank, Matthias, Ralf, Holger, "
            "Dirk, Sven, Torsten, Markus, Christian, Tobias, Florian, Sebastian, Jan, Björn, "
            "Klaus, Bernd, Wolfgang, Rüdiger, Günter, Lars, Henrik, Felix, Moritz, Philipp, "
            "Hans-Peter, Karl-Heinz, Jens, Volker, Carsten, Heiko, Steffen, Kai, Oliver"
        ),
        _words(
            "Sabine, Petra, Claudia, Andrea, Susanne, Birgit, Kerstin, Anja, Katrin, Stefanie, "
            "Nicole, Julia, Anna, Katharina, Christine, Ulrike, Heike, Martina, Silke, "
            "Franziska, Lena, Sophie, Jana, Maren, Annette, Gudrun, Dörte, Bärbel, Jutta, Ines, "
            "Constanze, Friederike, Mareike, Anke, Britta"
        ),
        _words(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
            "Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, "
            "Zimmermann, Braun, Krüger, Hartmann, Lange, Schmitt, Werner, Krause, Lehmann, "
            "Schulze, Maier, Köhler, Herrmann, König, Walter, Kaiser, Fuchs, Peters, Scholz, "
            "Möller, Weiß, Jung, Hahn, Schubert, Vogel, Friedrich, Günther, Berger, Winkler, "
            "Roth, Beck, Lorenz, Franke, Albrecht, Schuster, Ludwig, Böhm, Winter, Krämer, Vogt, "
            "Jäger, Sommer, Groß, Seidel, Brandt, Haas, Schreiber, Dietrich, Ziegler, Kühn, "
            "Pohl, Engel, Horn, Bergmann, Voigt, Arnold, Pfeiffer, Nußbaum, Strauß, Löffler, "
            "Kießling, Rößler, Kretzschmar, Böttcher, Lindner, Häberle, Obermeier, Petersen"
        ),
        "de",
    ),
    # Germans whose families came from elsewhere: part of every Mittelstand address book.
    "de-tr": Culture(
        _words("Mehmet, Murat, Cem, Emre, Serkan"),
        _words("Ayşe, Elif, Zeynep, Derya"),
        _words("Yılmaz, Kaya, Demir, Şahin, Öztürk, Aydın, Çelik"),
        "de",
    ),
    "de-gr": Culture(
        _words("Dimitrios, Konstantinos, Nikolaos"),
        _words("Eleni, Maria, Sofia"),
        _words("Papadopoulos, Georgiou, Konstantinidis"),
        "de",
    ),
    "de-hr": Culture(
        _words("Goran, Zoran, Ivan, Marko"),
        _words("Ivana, Jelena, Marija"),
        _words("Petrović, Jovanović, Horvat, Kovačević, Babić"),
        "de",
    ),
    "at": Culture(
        _words(
            "Florian, Lukas, Christoph, Wolfgang, Gerhard, Johann, Herbert, Manfred, Alexander, "
            "Bernhard, Andreas"
        ),
        _words("Elisabeth, Barbara, Theresa, Magdalena, Johanna, Verena, Ingrid, Martina, Sandra"),
        _words(
            "Gruber, Huber, Bauer, Wagner, Pichler, Steiner, Moser, Mayer, Hofer, Leitner, "
            "Berger, Eder, Schwarz, Reiter, Mayr, Brunner, Wimmer, Egger, Auer, Lechner, "
            "Wallner, Aigner, Koller, Holzer, Wieser, Strobl, Hödl, Pölzl, Kröpfl"
        ),
        "de",
    ),
    "ch": Culture(
        _words("Beat, Urs, Reto, Daniel, Martin, Lukas, Christoph, Simon, Thomas"),
        _words("Regula, Brigitte, Corinne, Barbara, Nicole, Sandra, Monika, Ursula, Seraina"),
        _words(
            "Meier, Keller, Brunner, Baumann, Frei, Gerber, Widmer, Zürcher, Bühler, Suter, "
            "Hess, Sutter, Lüthi, Aebischer, Zollinger, Wüthrich"
        ),
        "de",
    ),
    "fr": Culture(
        _words(
            "Jean-Luc, Philippe, Pierre, Nicolas, Olivier, Laurent, Thierry, François, Étienne, "
            "Julien, Sébastien, Guillaume"
        ),
        _words(
            "Sophie, Isabelle, Nathalie, Céline, Hélène, Camille, Élodie, Valérie, "
            "Anne-Claire, Chloé"
        ),
        _words(
            "Dubois, Lefèvre, Moreau, Girard, Bonnet, Mercier, Lambert, Fontaine, Rousseau, "
            "Chevalier, Faure, Garnier, Perrin, Brunet, Leclerc, Gauthier, Bérenger, Lemaître"
        ),
        "fr",
    ),
    "it": Culture(
        _words(
            "Marco, Luca, Giovanni, Alessandro, Matteo, Francesco, Stefano, Paolo, Roberto, "
            "Massimo, Davide"
        ),
        _words("Giulia, Francesca, Chiara, Elena, Paola, Silvia, Federica, Valentina, Alessandra"),
        _words(
            "Rossi, Russo, Ferrari, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Gallo, "
            "Conti, De Luca, Costa, Giordano, Mancini, Lombardi, Moretti, Brambilla, "
            "Fumagalli, Cattaneo"
        ),
        "it",
    ),
    "nl": Culture(
        _words("Jeroen, Bas, Pieter, Maarten, Sander, Joost, Ruud, Thijs, Wouter, Daan"),
        _words("Anouk, Marieke, Sanne, Eva, Femke, Lotte, Inge, Esther, Mieke"),
        _words(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, "
            "de Boer, Mulder, de Groot, Bos, Hendriks, van Leeuwen, Dekker, van der Meer"
        ),
        "en",
    ),
    "pt": Culture(
        _words("João, Pedro, Miguel, Tiago, Rui, Nuno, Ricardo, Luís, António"),
        _words("Ana, Inês, Sofia, Catarina, Joana, Marta, Beatriz, Rita, Mariana"),
        _words(
            "Silva, Santos, Ferreira, Pereira, Oliveira, Rodrigues, Martins, Sousa, "
            "Fernandes, Gonçalves, Marques, Almeida, Ribeiro, Carvalho, Teixeira"
        ),
        "en",
    ),
    "pl": Culture(
        _words("Piotr, Krzysztof, Tomasz, Paweł, Michał, Marcin, Łukasz, Grzegorz, Wojciech"),
        _words("Anna, Katarzyna, Agnieszka, Magdalena, Joanna, Małgorzata, Ewa, Aleksandra"),
        _words(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, "
            "Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Mazur, Krawczyk"
        ),
        "en",
    ),
}

# Which culture a name is drawn from, by country of residence.
CULTURE_OF_COUNTRY = {
    "DE": (("de", 90), ("de-tr", 5), ("de-gr", 2), ("de-hr", 3)),
    "AT": (("at", 95), ("de-hr", 5)),
    "CH": (("ch", 85), ("de", 10), ("it", 5)),
    "FR": (("fr", 100),),
    "IT": (("it", 100),),
    "NL": (("nl", 100),),
    "PT": (("pt", 90), ("de", 10)),  # a few Germans who moved south
    "PL": (("pl", 100),),
}

TITLES = {
    "DE": (("", 88), ("Dr.", 10), ("Prof. Dr.", 2)),
    "AT": (("", 60), ("Mag.", 20), ("DI", 12), ("Dr.", 8)),
    "CH": (("", 90), ("Dr.", 10)),
}


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    female: bool
    language: str
    title: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.given, self.family) if part)

    @property
    def salutation(self) -> str:
        return "ms" if self.female else "mr"


T = TypeVar("T")


def weighted(rng: random.Random, pairs: Iterable[tuple[T, float]]) -> T:
    """One value of (value, weight) pairs."""
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def make_person(rng: random.Random, country: str) -> Person:
    """A plausible resident of `country`: name, sex and mother tongue."""
    culture = CULTURES[weighted(rng, CULTURE_OF_COUNTRY[country])]
    female = rng.random() < 0.4
    given = rng.choice(culture.female if female else culture.male)
    family = rng.choice(culture.family)
    if culture is CULTURES["pl"] and female:
        family = family[:-1] + "a" if family.endswith("ski") else family
    title = weighted(rng, TITLES[country]) if country in TITLES else ""
    return Person(given, family, female, culture.language, title)


# Trades of the Mittelstand (feminine nouns, so "Sächsische Präzisionstechnik" declines).
TRADES = _words(
    "Präzisionstechnik, Antriebstechnik, Sensorik, Kunststofftechnik, Logistik, "
    "Verpackungstechnik, Medizintechnik, Steuerungstechnik, Oberflächentechnik, Automation, "
    "Elektronik, Feinmechanik, Hydraulik, Lasertechnik, Prüftechnik, Kältetechnik, Fördertechnik"
)
FAMILY_FIRM_TRADES = _words(
    "Maschinenbau, Werkzeugbau, Stahlbau, Metallbau, Industrieservice, Elektrotechnik"
)
LEGAL_FORMS = (("GmbH", 60), ("GmbH & Co. KG", 25), ("AG", 10), ("KG", 5))
FOREIGN_ORGS = {
    "FR": ("{family} Industrie SAS", "Ateliers {family} SA", "Mécanique de précision {family}"),
    "IT": ("Officine {family} S.p.A.", "{family} Meccanica S.r.l.", "Fonderia {family} S.r.l."),
    "NL": ("{family} Aandrijftechniek B.V.", "{family} Logistiek B.V.", "{family} Techniek B.V."),
    "PT": ("{family} & Filhos, Lda.", "{family} Automação, S.A."),
    "PL": ("{family} Sp. z o.o.", "Zakłady Mechaniczne {family} Sp. z o.o."),
}


def make_organisation(rng: random.Random, country: str, prefixes: tuple[str, ...]) -> str:
    """A plausible company in the region: "Elbtal Sensorik GmbH", "Gebr. Häberle KG"."""
    # Family firms carry the founder's name in its plain (for Polish: masculine) form.
    family = rng.choice(CULTURES[CULTURE_OF_COUNTRY[country][0][0]].family)
    if country in FOREIGN_ORGS:
        return rng.choice(FOREIGN_ORGS[country]).format(family=family)
    legal = "AG" if country == "CH" else weighted(rng, LEGAL_FORMS)
    if rng.random() < 0.35 or not prefixes:
        pattern = rng.choice(("{f} {t}", "Gebr. {f}", "{f} & Söhne", "{f} {t}"))
        return f"{pattern.format(f=family, t=rng.choice(FAMILY_FIRM_TRADES))} {legal}"
    return f"{rng.choice(prefixes)} {rng.choice(TRADES)} {legal}"


# Roles as (male, female) by language; the same title for both where that is usual.
BUSINESS_ROLES = {
    "de": (
        ("Geschäftsführer", "Geschäftsführerin"),
        ("Leiter Einkauf", "Leiterin Einkauf"),
        ("Vertriebsleiter", "Vertriebsleiterin"),
        ("Technischer Leiter", "Technische Leiterin"),
        ("Prokurist", "Prokuristin"),
        ("Key Account Manager", "Key Account Managerin"),
        ("Leiter Qualitätsmanagement", "Leiterin Qualitätsmanagement"),
        ("Inhaber", "Inhaberin"),
        ("Kaufmännischer Leiter", "Kaufmännische Leiterin"),
        ("Projektleiter", "Projektleiterin"),
        ("Werksleiter", "Werksleiterin"),
        ("Head of Operations", "Head of Operations"),
        ("Leiter Strategischer Einkauf", "Leiterin Strategischer Einkauf"),
    ),
    "en": (
        ("Managing Director", "Managing Director"),
        ("Head of Procurement", "Head of Procurement"),
        ("Sales Director", "Sales Director"),
        ("Plant Manager", "Plant Manager"),
        ("Chief Operating Officer", "Chief Operating Officer"),
    ),
    "fr": (
        ("Directeur général", "Directrice générale"),
        ("Responsable achats", "Responsable achats"),
        ("Directeur commercial", "Directrice commerciale"),
    ),
    "it": (
        ("Amministratore delegato", "Amministratrice delegata"),
        ("Responsabile acquisti", "Responsabile acquisti"),
        ("Direttore commerciale", "Direttrice commerciale"),
    ),
}
PRIVATE_ROLES = {
    "de": (
        ("Arzt", "Ärztin"),
        ("Architekt", "Architektin"),
        ("Lehrer", "Lehrerin"),
        ("Rechtsanwalt", "Rechtsanwältin"),
        ("Steuerberater", "Steuerberaterin"),
        ("Journalist", "Journalistin"),
        ("Ingenieur", "Ingenieurin"),
        ("Apotheker", "Apothekerin"),
    ),
    "en": (
        ("Doctor", "Doctor"),
        ("Architect", "Architect"),
        ("Teacher", "Teacher"),
        ("Lawyer", "Lawyer"),
        ("Engineer", "Engineer"),
    ),
}


def make_role(rng: random.Random, person: Person, business: bool) -> str:
    """A job title in the person's language and gender; a profession for private contacts."""
    if business:
        pair = rng.choice(BUSINESS_ROLES.get(person.language, BUSINESS_ROLES["en"]))
    else:
        pair = rng.choice(PRIVATE_ROLES["de" if person.language == "de" else "en"])
    return pair[1] if person.female else pair[0]


def ascii_slug(text: str, sep: str = "") -> str:
    """ "Jörg Weiß" -> "joerg<sep>weiss": German transliteration, then plain ASCII."""
    for umlaut, spelling in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelling).replace(umlaut.upper(), spelling.capitalize())
    words = "".join(c if c.isalnum() else " " for c in anyascii(text).lower()).split()
    return sep.join(words)


def organisation_domain(organisation: str) -> str:
    """A domain that cannot be anybody's real one: "elbtal-sensorik.example"."""
    words = [w for w in ascii_slug(organisation, " ").split() if w not in _LEGAL_WORDS]
    return "-".join(words[:2]) + ".example"


_LEGAL_WORDS = frozenset(
    (
        "gmbh",
        "co",
        "kg",
        "ag",
        "sas",
        "sa",
        "s",
        "p",
        "a",
        "r",
        "l",
        "b",
        "v",
        "lda",
        "sp",
        "z",
        "o",
        "gebr",
        "soehne",
        "filhos",
    )
)


def work_email(rng: random.Random, person: Person, organisation: str) -> str:
    given, family = ascii_slug(person.given), ascii_slug(person.family)
    local = rng.choice((f"{given}.{family}", f"{given[0]}.{family}", f"{family}"))
    return f"{local}@{organisation_domain(organisation)}"


def private_email(rng: random.Random, person: Person) -> str:
    given, family = ascii_slug(person.given), ascii_slug(person.family)
    local = rng.choice((f"{given}.{family}", f"{given}{rng.randint(60, 99)}", f"{family}.{given}"))
    return f"{local}@{rng.choice(('example.com', 'example.org', 'example.net'))}"
