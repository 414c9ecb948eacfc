"""How fast commands start: `--help`, `geocode` and `tonight` against a minimal Django setup.

uv run python benchmarks/startup.py [--n 200] [--runs 5]
Each measurement is a whole process, started as a user starts it (the `tafelrunde` console
script of this environment, bytecode compiled first), on a prepared data directory: one
account with N located contacts, and the place index in TAFELRUNDE_PLACES_DIR. The floor is
a process that sets up Django with only auth and contenttypes on SQLite and runs one query.
The runs of all four are interleaved, so that a busy moment of the machine hits each alike.
"""

from __future__ import annotations

import atexit
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import arguments, django_for_benchmark, percentile, report
from tonight import CITIES, network

COMMANDS = {
    "--help": ["--help"],
    "tonight --help": ["tonight", "--help"],
    "geocode": ["geocode", "Dresden"],
    "tonight": ["tonight", "Dresden"],
}
# Goals from issue 12: the most a command may take, as a multiple of the floor's p50.
GOALS = {"--help": 0.5, "geocode": 2.0, "tonight": 2.0}

MINIMAL_SETTINGS = """
SECRET_KEY = "benchmark"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": %(database)r}}
USE_TZ = True
"""
MINIMAL_PROGRAM = """
import django
django.setup()
from django.contrib.auth.models import User
User.objects.count()
"""


def main() -> None:
    args = arguments(__doc__.splitlines()[0], default_n=200)
    django_for_benchmark(args.database_url)
    atexit.register(shutil.rmtree, os.environ["TAFELRUNDE_DATA_DIR"], ignore_errors=True)
    prepare_network(args.n)
    compile_bytecode()
    program = str(Path(sys.executable).parent / "tafelrunde")
    floor_command, floor_env = minimal_django()
    commands = {name: [program, *argv] for name, argv in COMMANDS.items()}
    wall_ms(floor_command, floor_env)  # warm the file cache, and fail early
    for argv in commands.values():
        wall_ms(argv)
    times: dict[str, list[float]] = {name: [] for name in ["floor", *commands]}
    for _ in range(args.runs):
        times["floor"].append(wall_ms(floor_command, floor_env))
        for name, argv in commands.items():
            times[name].append(wall_ms(argv))
    floor_p50 = statistics.median(times["floor"])
    extra = {}
    print(f"{'':14} {'p50':>8} {'p95':>8} {'ratio':>6}  goal")
    print(f"{'floor':14} {floor_p50:6.0f}ms {percentile(times['floor'], 0.95):6.0f}ms")
    for name in commands:
        p50 = statistics.median(times[name])
        ratio = p50 / floor_p50
        goal = GOALS.get(name)
        verdict = "" if goal is None else f"≤ {goal} {'met' if ratio <= goal else 'NOT MET'}"
        p95 = percentile(times[name], 0.95)
        print(f"{name:14} {p50:6.0f}ms {p95:6.0f}ms {ratio:6.2f}  {verdict}")
        key = name.strip("-").replace(" --", "_")
        extra |= {f"{key}_p50_ms": round(p50, 1), f"{key}_ratio": round(ratio, 2)}
    report("startup", args.n, times["tonight"], times["floor"], runs=args.runs, **extra)


def prepare_network(count: int) -> None:
    """One account with `count` contacts around the cities of the tonight benchmark."""
    from django.contrib.auth import get_user_model

    from tafelrunde.network.places import find_place

    places = [find_place(name) for name, _weight in CITIES]
    weights = [weight for _name, weight in CITIES]
    owner = get_user_model().objects.create_user("bench", password="bench")
    network(owner, count, random.Random(2004), places, weights)


def compile_bytecode() -> None:
    """Compile our code and the installed packages, as an installed program would have them."""
    import tafelrunde

    paths = sysconfig.get_paths()
    for folder in {paths["purelib"], paths["platlib"], os.path.dirname(tafelrunde.__file__)}:
        compileall.compile_dir(folder, quiet=2, workers=0)


def minimal_django() -> tuple[list[str], dict]:
    """The floor's command line and environment: its own settings, database (migrated here)
    and program."""
    folder = tempfile.mkdtemp(prefix="tafelrunde-bench-minimal-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    database = os.path.join(folder, "db.sqlite3")
    Path(folder, "minimal_settings.py").write_text(MINIMAL_SETTINGS % {"database": database})
    program = Path(folder, "minimal.py")
    program.write_text(MINIMAL_PROGRAM)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minimal_settings", "PYTHONPATH": folder}
    migrate = "import django; django.setup(); from django.core.management import call_command;"
    migrate += "call_command('migrate', verbosity=0)"
    subprocess.run([sys.executable, "-c", migrate], check=True, env=env)
    return [sys.executable, str(program)], env


def wall_ms(argv: list[str], env: dict | None = None) -> float:
    """Wall time of one whole process, in milliseconds; it must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
