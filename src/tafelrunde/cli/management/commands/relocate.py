from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.cli.base import TafelrundeCommand
from tafelrunde.formatting import km


class Command(TafelrundeCommand):
    help = "Place every contact again with the current place index; places set by hand stay."
    acts_for_user = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would move without changing it"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        from tafelrunde.accounts.models import Profile
        from tafelrunde.network.models import Contact, Place
        from tafelrunde.network.places import gazetteer
        from tafelrunde.network.relocation import relocate_contacts

        report = relocate_contacts(
            Contact, Place, Profile, gazetteer(), dry_run=options["dry_run"]
        ).as_json()
        if options["json"]:
            self.print_json({**report, "dry_run": options["dry_run"]})
            return
        self.stdout.write(summary(report, options["dry_run"]))


def summary(report: dict, dry_run: bool) -> str:
    checked = ngettext(
        "Checked %(n)d contact located automatically.",
        "Checked %(n)d contacts located automatically.",
        report["checked"],
    ) % {"n": report["checked"]}
    moved = (
        ngettext("%(n)d would move", "%(n)d would move", report["moved"])
        if dry_run
        else ngettext("%(n)d moved", "%(n)d moved", report["moved"])
    )
    moved %= {"n": report["moved"]}
    if report["moved"]:
        moved += " " + _("(median %(median)s, at most %(max)s)") % {
            "median": km(report["median_km"]),
            "max": km(report["max_km"]),
        }
    located = _("%(located)d newly located, %(unlocated)d no longer located.") % report
    return f"{checked} {moved}; {located}"
