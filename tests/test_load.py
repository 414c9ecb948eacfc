"""No lost writes: a small run of benchmarks/load.py against a real `tafelrunde serve`.

Four clients with their own tokens write attempts and meals at the same time through two
server workers, on the database this test run uses (SQLite, or a PostgreSQL database of its
own next to the test database). The full run and its figures are in benchmarks/README.md.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.services import postgres_database_beside

LOAD_SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


def test_concurrent_clients_lose_no_write_and_see_no_error(tmp_path):
    database_url = postgres_database_beside("load")
    command = [sys.executable, str(LOAD_SCRIPT), "--clients", "4", "--attempts", "25"]
    command += ["--meals", "3", "--workers", "2"]
    if database_url:
        command += ["--database-url", database_url]
    env = {key: value for key, value in os.environ.items() if key != "TAFELRUNDE_DATABASE_URL"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.stdout.strip(), result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["n"] == 4 * (25 + 3)
    assert figures["database"] == ("postgresql" if database_url else "sqlite")
    assert figures["failed_requests"] == 0, result.stderr
    assert figures["lost_writes"] == 0
    assert figures["duplicated_writes"] == 0
    assert result.returncode == 0
