from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand, write_file_atomically

ACTIONS = ("approve", "history")
USAGE = """tafelrunde receipt MEAL_ID --output FILE.pdf [--language de|en]
       tafelrunde receipt approve MEAL_ID [--language de|en]
       tafelrunde receipt history MEAL_ID [--json]"""


class Command(TafelrundeCommand):
    help = (
        "The receipt of a business meal (German Bewirtungsbeleg): `receipt MEAL_ID --output "
        "F.pdf` writes it (once approved: the current sealed version, byte for byte), "
        "`receipt approve MEAL_ID` seals it as it is now, `receipt history MEAL_ID` lists its "
        "versions and change log."
    )

    def add_arguments(self, parser):
        parser.usage = USAGE
        parser.add_argument(
            "first",
            metavar="MEAL_ID | approve | history",
            help="the meal's id (write its receipt), or approve or history followed by the id",
        )
        parser.add_argument("meal", metavar="MEAL_ID", nargs="?", help="after approve or history")
        parser.add_argument(
            "--output", metavar="FILE.pdf", help="the PDF to write (required with a meal id)"
        )
        parser.add_argument(
            "--language",
            choices=("de", "en"),
            help="de (the German form tax offices know) or en (default: your profile's language; "
            "an approved receipt keeps the language it was approved in)",
        )
        parser.add_argument("--json", action="store_true", help="history: print it as JSON")

    def handle(self, *args, **options):
        first, second = options["first"], options["meal"]
        if first in ACTIONS:
            if second is None:
                raise CommandError(
                    _("Say which meal: receipt %(action)s MEAL_ID.") % {"action": first}
                )
            action, meal_id = first, second
        else:
            if second is not None:
                message = _("Unknown action %(text)r: use approve or history, or a meal id.")
                raise CommandError(message % {"text": first})
            action, meal_id = "write", first
        wrong = {
            "write": [("--json", options["json"])],
            "approve": [("--output", options["output"]), ("--json", options["json"])],
            "history": [("--output", options["output"]), ("--language", options["language"])],
        }[action]
        for option, given in wrong:
            if given:
                message = _("%(option)s does not go with this use of receipt.")
                raise CommandError(message % {"option": option})
        owner = self.owner(options)
        if action == "history":
            self.history(owner, meal_id, options)
            return
        meal = meal_of(owner, meal_id)
        if action == "approve":
            self.approve(owner, meal, options)
        else:
            self.write(meal, options)

    def write(self, meal, options):
        from tafelrunde.meals.occasions import occasion_warning
        from tafelrunde.meals.receipts import NotABusinessMeal, build_receipt_pdf
        from tafelrunde.meals.sealing import current_version, sealed_pdf

        if not options["output"]:
            raise CommandError(_("--output FILE.pdf is required to write a receipt."))
        version = current_version(meal)
        if version is not None:
            try:
                pdf = sealed_pdf(version)
            except OSError:
                message = _("The file of version %(number)d of the receipt is missing.")
                raise CommandError(message % {"number": version.number}) from None
            if options["language"] and options["language"] != version.language:
                message = _(
                    "Note: the approved receipt is in %(language)s; it is written as approved."
                )
                self.stderr.write(message % {"language": version.language})
        else:
            try:
                pdf = build_receipt_pdf(meal, options["language"])
            except NotABusinessMeal:
                raise CommandError(private_meal(meal)) from None
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        path = Path(options["output"])
        write_file_atomically(path, pdf)
        warning = occasion_warning(meal)
        if warning:
            self.stderr.write(f"Warning: {warning}")  # the prefix, like "Error: ", for scripts
        done = _("Wrote the receipt of meal %(id)s to %(path)s.")
        self.stdout.write(done % {"id": meal.pk, "path": path})

    def approve(self, owner, meal, options):
        from tafelrunde.meals.receipt_checks import receipt_findings
        from tafelrunde.meals.receipts import NotABusinessMeal
        from tafelrunde.meals.sealing import AlreadyApproved, ConcurrentChange, approve

        if not meal.business:
            raise CommandError(private_meal(meal))
        try:
            version = approve(meal, owner, options["language"])
        except NotABusinessMeal:
            raise CommandError(private_meal(meal)) from None
        except AlreadyApproved:
            message = _("The receipt of meal %(id)s is already approved as it is.")
            raise CommandError(message % {"id": meal.pk}) from None
        except ConcurrentChange as exc:
            raise CommandError(str(exc)) from None
        message = _("Approved the receipt of meal %(id)s: version %(number)d, SHA-256 %(sha)s.")
        self.stdout.write(
            message % {"id": meal.pk, "number": version.number, "sha": version.sha256}
        )
        for finding in receipt_findings(meal):  # what the owner approved despite it
            self.stderr.write(f"Warning: {finding}")

    def history(self, owner, meal_id, options):
        from tafelrunde.meals.models import Meal
        from tafelrunde.meals.sealing import history_json

        number = int(meal_id) if meal_id.isdecimal() and int(meal_id) < 2**63 else None
        found = history_json(owner, number) if number is not None else None
        exists = number is not None and Meal.objects.owned_by(owner).filter(pk=number).exists()
        if found is None or not (exists or found["versions"] or found["log"]):
            raise CommandError(_("No meal with id %(id)s.") % {"id": meal_id})
        if options["json"]:
            self.print_json(found)
            return
        if not found["versions"] and not found["log"]:
            self.stdout.write(_("The receipt of meal %(id)s is not approved.") % {"id": number})
            return
        for version in found["versions"]:
            line = _("Version %(number)d, approved on %(at)s by %(who)s, SHA-256 %(sha)s") % {
                "number": version["number"],
                "at": version["approved_at"],
                "who": version["approved_by"],
                "sha": version["sha256"],
            }
            self.stdout.write(line)
        for entry in found["log"]:
            parts = [entry["at"], entry["who"], entry["action"]]
            if entry["field"]:
                parts.append(f"{entry['field']}: {entry['old']!r} → {entry['new']!r}")
            elif entry["new"] or entry["old"]:
                parts.append(entry["new"] or entry["old"])
            if entry["reason"]:
                parts.append(f"({entry['reason']})")
            self.stdout.write("  ".join(parts))


def meal_of(owner, meal_id: str):
    from tafelrunde.meals.models import Meal

    meal = (
        Meal.objects.owned_by(owner).filter(pk=int(meal_id)).first()
        if meal_id.isdecimal() and int(meal_id) < 2**63
        else None
    )
    if meal is None:
        raise CommandError(_("No meal with id %(id)s.") % {"id": meal_id})
    return meal


def private_meal(meal) -> str:
    return _("Meal %(id)s is private: a receipt is only for business meals.") % {"id": meal.pk}
