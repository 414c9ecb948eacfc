"""Import N generated vCards as a whole process, against vobject parsing the same file.

uv run python benchmarks/import_vcards.py [--n 10000] [--small 2000] [--existing 100000]
                                          [--runs 3] [--database-url URL]

The cards have realistic namesakes (names drawn from a few hundred first and last names, as
in a big LinkedIn export). Measured: `tafelrunde import FILE` as its own process, committed
(not a dry run), into an account with no contacts and into one with --existing contacts;
after each run the imported contacts are deleted again, so every run starts equal. Floor:
a process that reads the same file with vobject. Also: the time per card at two file sizes,
and the peak memory of the import process beyond that of importing a one-card file, for
this file and for an 18 MB quoted-printable card.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import arguments, django_for_benchmark, report


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    """
Thomas Michael Andreas Stefan Peter Frank Christian Markus Martin Jörg Jürgen Uwe Klaus
Wolfgang Dirk Matthias Sven Holger Ralf Bernd Alexander Daniel Tobias Florian Sebastian Jan
Philipp Maximilian Lukas Felix Jonas Tim Niklas Moritz Paul Simon David Johannes Oliver Marco
Kai Jens Torsten Heiko Olaf Lars Björn Carsten Axel Rainer Norbert Günter Horst Dieter Manfred
Werner Helmut Karl Heinz Hans Georg Friedrich Ludwig Anton Josef Franz Erik Henrik Ole Mats
Lennart Luca Marco Paolo Giovanni Carlos José Pedro Pierre Jean Louis Nicolas John James Robert
William Richard Mark Steven Andrew Kevin Brian Anna Maria Julia Laura Sarah Lisa Katharina
Christina Sandra Nicole Stefanie Melanie Claudia Susanne Sabine Petra Andrea Birgit Katrin
Kerstin Anja Silke Heike Bärbel Ute Monika Gabriele Renate Ursula Elke Karin Brigitte Ingrid
Helga Eva Lena Lea Hannah Sophie Marie Emma Mia Clara Johanna Charlotte Amelie Leonie Franziska
Theresa Veronika Miriam Nina Jana Tanja Yvonne Daniela Simone Martina Manuela Annette Doris
Beate Dagmar Jutta Marion Cornelia Ines Ivana Elena Sofia Chiara Giulia Camille Chloé Inès
Emily Jessica Jennifer Emily Olivia Grace
"""
)
LAST = _words(
    """
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange
Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter
Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich
Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon
Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel
Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch
Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Rossi Russo Ferrari Esposito Bianchi Romano
Colombo Ricci Marino Greco García Fernández González Rodríguez López Martínez Sánchez Pérez
Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Smith Johnson Williams
Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson White Harris Clark Lewis Walker
Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill Nowak Kowalski Wiśniewski
Wójcik Kowalczyk Kamiński Lewandowski Zieliński Novák Svoboda Nielsen Jensen Hansen Pedersen
Andersen Larsen Johansson Andersson Karlsson Nilsson Eriksson Jansen Bakker Janssen Visser Smit
Meijer Mulder Bos Vos Dekker Brouwer Dijkstra Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın
Özdemir Arslan Doğan Kılıç Aslan Çetin
"""
)
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
ROLES = ["Einkauf", "Geschäftsführer", "Vertrieb", "CTO", "Projektleiterin", "Partner", ""]


def person(rng: random.Random, i: int, prefix: str) -> dict:
    """One person; the file's ("v") and the network's ("x") never share a firm, a phone
    or an e-mail, so nobody merges and every run does the same work."""
    city, postal, area = CITIES[i % len(CITIES)]
    firm = "Firma {} GmbH" if prefix == "v" else "Werk {} AG"
    return {
        "given": rng.choice(FIRST),
        "family": rng.choice(LAST),
        "organisation": firm.format(rng.randrange(2000)),
        "role": rng.choice(ROLES),
        "email": f"{prefix}{i}@firma{i % 997}.example",
        "phone": f"{area}{(1 if prefix == 'v' else 5) * 1000000 + i:07d}",
        "mobile": f"+4917{(1 if prefix == 'v' else 5)}{i:07d}",
        "city": city,
        "postal": postal,
    }


def vcard_file(n: int, seed: int = 2004) -> bytes:
    rng = random.Random(seed)
    cards = []
    for i in range(n):
        p = person(rng, i, "v")
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{p['family']};{p['given']};;;\r\nFN:{p['given']} {p['family']}\r\n"
            f"ORG:{p['organisation']}\r\nTITLE:{p['role']}\r\n"
            f"TEL;TYPE=WORK,VOICE:{p['phone']}\r\nTEL;TYPE=CELL:{p['mobile']}\r\n"
            f"EMAIL;TYPE=INTERNET:{p['email']}\r\n"
            f"ADR;TYPE=WORK:;;Hauptstraße {i % 200 + 1};{p['city']};;{p['postal']};Deutschland\r\n"
            "CATEGORIES:Kunde\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode()


def quoted_printable_card(size: int) -> bytes:
    """One 2.1 card of about `size` bytes: a long quoted-printable note (umlauts) and tens of
    thousands of quoted-printable phone and e-mail lines, as the 18 MB card of issue 12."""
    words = "Gr=C3=BC=C3=9Fe aus M=C3=BCnchen und K=C3=B6ln " * (size * 6 // 10 // 45)
    note = "=\r\n".join(words[i : i + 74] for i in range(0, len(words), 74))
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gro=C3=9F;H=C3=A4nsel;;;",
        "FN:Haensel Gross",
        f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{note}",
    ]
    used, i = sum(map(len, lines)), 0
    while used < size:
        tel = f"TEL;WORK;ENCODING=QUOTED-PRINTABLE:=2B49 351 {i:07d}"
        mail = f"EMAIL;INTERNET;ENCODING=QUOTED-PRINTABLE:p{i}=40example.com"
        lines += [tel, mail]
        used, i = used + len(tel) + len(mail) + 4, i + 1
    return ("\r\n".join([*lines, "END:VCARD"]) + "\r\n").encode()


def existing_network(owner, count: int) -> None:
    """`count` located contacts of the same few hundred names, with a phone and an e-mail."""
    from tafelrunde.network.models import Contact, Email, Phone
    from tafelrunde.network.places import find_place

    rng = random.Random(1998)
    places = [find_place(city) for city, _postal, _area in CITIES]
    for start in range(0, count, 5000):
        rows = [person(rng, i, "x") for i in range(start, min(count, start + 5000))]
        batch = []
        for i, p in enumerate(rows, start):
            contact = Contact(
                owner=owner,
                given_name=p["given"],
                family_name=p["family"],
                organisation=p["organisation"],
                kinds=["customer"],
            )
            contact.set_location(places[i % len(places)], "address", 0.9)
            contact.refresh_keys()
            batch.append(contact)
        Contact.objects.bulk_create(batch)
        pairs = list(zip(batch, rows, strict=True))
        Phone.objects.bulk_create(
            Phone(owner=owner, contact=c, number=p["phone"]) for c, p in pairs
        )
        Email.objects.bulk_create(
            Email(owner=owner, contact=c, address=p["email"]) for c, p in pairs
        )
    # As if imported: namesakes in the network are grouped already.
    from tafelrunde.network.namesakes import group_namesakes

    group_namesakes(owner, Contact.objects.filter(owner=owner).values_list("name_key", flat=True))
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum would after such a load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


VOBJECT = """
import sys, vobject
with open(sys.argv[1], encoding="utf-8") as file:
    count = sum(1 for card in vobject.readComponents(file) if card.contents)
assert count == int(sys.argv[2]), count
"""


def run_process(argv: list[str], env: dict) -> tuple[float, int]:
    """(wall milliseconds, peak resident kilobytes) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    out, err = process.stdout.read(), process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(argv[:3])} failed:\n{out.decode()}\n{err.decode()}")
    return elapsed, usage.ru_maxrss


class Bench:
    """The benchmark's database: one account, and the import command run against it."""

    def __init__(self, owner, folder: Path):
        self.owner = owner
        self.folder = folder
        self.env = dict(os.environ)

    def file(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def import_once(self, path: Path, expected: int) -> tuple[float, int]:
        from django.db.models import Count

        from tafelrunde.network.models import Contact, NamesakeGroup

        before = Contact.objects.filter(owner=self.owner).order_by("-id").first()
        argv = ["tafelrunde", "import", str(path), "--user", "bench", "--json"]
        elapsed, peak = run_process(argv, self.env)
        new = Contact.objects.filter(owner=self.owner, id__gt=before.id if before else 0)
        created = new.count()
        assert created >= expected * 0.9, f"only {created} of {expected} cards became contacts"
        new.delete()  # every run starts from the same network
        # Groups the import made or grew: only the network's own namesakes stay grouped.
        lonely = NamesakeGroup.objects.filter(owner=self.owner).annotate(n=Count("members"))
        lonely.filter(n__lt=2).delete()
        return elapsed, peak

    def imports(self, path: Path, expected: int, runs: int) -> tuple[list[float], int]:
        self.import_once(path, expected)  # warm-up: bytecode, page cache
        results = [self.import_once(path, expected) for _ in range(runs)]
        return [ms for ms, _peak in results], max(peak for _ms, peak in results)


def vobject_floor(path: Path, n: int, runs: int) -> list[float]:
    argv = [sys.executable, "-c", VOBJECT, str(path), str(n)]
    run_process(argv, dict(os.environ))
    return [run_process(argv, dict(os.environ))[0] for _ in range(runs)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    args = arguments(
        __doc__.splitlines()[0],
        default_n=10_000,
        extra=lambda p: (
            p.add_argument("--existing", type=int, default=100_000),
            p.add_argument("--small", type=int, default=2_000, help="the smaller file's cards"),
            p.add_argument("--qp-mb", type=float, default=18, help="size of the hostile card"),
        ),
    )
    if "--runs" not in sys.argv:
        args.runs = 3
    django_for_benchmark(args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection

    owner = get_user_model().objects.create_user("bench")
    bench = Bench(owner, Path(tempfile.mkdtemp(prefix="tafelrunde-bench-files-")))
    big = bench.file("big.vcf", vcard_file(args.n))
    small = bench.file("small.vcf", vcard_file(args.small, seed=1))
    one = bench.file("one.vcf", vcard_file(1, seed=7))
    qp = bench.file("qp.vcf", quoted_printable_card(int(args.qp_mb * 1_000_000)))
    print(
        f"files: {args.n} cards {big.stat().st_size / 1e6:.1f} MB, {args.small} cards, "
        f"quoted-printable card {qp.stat().st_size / 1e6:.1f} MB",
        file=sys.stderr,
    )

    floor = vobject_floor(big, args.n, args.runs)
    _ms, baseline_kb = bench.imports(one, 1, 1)
    empty, empty_peak_kb = bench.imports(big, args.n, args.runs)
    smaller, _peak = bench.imports(small, args.small, args.runs)
    _ms, qp_peak_kb = bench.imports(qp, 1, 1)
    existing_network(owner, args.existing)
    crowded, crowded_peak_kb = bench.imports(big, args.n, args.runs)

    def extra_memory(peak_kb: int, path: Path) -> float:
        """Peak memory beyond a one-card import, as a multiple of the file's size."""
        return round((peak_kb - baseline_kb) * 1024 / path.stat().st_size, 1)

    figures = {
        "cards": args.n,
        "file_mb": round(big.stat().st_size / 1e6, 2),
        "import_empty_p50_ms": round(median(empty)),
        "import_existing_p50_ms": round(median(crowded)),
        "existing": args.existing,
        "ratio_empty": round(median(empty) / median(floor), 2),
        "ms_per_card_small": round(median(smaller) / args.small, 3),
        "ms_per_card_big": round(median(empty) / args.n, 3),
        "ms_per_card_big_existing": round(median(crowded) / args.n, 3),
        "vobject_ms_per_card": round(median(floor) / args.n, 3),
        "baseline_rss_mb": round(baseline_kb / 1024),
        "memory_x_file_big": extra_memory(max(empty_peak_kb, crowded_peak_kb), big),
        "qp_card_mb": round(qp.stat().st_size / 1e6, 1),
        "memory_x_file_qp": extra_memory(qp_peak_kb, qp),
        "database": connection.vendor,
    }
    print(json.dumps(figures, indent=1), file=sys.stderr)
    report("import_vcards", args.n, crowded, floor, **figures)


if __name__ == "__main__":
    main()
