"""Import N generated vCards into a network of 100,000 contacts, against the parser alone.

uv run python benchmarks/import_vcards.py [--n 10000] [--existing 100000] [--database-url URL]
Each import runs as a dry run (the full work, rolled back), so every run starts equal.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import arguments, django_for_benchmark, report, timings

CITIES = [
    ("Dresden", "01067", "+49351"),
    ("München", "80331", "+4989"),
    ("Hamburg", "20095", "+4940"),
    ("Köln", "50667", "+49221"),
    ("Leipzig", "04109", "+49341"),
    ("Stuttgart", "70173", "+49711"),
    ("Nürnberg", "90402", "+49911"),
    ("Frankfurt am Main", "60311", "+4969"),
    ("Düsseldorf", "40213", "+49211"),
    ("Berlin", "10115", "+4930"),
]
GIVEN = ["Jörg", "Anna", "Thomas", "Katrin", "Uwe", "Bärbel", "Stefan", "Sabine", "Jürgen", "Eva"]
FAMILY = ["Müller", "Schmidt", "Weiß", "Köhler", "Schäfer", "Groß", "Krüger", "Böhm", "Lehmann"]


def person(rng: random.Random, i: int, prefix: str) -> tuple[str, str, str, str, str, str]:
    city, postal, area = CITIES[i % len(CITIES)]
    given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)}-{prefix}{i}"
    email = f"{prefix}{i}@firma{i % 997}.example"
    phone = f"{area}{(1 if prefix == 'v' else 5) * 1000000 + i:07d}"
    return given, family, email, phone, city, postal


def vcard_file(n: int) -> bytes:
    rng = random.Random(2004)
    cards = []
    for i in range(n):
        given, family, email, phone, city, postal = person(rng, i, "v")
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{family};{given};;;\r\nFN:{given} {family}\r\n"
            f"ORG:Firma {i % 997} GmbH\r\nTITLE:Einkauf\r\n"
            f"TEL;TYPE=WORK,VOICE:{phone}\r\nTEL;TYPE=CELL:+4917{i:08d}\r\n"
            f"EMAIL;TYPE=INTERNET:{email}\r\n"
            f"ADR;TYPE=WORK:;;Hauptstraße {i % 200 + 1};{city};;{postal};Deutschland\r\n"
            "CATEGORIES:Kunde\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode()


def existing_network(owner, count: int) -> None:
    """`count` located contacts with a phone and an e-mail each, written in bulk."""
    from tafelrunde.network.models import Contact, Email, Phone
    from tafelrunde.network.places import find_place

    rng = random.Random(1998)
    places = [find_place(city) for city, _postal, _area in CITIES]
    for start in range(0, count, 5000):
        batch = []
        rows = [person(rng, i, "x") for i in range(start, min(count, start + 5000))]
        for i, (given, family, _email, _phone, _city, _postal) in enumerate(rows, start):
            contact = Contact(owner=owner, given_name=given, family_name=family, kinds=["customer"])
            contact.set_location(places[i % len(places)], "address", 0.9)
            contact.refresh_keys()
            batch.append(contact)
        Contact.objects.bulk_create(batch)
        Phone.objects.bulk_create(
            Phone(owner=owner, contact=c, number=row[3]) for c, row in zip(batch, rows, strict=True)
        )
        Email.objects.bulk_create(
            Email(owner=owner, contact=c, address=row[2])
            for c, row in zip(batch, rows, strict=True)
        )


def main() -> None:
    args = arguments(
        __doc__.splitlines()[0],
        default_n=10_000,
        extra=lambda p: p.add_argument("--existing", type=int, default=100_000),
    )
    django_for_benchmark(args.database_url)
    from django.contrib.auth import get_user_model

    from tafelrunde.core.importers.vcard import parse_vcards
    from tafelrunde.network.importing import import_files

    owner = get_user_model().objects.create_user("bench")
    existing_network(owner, args.existing)
    data = vcard_file(args.n)

    def parse_only() -> None:
        assert len(parse_vcards(data).contacts) == args.n

    def full_import() -> None:
        report_ = import_files(owner, [("bench.vcf", data)], dry_run=True)
        assert report_.created == args.n, report_.as_json()

    floor = timings(parse_only, args.runs)
    measured = timings(full_import, args.runs)
    from django.db import connection

    report(
        "import_vcards", args.n, measured, floor, existing=args.existing, database=connection.vendor
    )


if __name__ == "__main__":
    main()
