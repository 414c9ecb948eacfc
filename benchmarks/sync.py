"""Sync an address book of N cards from a local Radicale, against importing the same cards
from a file.

uv run python benchmarks/sync.py [--n 10000] [--runs 1] [--database-url URL]

Radicale (from the dev dependencies) runs on a free loopback port with the cards written
into its storage. Measured, in one process on one database: (1) the first sync of the
address book into an empty account, (2) a sync with nothing changed: its HTTP requests and
whether it wrote any contact, (3) the floor: `import_files` of the same cards as one vCard
file into another empty account. The last line is the JSON of benchmarks/README.md, with
`ratio` = first sync / file import (the issue asks for at most 2).
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from _setup import arguments, django_for_benchmark, report  # noqa: E402
from import_vcards import vcard_file  # noqa: E402


def main() -> None:
    args = arguments(__doc__.splitlines()[0], default_n=10_000)
    args.runs = max(1, args.runs)
    django_for_benchmark(args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tests.sync.radicale_server import USERS, RadicaleServer

    from tafelrunde.exchange.importing import import_files
    from tafelrunde.network.models import Contact
    from tafelrunde.sync import http as sync_http
    from tafelrunde.sync.run import run_sync
    from tafelrunde.sync.sources import add_source

    data = vcard_file(args.n)
    cards = re.findall(rb"BEGIN:VCARD.*?END:VCARD\r\n", data, re.S)
    users = get_user_model().objects
    with RadicaleServer(Path(tempfile.mkdtemp(prefix="tafelrunde-radicale-"))) as server:
        server.make_address_book("anna", "contacts", "Kontakte")
        server.seed_files(
            "anna",
            "contacts",
            {
                f"card-{i}.vcf": card.replace(
                    b"VERSION:3.0\r\n", f"VERSION:3.0\r\nUID:bench-{i}\r\n".encode(), 1
                )
                for i, card in enumerate(cards)
            },
        )
        firsts, floors = [], []
        for run in range(args.runs):
            syncer = users.create_user(f"sync{run}")
            source = add_source(
                syncer, "carddav", server.url, username="anna", password=USERS["anna"]
            )
            start = time.perf_counter()
            result = run_sync(source, "bench")
            firsts.append((time.perf_counter() - start) * 1000)
            assert result.error is None, result.error
            assert Contact.objects.filter(owner=syncer).count() > 0.9 * args.n

            importer = users.create_user(f"import{run}")
            start = time.perf_counter()
            import_files(importer, [("cards.vcf", data)])
            floors.append((time.perf_counter() - start) * 1000)

        # A sync with nothing changed: count its requests and the writes to contacts.
        made = []
        original = sync_http.Http.request

        def counting(self, *a, **k):
            made.append(a[0])
            return original(self, *a, **k)

        sync_http.Http.request = counting
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            again = run_sync(source, "bench")
            idle_ms = (time.perf_counter() - start) * 1000
        sync_http.Http.request = original
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
            and "sync_source" not in q["sql"]
        ]
    print(
        f"first sync of {args.n} cards: {statistics.median(firsts):.0f} ms; file import "
        f"{statistics.median(floors):.0f} ms; unchanged sync {idle_ms:.0f} ms with "
        f"{len(made)} request(s) ({', '.join(made)}) and {len(writes)} write(s) beyond the "
        f"source's own row; counts {again.report.counts()}"
    )
    report(
        "sync_carddav_first",
        args.n,
        firsts,
        floors,
        unchanged_sync_ms=round(idle_ms, 1),
        unchanged_sync_requests=len(made),
        unchanged_sync_writes=len(writes),
    )


if __name__ == "__main__":
    main()
