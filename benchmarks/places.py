"""The offline place index: build time, size on disk, lookups, and a worker's memory for it.

uv run python benchmarks/places.py [--n 3000] [--runs 5] [--no-build]
Builds the index into a temporary folder (unless --no-build: then the one in
TAFELRUNDE_PLACES_DIR or the user's data folder is measured), then resolves N queries
written as people write them (place names, "postal code + name", "name, region", bare
postal codes). The floor is the same number of lookups of a place by its id, the
smallest read the index can do. Memory is measured in a fresh process: its resident size
after opening the index and resolving the N queries, less its size before.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import arguments, report, timings


def main() -> None:
    args = arguments(__doc__.splitlines()[0], default_n=3000, extra=_options)
    from tafelrunde.core.gazetteer import Gazetteer
    from tafelrunde.core.gazetteer_build import build_index, index_filename

    if args.no_build:
        directory = Path(os.environ.get("TAFELRUNDE_PLACES_DIR") or _user_places())
        build_s = None
        Gazetteer.open(directory)
    else:
        directory = Path(tempfile.mkdtemp(prefix="tafelrunde-bench-places-"))
        start = time.perf_counter()
        build_index(directory / index_filename(), workers=min(4, os.cpu_count() or 1))
        build_s = time.perf_counter() - start
    path = directory / index_filename()
    queries, ids = _workload(path, args.n)
    gazetteer = Gazetteer(path)
    measured = timings(lambda: [gazetteer.resolve(query) for query in queries], args.runs)
    floor = timings(lambda: [gazetteer.get(gid) for gid in ids], args.runs)
    memory = _worker_memory_mb(path, queries)
    counts = _counts(path)
    print(f"index: {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    print(f"places: {counts['places']:,} ({counts['postal_places']:,} known only by postal code)")
    print(f"postal codes: {counts['postal_codes']:,}")
    if build_s is not None:
        print(f"build: {build_s:.1f} s")
    per_lookup_ms = sorted(measured)[len(measured) // 2] / len(queries)
    print(f"lookup p50: {per_lookup_ms * 1000:.0f} µs per query ({len(queries):,} per batch)")
    print(f"worker memory for the index: {memory:.1f} MB")
    report(
        "places",
        len(queries),
        measured,
        floor,
        build_s=round(build_s, 1) if build_s is not None else None,
        index_mib=round(path.stat().st_size / 2**20, 1),
        lookup_p50_us=round(per_lookup_ms * 1000),
        worker_memory_mb=round(memory, 1),
        **counts,
    )


def _options(parser) -> None:
    parser.add_argument("--no-build", action="store_true", help="measure the existing index")


def _user_places() -> str:
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("tafelrunde", appauthor=False), "places")


def _workload(path: Path, n: int) -> tuple[list[str], list[int]]:
    """N queries as people write them, drawn from the index with a fixed seed, and N ids."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT p.geonameid, p.name, c.code, r.name FROM place AS p"
        " JOIN postal_code AS c USING (geonameid)"
        " LEFT JOIN region AS r ON r.country = p.country AND r.admin1 = p.admin1"
        " WHERE p.country IN ('DE', 'AT', 'CH')"
    ).fetchall()
    db.close()
    chooser = random.Random(11)
    sample = chooser.sample(rows, min(n, len(rows)))
    forms = [
        lambda gid, name, code, region: name,
        lambda gid, name, code, region: f"{code} {name}",
        lambda gid, name, code, region: f"{name}, {region}" if region else name,
        lambda gid, name, code, region: code,
    ]
    queries = [forms[i % len(forms)](*row) for i, row in enumerate(sample)]
    return queries, [row[0] for row in sample]


_MEMORY_PROBE = """
import json, sys
def rss_kb():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
from tafelrunde.core.gazetteer import Gazetteer  # a worker has imported this already
before = rss_kb()
gazetteer = Gazetteer(sys.argv[1])
for query in json.load(sys.stdin):
    gazetteer.resolve(query)
print((rss_kb() - before) / 1024)
"""


def _worker_memory_mb(path: Path, queries: list[str]) -> float:
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip())


def _counts(path: Path) -> dict:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "places": count("SELECT count(*) FROM place"),
            "postal_places": count("SELECT count(*) FROM place WHERE geonameid >= 1000000000"),
            "postal_codes": count("SELECT count(*) FROM postal_code"),
        }
    finally:
        db.close()


if __name__ == "__main__":
    main()
