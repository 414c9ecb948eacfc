from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from tafelrunde.commands import TafelrundeCommand, write_file_atomically

if TYPE_CHECKING:
    from tafelrunde.owned import Owner

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
        write_file_atomically(path, text.encode("utf-8"))
        done = _("Exported %(format)s to %(path)s.")
        self.stderr.write(done % {"format": options["format"], "path": path})


def render(owner: Owner, fmt: str) -> str:
    """The owner's export in `fmt` as text."""
    from tafelrunde.network import exchange

    if fmt == "vcard":
        return exchange.export_vcard(owner)
    if fmt == "csv":
        return exchange.export_csv(owner)
    return json.dumps(exchange.export_json(owner), ensure_ascii=False, indent=2) + "\n"
