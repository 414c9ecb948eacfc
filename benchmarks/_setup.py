"""Shared set-up for the benchmarks: a throwaway data directory and Django, measured helpers."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable


def django_for_benchmark(database_url: str | None) -> None:
    """Configure Django on a fresh temporary database (or the given URL) and migrate it."""
    os.environ["TAFELRUNDE_DATA_DIR"] = tempfile.mkdtemp(prefix="tafelrunde-bench-")
    if database_url:
        os.environ["TAFELRUNDE_DATABASE_URL"] = database_url
    else:
        os.environ.pop("TAFELRUNDE_DATABASE_URL", None)
    if not os.environ.get("TAFELRUNDE_PLACES_DIR"):
        from platformdirs import user_data_dir

        places = os.path.join(user_data_dir("tafelrunde", appauthor=False), "places")
        os.environ["TAFELRUNDE_PLACES_DIR"] = places
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tafelrunde.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if database_url:  # a shared server: start from an empty schema
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def arguments(
    description: str, default_n: int, extra: Callable[[argparse.ArgumentParser], None] | None = None
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if extra:
        extra(parser)
    parser.add_argument("--n", type=int, default=default_n, help="size of the workload")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side")
    parser.add_argument("--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/bench")
    return parser.parse_args()


def timings(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of each of `runs` calls, after one untimed warm-up call."""
    action()
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return result


def interleaved(
    measured: Callable[[], object], floor: Callable[[], object], runs: int
) -> tuple[list[float], list[float]]:
    """Milliseconds of each of `runs` calls of both, one of each in turn after one untimed
    warm-up call of each, so that a busy moment of a shared machine hits both alike."""
    measured(), floor()
    first: list[float] = []
    second: list[float] = []
    for _ in range(runs):
        for action, result in ((floor, second), (measured, first)):
            start = time.perf_counter()
            action()
            result.append((time.perf_counter() - start) * 1000)
    return first, second


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, n: int, measured: list[float], floor: list[float], **extra) -> None:
    """Print the figures, the last line being the JSON object benchmarks/README.md describes."""
    p50, floor_p50 = statistics.median(measured), statistics.median(floor)
    result = {
        "name": name,
        "n": n,
        "p50_ms": round(p50, 1),
        "p95_ms": round(percentile(measured, 0.95), 1),
        "floor_p50_ms": round(floor_p50, 1),
        "ratio": round(p50 / floor_p50, 2),
        **extra,
    }
    print(json.dumps(result))
