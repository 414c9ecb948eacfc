import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from tafelrunde.commands import TafelrundeCommand

FORMATS = ("json", "vcard", "csv")


class Command(TafelrundeCommand):
    help = "Export everything you own as JSON, or your contacts as vCard or CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="json",
            help="json (everything; default), vcard or csv",
        )
        parser.add_argument(
            "--output", metavar="PATH", help="write to this file instead of standard output"
        )

    def handle(self, *args, **options):
        owner = self.owner(options)
        text = render(owner, options["format"])
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        write_atomically(path, text)
        self.stderr.write(f"Exported {options['format']} to {path}.")


def render(owner, fmt: str) -> str:
    """The owner's export in `fmt` as text."""
    from tafelrunde.network import exchange

    if fmt == "vcard":
        return exchange.export_vcard(owner)
    if fmt == "csv":
        return exchange.export_csv(owner)
    return json.dumps(exchange.export_json(owner), ensure_ascii=False, indent=2) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` via a temporary file, so a reader never sees half of it."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder; give a file name.")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
