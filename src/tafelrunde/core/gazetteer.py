"""The offline place index: city names, postal codes and area codes to places.

One read-only SQLite file per data version, built once by Gazetteer.open and paged in
by SQLite on demand, so no process holds the gazetteer in memory.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from tafelrunde.core.gazetteer_build import (
    POSTAL_PLACE_IDS,
    build_index,
    index_filename,
    normalise_postal_code,
    sources_stamp,
)
from tafelrunde.core.geo import bounding_box, distances_km, haversine_km
from tafelrunde.core.phones import is_landline, normalise_phone
from tafelrunde.core.place_names import PlaceQuery as PlaceQuery  # part of this API
from tafelrunde.core.place_names import country_names, parse_place_query
from tafelrunde.core.text import fold

# Points for agreeing with a postal code or phone; equal points leave it to population.
_SAME_CITY, _SAME_AREA, _PHONE_NEAR_KM = 4, 2, 40
# Most of a network lives in its owner's country: a place there counts ten times its size
# ("Neustadt" is Neustadt an der Weinstraße, not Baia Mare, once called Neustadt too).
# Abroad, a place's own name outweighs another's old or foreign name ("Caen" is no Guangzhou).
_HOME_WEIGHT, _FOREIGN_ALIAS_WEIGHT = 10, 0.1
# A rival this big (weighted) next to the winner, and as well supported, makes a name
# ambiguous: Frankfurt (Oder) is 9% of Frankfurt am Main; Paris, Texas 1% of Paris.
_RIVAL_SHARE = 0.05
_POSTAL_PLACE_POPULATION = 250
_TOWN = 5000  # from this size on a place is also found by its other names
# Words before a region's name that are no part of it: "Kanton Zürich", "Freistaat Bayern".
_REGION_WORD = re.compile(
    r"^(?:kanton|canton(?: of)?|cantone|freistaat|bundesland|land|state of|province of|"
    r"provinz|provincia(?: di| de)?|region|regione|departement|county)\s+"
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[\W_]+")
# The nearest place is searched in growing boxes up to the last radius: a stop a hundred
# kilometres from any place is no stop at a place (the middle of the sea, the desert).
NEAREST_RADII_KM = (3.0, 12.0, 40.0, 100.0)
_PLACE = "SELECT geonameid, name, country, admin1, latitude, longitude, timezone, population"

Area = tuple[str, str | None]  # (country, admin1), admin1 None for the whole country


@dataclass(frozen=True)
class PlaceRecord:
    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # GeoNames first-level region code
    latitude: float
    longitude: float
    timezone: str
    population: int


@dataclass(frozen=True)
class Resolution:
    place: PlaceRecord
    ambiguous: bool  # another place fits the name and the hints about as well
    others: tuple[PlaceRecord, ...] = ()  # those other places, best first


class PlaceHints(TypedDict, total=False):
    country: str | None  # "DE", "de", "Germany", "Deutschland", "Österreich"
    region: str | None  # "Sachsen", "Saxony", "SN", "Bayern", "Texas"
    postal_code: str | None  # in the place: "01844", "D-01844"
    phone: str | None  # a landline in the place: "+49 335 …"
    default_country: str  # for a bare postal code and national phone numbers; "DE"


@dataclass(frozen=True)
class _Candidate:
    place: PlaceRecord
    score: int  # points for agreeing with the postal code and phone
    # 0 when the query only folds to this place's name and another place is spelled
    # exactly so (the query "Pöcking" for Pocking), else 1.
    spelled: int
    weight: float  # population, weighted by country and by how the name matched


class Gazetteer:
    """Read-only access to a place index file; one instance may serve many threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()  # one SQLite connection per thread

    @classmethod
    def open(cls, directory: Path) -> Gazetteer:
        """The index in `directory`, built there first when missing or made from older data."""
        path = Path(directory) / index_filename()
        if not _is_current(path):
            _build_in_child_process(path)
        return cls(path)

    def close(self) -> None:
        """Close this thread's connection (it reopens when used again)."""
        if db := getattr(self._local, "db", None):
            db.close()
            self._local.db = None

    def get(self, geonameid: int) -> PlaceRecord | None:
        """The place with this GeoNames id, or None."""
        found = self._places(f"{_PLACE} FROM place WHERE geonameid = ?", (geonameid,))
        return found[0] if found else None

    def lookup(self, query: str, **hints: Unpack[PlaceHints]) -> PlaceRecord | None:
        """The place a name means ("Muenchen", "01844 Neustadt", "Wien, Österreich"), or None.

        Country and region narrow the choice; a postal code or landline in the place wins
        over population. The name itself must always match the place.
        """
        found = self.resolve(query, **hints)
        return found.place if found else None

    def candidates(self, query: str, **hints: Unpack[PlaceHints]) -> list[PlaceRecord]:
        """Every place the name may mean, best first."""
        return [candidate.place for candidate in self._ranked(query, **hints)]

    def resolve(self, query: str, **hints: Unpack[PlaceHints]) -> Resolution | None:
        """Like lookup, and tells whether another place would fit about as well."""
        ranked = self._ranked(query, **hints)
        if not ranked:
            return None
        rivals = tuple(rival.place for rival in _rivals(ranked))
        return Resolution(ranked[0].place, bool(rivals), rivals)

    def from_phone(self, number: str, default_country: str = "DE") -> PlaceRecord | None:
        """The place a landline's area code names (+49 351 → Dresden); None for mobiles,
        numbers that only tell the country, and areas without a town of 5,000."""
        e164 = normalise_phone(number, default_country)
        if e164 is None or not is_landline(e164):
            return None
        digits = e164[1:]
        prefixes = [digits[:end] for end in range(1, len(digits) + 1)]
        row = self._execute(
            f"SELECT geonameid FROM phone_prefix WHERE prefix IN ({_marks(prefixes)})"
            " ORDER BY length(prefix) DESC LIMIT 1",
            prefixes,
        ).fetchone()
        return self.get(row[0]) if row and row[0] else None

    def postal_places(
        self, code: str, country: str | None = None, default_country: str = "DE"
    ) -> list[PlaceRecord]:
        """The places a postal code serves, in the country (a code or name) or, without
        one, in the default country; biggest first."""
        countries = {area[0] for area in self._countries(country)} or {default_country.upper()}
        found = [place for place in self._postal_cities(code) if place.country in countries]
        return sorted(found, key=lambda place: (-place.population, place.geonameid))

    def nearest(self, latitude: float, longitude: float) -> tuple[PlaceRecord, float] | None:
        """The place nearest to a point and its distance in km, or None when none lies
        within NEAREST_RADII_KM's last radius. Raises ValueError for a point off the globe.

        Each box is read from the index on latitude and longitude; the first one whose
        circle holds a place decides, measured exactly (haversine). The last box bounds
        the work. A place known only from postal data ("International Mc", a mail centre)
        is chosen only where GeoNames knows none within reach."""
        latitude, longitude = check_coordinates(latitude, longitude)
        ids = (0, POSTAL_PLACE_IDS.start), (POSTAL_PLACE_IDS.start, POSTAL_PLACE_IDS.stop)
        for first, stop in ids:
            found = self._nearest_among(latitude, longitude, first, stop)
            if found:
                return found
        return None

    def _nearest_among(
        self, latitude: float, longitude: float, first: int, stop: int
    ) -> tuple[PlaceRecord, float] | None:
        for radius in NEAREST_RADII_KM:
            min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius)
            places = self._places(
                f"{_PLACE} FROM place WHERE latitude BETWEEN ? AND ?"
                " AND longitude BETWEEN ? AND ? AND +geonameid >= ? AND +geonameid < ?",
                (min_lat, max_lat, min_lon, max_lon, first, stop),
            )
            points = [(place.latitude, place.longitude) for place in places]
            measured = [
                (km, place.geonameid, place)
                for km, place in zip(distances_km(latitude, longitude, points), places, strict=True)
                if km <= radius
            ]
            if measured:
                km, _gid, place = min(measured, key=lambda row: row[:2])
                return place, km
        return None

    def region_name(self, place: PlaceRecord) -> str:
        """The name of the place's region in its own country ("Niedersachsen"), or ""."""
        sql = "SELECT name FROM region WHERE country = ? AND admin1 = ?"
        row = self._execute(sql, (place.country, place.admin1)).fetchone()
        return row[0] if row else ""

    def is_region(self, text: str | None) -> bool:
        """True when the text names a region the index knows ("Niedersachsen", "NDS")."""
        return bool(text and text.strip() and self._regions(text))

    def in_region(self, place: PlaceRecord, text: str) -> bool:
        """True when the place lies in the region the text names (in any of them)."""
        return _within_all(place, [self._regions(text)])

    def _ranked(self, query: str, **hints: Unpack[PlaceHints]) -> list[_Candidate]:
        if unknown := hints.keys() - PlaceHints.__optional_keys__:
            raise TypeError(f"unknown place hints: {', '.join(sorted(unknown))}")
        parsed = parse_place_query(query or "")
        home = (hints.get("default_country") or "DE").upper()
        areas = [
            area
            for area in (
                self._countries(hints.get("country")),
                self._regions(hints.get("region")),
                # Written into the query, a hint may be a country or a region ("Berlin, BE").
                self._countries(parsed.country) | self._regions(parsed.country),
                self._countries(parsed.region) | self._regions(parsed.region),
            )
            if area
        ]
        postal = self._postal_cities(hints.get("postal_code") or parsed.postal_code)
        if not parsed.name and not areas:  # a bare postal code is in the default country
            postal = [place for place in postal if place.country == home]
        phone = hints.get("phone")
        phone_place = self.from_phone(phone, home) if phone else None
        hinted = [*postal, phone_place] if phone_place else postal

        def ranked(key: str) -> list[_Candidate]:
            places = self._matching(key, hinted, areas)
            misspelled = _misspelled(parsed.name, key, places)
            candidates = [
                _Candidate(
                    place,
                    _hint_score(place, postal, phone_place),
                    int(place.geonameid not in misspelled),
                    _weight(place, key, home),
                )
                for place in places
            ]
            return sorted(
                candidates, key=lambda c: (-c.score, -c.spelled, -c.weight, c.place.geonameid)
            )

        found = ranked(fold(parsed.name))
        if not found and "-" in parsed.name:
            # "München-Schwabing", as addresses at home write a town and its district; only
            # for an unmistakable town in the default country ("Atlantis-upon-Sea" is none).
            town = ranked(fold(parsed.name.split("-")[0]))
            if town and town[0].place.country == home and not _is_ambiguous(town):
                found = town[:1]
        return found

    def _matching(
        self, key: str, hinted: list[PlaceRecord], areas: list[set[Area]]
    ) -> list[PlaceRecord]:
        """Places called `key` (or called so for short, when a hint names them) in all areas;
        failing that, places whose name `key` abbreviates ("Frankfurt a.M.")."""
        found = {place.geonameid: place for place in self._by_name(key)} if key else {}
        countries = {place.country for place in found.values()}
        for place in hinted:
            # The hint names the town ("Neustadt in Sachsen"); the query may say less ("Neustadt").
            # A postal district ("London South West") does not stand in for the town itself.
            if not key or (
                f"{fold(place.name)} ".startswith(f"{key} ")
                and not (is_postal_place(place) and place.country in countries)
            ):
                found.setdefault(place.geonameid, place)
        inside = [place for place in found.values() if _within_all(place, areas)]
        if not inside and key:
            # Inside a given area, "Neustadt" may also stand for "Neustadt in Sachsen".
            short = [
                (place, name)
                for place, name in self._by_first_word(key)
                if _abbreviates(key, name, whole_words_too=bool(areas))
                and _within_all(place, areas)
            ]
            # A place's own name shortened beats another's alias ("Frankfurt/O." is not
            # Offenbach, alias "Frankfurt-Offenbach").
            own = [place for place, name in short if name == fold(place.name)]
            inside = list({p.geonameid: p for p in own or [p for p, _name in short]}.values())
        return inside

    def _by_name(self, key: str) -> list[PlaceRecord]:
        """The places called `key`: by their own name, or a town by another of its names
        ("Munich" is München). A village's other names are mostly a district's or a
        landmark's ("Rathaus", "Kirche") and would turn words into places."""
        found = self._places(
            f"{_PLACE} FROM place WHERE geonameid IN"
            " (SELECT geonameid FROM place_name WHERE key = ?)",
            (key,),
        )
        return [p for p in found if p.population >= _TOWN or fold(p.name) == key]

    def _by_first_word(self, key: str) -> list[tuple[PlaceRecord, str]]:
        """(place, name key) for names of two or more words starting with key's first word."""
        first = key.split()[0]
        rows = self._execute(
            f"{_PLACE}, n.key FROM place_name AS n JOIN place USING (geonameid)"
            " WHERE n.key >= ? AND n.key < ?",
            (f"{first} ", f"{first}!"),  # "!" sorts right after " "
        )
        return [(PlaceRecord(*row[:-1]), row[-1]) for row in rows]

    def _postal_cities(self, code: str | None) -> list[PlaceRecord]:
        if not code or not code.strip():
            return []
        code = re.sub(r"^[A-Za-z]{1,3}-(?=\d)", "", code.strip())  # "D-01844"
        # GB and CA data know only the start ("SW", "M5V") of a full code ("SW1A 1AA").
        first = code.split()[0]
        letters = re.split(r"[^A-Za-z]", first, maxsplit=1)[0]
        codes = list(dict.fromkeys(normalise_postal_code(c) for c in (code, first, letters) if c))
        return self._places(
            f"{_PLACE} FROM place WHERE geonameid IN"
            f" (SELECT geonameid FROM postal_code WHERE code IN ({_marks(codes)}))",
            codes,
        )

    def _countries(self, text: str | None) -> set[Area]:
        return {(country, None) for country in country_names().get(fold(text or ""), ())}

    def _regions(self, text: str | None) -> set[Area]:
        """The regions a text names: "Niedersachsen", "Lower Saxony", "NDS", "Kanton Zürich"."""
        sql = "SELECT country, admin1 FROM region_name WHERE key = ?"
        key = fold(text or "")
        found = set(self._execute(sql, (key,)))
        if not found and (plain := _REGION_WORD.sub("", key)) != key:
            found = set(self._execute(sql, (plain,)))
        return found

    def _places(self, sql: str, params) -> list[PlaceRecord]:
        return [PlaceRecord(*row) for row in self._execute(sql, params)]

    def _execute(self, sql: str, params) -> sqlite3.Cursor:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = _connect(self.path)
        return db.execute(sql, params)


def check_coordinates(latitude: float, longitude: float) -> tuple[float, float]:
    """The point as floats; ValueError in words when it is no point on the globe."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise ValueError("latitude and longitude must be numbers") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError("latitude and longitude must be numbers")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat:g} is out of range (-90 to 90)")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon:g} is out of range (-180 to 180)")
    return lat, lon


def is_postal_place(place: PlaceRecord) -> bool:
    """True for a place known only from postal data, too small for GeoNames."""
    return place.geonameid in POSTAL_PLACE_IDS


def _is_ambiguous(ranked: list[_Candidate]) -> bool:
    return bool(_rivals(ranked))


def _rivals(ranked: list[_Candidate]) -> list[_Candidate]:
    """The places that fit about as well as the best: as well supported and not much smaller."""
    best = ranked[0]
    return [
        rival
        for rival in ranked[1:]
        if (rival.score, rival.spelled) == (best.score, best.spelled)
        and rival.weight >= _RIVAL_SHARE * best.weight
    ]


def _misspelled(written: str, key: str, places: list[PlaceRecord]) -> set[int]:
    """The places whose name only folds to what was written while another's name is written
    exactly so: "Pöcking" (or "Poecking") is not Pocking. Typed without accents, as many
    keyboards do, the spelling decides only within one country ("Zurich" stays Zürich)."""
    wanted = native_key(written)
    twins = [place for place in places if fold(place.name) == key]
    exact = [place for place in twins if native_key(place.name) == wanted]
    if not exact:
        return set()
    countries = {place.country for place in exact}
    return {
        place.geonameid
        for place in twins
        if place not in exact and (not written.isascii() or place.country in countries)
    }


def native_key(name: str) -> str:
    """A name lowercased with umlauts written out, but otherwise as it stands: "pöcking" and
    "poecking" are alike, "pocking" is another place."""
    lowered = name.casefold().translate(_UMLAUTS)
    return " ".join(_NON_WORD.split(lowered)).strip()


def _abbreviates(key: str, name: str, whole_words_too: bool) -> bool:
    """True when key writes the name short: the first word whole and each later word the
    start of a later word of the name ("frankfurt a m" for "frankfurt am main"). With
    whole_words_too, the key may also be the name's first words ("neustadt")."""
    first, *short = key.split()
    head, *words = name.split()
    remaining = iter(words)  # consumed in order, so "a m" must match "am main" left to right
    matched = all(any(word.startswith(part) for word in remaining) for part in short)
    return first == head and matched and (bool(short) or whole_words_too)


def _weight(place: PlaceRecord, key: str, home: str) -> float:
    # GeoNames lists every place of 500; one known only from postal data is smaller.
    population = place.population or _POSTAL_PLACE_POPULATION
    if place.country == home:
        return population * _HOME_WEIGHT
    if key and fold(place.name) != key:
        return population * _FOREIGN_ALIAS_WEIGHT
    return float(population)


def _hint_score(place: PlaceRecord, postal: list[PlaceRecord], phone: PlaceRecord | None) -> int:
    score = 0
    if any(p.geonameid == place.geonameid for p in postal):
        score += _SAME_CITY
    elif any((p.country, p.admin1) == (place.country, place.admin1) for p in postal):
        score += _SAME_AREA
    if phone and phone.geonameid == place.geonameid:
        score += _SAME_CITY
    elif phone and _distance_km(phone, place) <= _PHONE_NEAR_KM:
        score += _SAME_AREA
    return score


def _distance_km(a: PlaceRecord, b: PlaceRecord) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _within_all(place: PlaceRecord, areas: list[set[Area]]) -> bool:
    return all((place.country, None) in a or (place.country, place.admin1) in a for a in areas)


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


def _connect(path: Path) -> sqlite3.Connection:
    # immutable=1: the file never changes once built (a rebuild replaces it whole), so
    # SQLite can skip locking and change detection.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        db = _connect(path)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == sources_stamp()


def _build_in_child_process(path: Path) -> None:
    """Build in a fresh interpreter: the sources need a few hundred MB while parsed, which a
    long-running server process would otherwise keep."""
    if not sys.executable:
        build_index(path)
        return
    package_root = str(Path(__file__).resolve().parents[2])
    python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.core.gazetteer_build", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": python_path},
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"Could not build the place index at {path}: {detail}")
