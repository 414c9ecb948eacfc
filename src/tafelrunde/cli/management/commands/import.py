from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.cli.base import TafelrundeCommand
from tafelrunde.core.importers.detect import FORMATS


class Command(TafelrundeCommand):
    help = (
        "Import contacts (vCard, Google/Outlook/Thunderbird/LinkedIn CSV) or trips (.ics);"
        " safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="files to import")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="the files' format (default: recognised from the content)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would happen without changing anything",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        from tafelrunde.exchange.importing import ImportFailed, import_files

        owner = self.owner(options)
        files = [(Path(name).name, read(name)) for name in options["files"]]
        with progress_bar(self.stderr) as progress:
            try:
                report = import_files(owner, files, options["format"], options["dry_run"], progress)
            except ImportFailed as exc:
                message = _("%(problem)s. Nothing was imported.") % {"problem": exc}
                raise CommandError(message) from None
        if options["json"]:
            self.print_json(report.as_json())
        else:
            self.stdout.write(summary(report, options["dry_run"]))


def read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except IsADirectoryError:
        raise CommandError(_("%(name)s is a folder, not a file.") % {"name": name}) from None
    except OSError as exc:
        message = _("Cannot read %(name)s: %(reason)s.")
        raise CommandError(message % {"name": name, "reason": exc.strerror}) from None


class progress_bar:
    """A bar on the terminal for large imports; silent when stderr is not a terminal."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None

    def __enter__(self):
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit=" records", file=self.stream._out, leave=False, mininterval=0.5)
        return self.update

    def update(self, done: int, total: int | None = None) -> None:
        if self.bar is None:
            return
        if total:
            self.bar.total = (self.bar.total or 0) + total
            self.bar.refresh()
        self.bar.update(done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


def summary(report, dry_run: bool) -> str:
    counts = {
        "new": report.created,
        "merged": report.merged,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
    }
    if dry_run:
        line = _(
            "Would import: %(new)d new, %(merged)d merged, %(updated)d updated,"
            " %(unchanged)d unchanged, %(failed)d failed."
        )
    else:
        line = _(
            "Imported: %(new)d new, %(merged)d merged, %(updated)d updated,"
            " %(unchanged)d unchanged, %(failed)d failed."
        )
    lines = [line % counts]
    if report.trips_created or report.trips_updated or report.trips_unchanged:
        trips = {
            "new": report.trips_created,
            "updated": report.trips_updated,
            "unchanged": report.trips_unchanged,
        }
        lines.append(_("Trips: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % trips)
    if report.suggestions:
        lines.append(
            ngettext(
                "%(count)d contact may be someone you already know:"
                " see “You may already know…” in the web app.",
                "%(count)d contacts may be people you already know:"
                " see “You may already know…” in the web app.",
                report.suggestions,
            )
            % {"count": report.suggestions}
        )
    from tafelrunde.exchange.importing import translated_message

    for entry in [*report.errors, *report.warnings]:
        line = _("%(source)s, record %(record)s: %(message)s")
        where = {"source": entry["source"], "record": entry["record"]}
        lines.append("  " + line % {**where, "message": translated_message(entry)})
    return "\n".join(lines)
