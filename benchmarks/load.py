"""No lost writes: several devices write through the API of a running `tafelrunde serve`.

uv run python benchmarks/load.py [--clients 8] [--attempts 200] [--meals 20] [--workers 4]
                                 [--database-url URL]

One account, one API token per client (a phone, a laptop, a script …), a trip and contacts
in Munich. Each client records its attempts (spread over the trip's evenings, so clients
race to begin the same evening) and its meals through the API, one request after another
with a kept-alive connection. Afterwards every write is looked up in the database by its
unique note: present exactly once, or counted as lost or duplicated. A failed request is any
answer but 201, or no answer ("database is locked" would be a 500, and counts).

The floor is a read through the same server (one contact by id); the last line is the JSON
object of benchmarks/README.md with the write and error counts added. Exit status 1 when a
request failed or a write was lost or duplicated. With --database-url, the database named
there is emptied first (it is created when missing).

--team: the clients are members of one team (20 by default), each an account of its own
sharing all its contacts and trips; all know the same ten people in Munich (the same e-mail
addresses) and travel there. Each member also adds a contact and reads its Tonight list every
tenth attempt, while this process reads the first member's Tonight with the colleagues'
section (teams.colleagues.team_tonight) until the writers are done. Afterwards, besides every
attempt and meal, every added contact is looked up, evenings are counted per member, and the
first member's list must carry a colleague's note on each of the ten people.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_for_benchmark, percentile

PROGRAM = [sys.executable, "-m", "tafelrunde.cli"]
EVENINGS = 5  # the trip's evenings the attempts are spread over
OUTCOMES = ["declined", "no-answer", "call-back", "away", "accepted"]


@dataclass
class Client:
    number: int
    token: str
    contact_ids: list[int]
    write_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    tonight_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def main() -> int:
    options = parse_arguments()
    if options.database_url:
        ensure_postgres_database(options.database_url)
    django_for_benchmark(options.database_url)
    if options.team:
        clients, reader = prepare_team(options.clients, contacts_per_client=10)
    else:
        clients, reader = prepare(options.clients, contacts_per_client=10), None
    port = free_port()
    server = start_server(port, options.workers)
    try:
        started = time.perf_counter()
        run_clients(clients, port, options.attempts, options.meals, reader)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    if reader:
        return summarize_team(options, clients, reader, elapsed)
    return summarize(options, clients, elapsed)


def parse_arguments():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, help="concurrent clients (8; 20 with --team)")
    parser.add_argument("--attempts", type=int, default=200, help="attempts each client logs")
    parser.add_argument("--meals", type=int, default=20, help="meals each client adds")
    parser.add_argument("--workers", type=int, default=4, help="server worker processes")
    parser.add_argument("--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/load")
    parser.add_argument(
        "--team", action="store_true", help="the clients are members of one team sharing all"
    )
    options = parser.parse_args()
    if options.clients is None:
        options.clients = 20 if options.team else 8
    return options


def ensure_postgres_database(url: str) -> None:
    """Create the database the URL names when it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def prepare(clients: int, contacts_per_client: int) -> list[Client]:
    """One account with a trip to Munich, contacts there, and one API token per client."""
    from django.contrib.auth import get_user_model

    from tafelrunde.api.tokens import create_token
    from tafelrunde.network.models import Contact
    from tafelrunde.travel.models import Trip

    owner = get_user_model().objects.create_user("traveller", password="load test only")
    munich = munich_place()
    today = dt.date.today()
    Trip.objects.create(owner=owner, place=munich, start=today, end=today + dt.timedelta(EVENINGS))
    result = []
    for number in range(clients):
        contacts = [
            Contact.objects.create(
                owner=owner,
                given_name=f"Guest {number}-{index}",
                place=munich,
                latitude=munich.latitude,
                longitude=munich.longitude,
            )
            for index in range(contacts_per_client)
        ]
        token = create_token(owner, f"device {number}").secret
        result.append(Client(number, token, [contact.pk for contact in contacts]))
    return result


def munich_place():
    from tafelrunde.network.models import Place

    munich, _ = Place.objects.get_or_create(
        geonameid=2867714,
        defaults={
            "name": "Munich",
            "country": "DE",
            "latitude": 48.13743,
            "longitude": 11.57549,
            "timezone": "Europe/Berlin",
        },
    )
    return munich


def prepare_team(clients: int, contacts_per_client: int):
    """Members of one team, each with its own token: see benchmarks/_team_load.py."""
    from _team_load import prepare_team as prepare_members

    return prepare_members(clients, contacts_per_client, munich_place(), Client, EVENINGS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    """`tafelrunde serve` on the benchmark's database, once it answers."""
    server = subprocess.Popen(
        [*PROGRAM, "serve", "--port", str(port), "--workers", str(workers)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError as exc:
            if server.poll() is not None:
                message = f"tafelrunde serve ended with status {server.returncode}"
                raise SystemExit(message) from exc
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("tafelrunde serve did not answer within 60 s")


def run_clients(clients: list[Client], port: int, attempts: int, meals: int, reader=None) -> None:
    team = reader is not None
    threads = [
        threading.Thread(target=run_client, args=(client, port, attempts, meals, team))
        for client in clients
    ]
    for thread in threads:
        thread.start()
    if reader:
        reading = threading.Thread(target=reader.run)
        reading.start()
    for thread in threads:
        thread.join()
    if reader:
        reader.done.set()
        reading.join()


def run_client(client: Client, port: int, attempts: int, meals: int, team: bool = False) -> None:
    """Log `attempts` calls and `meals` meals, one request at a time, reading now and then
    (in a team, also adding a contact and reading Tonight every tenth attempt)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    today = dt.date.today()
    meal_every = max(1, attempts // max(1, meals))
    meals_added = 0
    for index in range(attempts):
        contact_id = client.contact_ids[index % len(client.contact_ids)]
        body = {
            "contact_id": contact_id,
            "outcome": OUTCOMES[index % len(OUTCOMES)],
            "date": (today + dt.timedelta(index % EVENINGS)).isoformat(),
            "note": attempt_note(client.number, index),
        }
        send(client, connection, "POST", "/api/v1/attempts", body, client.write_ms)
        if index % meal_every == meal_every - 1 and meals_added < meals:
            add_meal(client, connection, meals_added, contact_id, today)
            meals_added += 1
        if index % 10 == 0:
            send(client, connection, "GET", f"/api/v1/contacts/{contact_id}", None, client.read_ms)
        if team and index % 10 == 0:
            body = {"full_name": added_contact(client.number, index), "organisation": "Messe"}
            send(client, connection, "POST", "/api/v1/contacts", body, client.write_ms)
            send(client, connection, "GET", "/api/v1/tonight", None, client.tonight_ms)
    while meals_added < meals:
        add_meal(client, connection, meals_added, client.contact_ids[0], today)
        meals_added += 1
    connection.close()


def add_meal(client: Client, connection, index: int, contact_id: int, today: dt.date) -> None:
    body = {
        "date": (today + dt.timedelta(index % EVENINGS)).isoformat(),
        "participants": [contact_id],
        "restaurant": "Augustiner Stammhaus",
        "amount": f"{40 + index}.50",
        "currency": "EUR",
        "business": True,
        "occasion": meal_occasion(client.number, index),
    }
    send(client, connection, "POST", "/api/v1/meals", body, client.write_ms)


def attempt_note(client: int, index: int) -> str:
    return f"load c{client} a{index}"


def meal_occasion(client: int, index: int) -> str:
    return f"load c{client} m{index}"


def added_contact(client: int, index: int) -> str:
    return f"load c{client} k{index}"


def send(client: Client, connection, method: str, path: str, body, timings: list) -> None:
    """One request; its time goes to `timings`, anything but success to the failures."""
    headers = {"Authorization": f"Bearer {client.token}"}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    expected = 201 if method == "POST" else 200
    started = time.perf_counter()
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
    except (OSError, http.client.HTTPException) as exc:
        connection.close()  # reconnects on the next request
        client.failures.append(f"{method} {path}: {type(exc).__name__}: {exc}")
        return
    timings.append((time.perf_counter() - started) * 1000)
    if response.status != expected:
        client.failures.append(f"{method} {path}: {response.status} {text[:200]}")


def summarize_team(options, clients: list[Client], reader, elapsed: float) -> int:
    """As summarize, for the members of a team: also every added contact, evenings per
    member, the colleagues' notes, and the Tonight reads (the server's and team_tonight)."""
    from _team_load import team_checks

    expected = Counter(
        added_contact(client.number, index)
        for client in clients
        for index in range(0, options.attempts, 10)
    )
    checks = team_checks(reader, expected, people=len(clients[0].contact_ids))
    tonight = [ms for client in clients for ms in client.tonight_ms]
    extra = {
        "name": "load-team",
        "members": len(clients),
        "contacts_added": sum(expected.values()),
        **checks,
        "tonight_p50_ms": round(statistics.median(tonight), 1) if tonight else None,
        "team_tonight_reads": len(reader.ms),
        "team_tonight_p50_ms": round(statistics.median(reader.ms), 1) if reader.ms else None,
        "team_tonight_failures": len(reader.failures),
    }
    for failure in reader.failures[:10]:
        print("failed:", failure, file=sys.stderr)
    status = summarize(options, clients, elapsed, extra, evenings_by_date=False)
    bad = checks["contacts_lost"] or checks["contacts_duplicated"] or checks["evenings_duplicated"]
    return 1 if status or bad or checks["colleague_notes_missing"] or reader.failures else 0


def summarize(
    options, clients: list[Client], elapsed: float, extra=None, evenings_by_date=True
) -> int:
    """Check every write against the database; print the figures; 0 when nothing was lost.
    `extra` figures are added to the JSON line (and may rename it)."""
    from tafelrunde.evenings.models import Attempt, Evening
    from tafelrunde.meals.models import Meal

    expected_notes = Counter(
        attempt_note(client.number, index)
        for client in clients
        for index in range(options.attempts)
    )
    expected_occasions = Counter(
        meal_occasion(client.number, index) for client in clients for index in range(options.meals)
    )
    stored_notes = Counter(
        Attempt.objects.filter(note__startswith="load ").values_list("note", flat=True)
    )
    stored_occasions = Counter(
        Meal.objects.filter(occasion__startswith="load ").values_list("occasion", flat=True)
    )
    lost = sum((expected_notes - stored_notes).values()) + sum(
        (expected_occasions - stored_occasions).values()
    )
    duplicated = sum((stored_notes - expected_notes).values()) + sum(
        (stored_occasions - expected_occasions).values()
    )
    evenings_duplicated = 0
    if evenings_by_date:  # one account: one evening per date (a team: see team_checks)
        dates = Evening.objects.values_list("date", flat=True)
        evenings_duplicated = len(dates) - len(set(dates))
    failures = [failure for client in clients for failure in client.failures]
    for failure in failures[:10]:
        print("failed:", failure, file=sys.stderr)
    writes = [ms for client in clients for ms in client.write_ms]
    reads = [ms for client in clients for ms in client.read_ms]
    from django.db import connection

    result = {
        "name": "load",
        "n": sum(expected_notes.values()) + sum(expected_occasions.values()),
        "p50_ms": round(statistics.median(writes), 1) if writes else None,
        "p95_ms": round(percentile(writes, 0.95), 1) if writes else None,
        "floor_p50_ms": round(statistics.median(reads), 1) if reads else None,
        "ratio": round(statistics.median(writes) / statistics.median(reads), 2)
        if writes and reads
        else None,
        "database": connection.vendor,
        "clients": options.clients,
        "workers": options.workers,
        "writes_per_s": round(len(writes) / elapsed, 1),
        "failed_requests": len(failures),
        "lost_writes": lost,
        "duplicated_writes": duplicated + evenings_duplicated,
    }
    if extra:
        result |= extra
        if "contacts_lost" in extra:  # the team's added contacts are writes too
            result["n"] += extra["contacts_added"]
            result["lost_writes"] += extra["contacts_lost"]
            result["duplicated_writes"] += extra["contacts_duplicated"]
            result["duplicated_writes"] += extra["evenings_duplicated"]
    print(json.dumps(result))
    return 1 if failures or lost or duplicated or evenings_duplicated else 0


if __name__ == "__main__":
    sys.exit(main())
