from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.atomic_files import OutputError, atomic_output
from tafelrunde.cli.base import TafelrundeCommand, parse_day, write_file_atomically


class Command(TafelrundeCommand):
    help = (
        "Meal expenses of a date range for the accountant: CSV, or a DATEV batch with a ZIP "
        "of the receipts and bills."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", metavar="D", required=True, help="first day")
        parser.add_argument("--to", dest="end", metavar="D", required=True, help="last day")
        parser.add_argument(
            "--format",
            choices=("csv", "datev"),
            default="csv",
            help="csv (every meal; default) or datev (business meals booked as a DATEV "
            "batch, and FILE.zip with their receipts and bills)",
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="the file to write (csv: standard output without it; datev: required)",
        )
        parser.add_argument("--json", action="store_true", help="the summary as JSON (datev)")

    def handle(self, *args, **options):
        from tafelrunde.meals.expenses import export_expenses_csv

        owner = self.owner(options)
        start = parse_day(options["start"], "--from")
        end = parse_day(options["end"], "--to")
        if start > end:
            raise CommandError(_("The first day must not be after the last day."))
        if options["format"] == "datev":
            self.write_datev(owner, start, end, options)
            return
        if options["json"]:
            raise CommandError(_("--json goes with --format datev (the CSV is the answer)."))
        text = export_expenses_csv(owner, start, end)
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        write_file_atomically(path, text.encode("utf-8"))
        self.stderr.write(_("Wrote the expenses to %(path)s.") % {"path": path})

    def write_datev(self, owner, start, end, options) -> None:
        from tafelrunde.meals.datev_export import ExportRefused, datev_export
        from tafelrunde.meals.documents_zip import write_documents_zip
        from tafelrunde.meals.models import accounting_settings_for

        if not options["output"]:
            raise CommandError(_("--format datev needs --output FILE (FILE.zip is written too)."))
        path = Path(options["output"])
        archive_path = path.with_name(path.name + ".zip")
        try:
            export = datev_export(owner, accounting_settings_for(owner), start, end)
        except ExportRefused as exc:
            raise CommandError(str(exc)) from None
        try:
            with atomic_output(archive_path) as archive:
                files = write_documents_zip(owner, start, end, archive)
        except OutputError as exc:
            raise CommandError(str(exc)) from None
        write_file_atomically(path, export.batch)
        self.report(export, path, archive_path, files, options["json"])

    def report(self, export, path: Path, archive_path: Path, files: int, as_json: bool) -> None:
        skipped = [
            {"meal": item.meal.pk, "date": item.meal.date.isoformat(), "reason": item.skipped}
            for item in export.skipped
        ]
        notes = [
            {"meal": item.meal.pk, "date": item.meal.date.isoformat(), "note": item.note}
            for item in export.meals
            if item.note and not item.skipped
        ]
        if as_json:
            self.print_json(
                {
                    "output": str(path),
                    "documents": str(archive_path),
                    "bookings": export.bookings,
                    "meals": len(export.booked),
                    "files": files,
                    "notes": notes,
                    "skipped": skipped,
                    "warnings": export.warnings,
                }
            )
        else:
            done = ngettext(
                "Wrote %(bookings)s bookings for %(meals)s meal to %(path)s and "
                "%(files)s receipts and bills to %(archive)s.",
                "Wrote %(bookings)s bookings for %(meals)s meals to %(path)s and "
                "%(files)s receipts and bills to %(archive)s.",
                len(export.booked),
            )
            values = {"bookings": export.bookings, "meals": len(export.booked), "files": files}
            self.stdout.write(done % {**values, "path": path, "archive": archive_path})
            for note in notes:
                self.stdout.write(_("Meal %(meal)s (%(date)s): %(note)s.") % note)
        for item in skipped:
            message = _("Skipped meal %(meal)s (%(date)s): %(reason)s.") % item
            self.stderr.write(message)
        for warning in export.warnings:
            self.stderr.write(f"Warning: {warning}")  # the prefix, like "Error: ", for scripts
