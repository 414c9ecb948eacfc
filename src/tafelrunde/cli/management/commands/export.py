from pathlib import Path

from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand, write_file_atomically
from tafelrunde.exchange.exports import FORMATS, export_text


class Command(TafelrundeCommand):
    help = "Export everything you own as JSON, or your contacts as vCard or CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=list(FORMATS),
            default="json",
            help="json (everything; default), vcard or csv",
        )
        parser.add_argument(
            "--output", metavar="PATH", help="write to this file instead of standard output"
        )

    def handle(self, *args, **options):
        owner = self.owner(options)
        text = export_text(owner, options["format"])
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        write_file_atomically(path, text.encode("utf-8"))
        done = _("Exported %(format)s to %(path)s.")
        self.stderr.write(done % {"format": options["format"], "path": path})
