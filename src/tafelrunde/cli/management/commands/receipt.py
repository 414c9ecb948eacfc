from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand, write_file_atomically


class Command(TafelrundeCommand):
    help = "Write the receipt of a business meal (German Bewirtungsbeleg) as a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("meal_id", metavar="MEAL_ID", help="the meal's id")
        parser.add_argument("--output", metavar="FILE.pdf", required=True, help="the PDF to write")
        parser.add_argument(
            "--language",
            choices=("de", "en"),
            help="de (the German form tax offices know) or en (default: your profile's language)",
        )

    def handle(self, *args, **options):
        from tafelrunde.meals.models import Meal
        from tafelrunde.meals.occasions import occasion_warning
        from tafelrunde.meals.receipts import NotABusinessMeal, build_receipt_pdf

        owner = self.owner(options)
        meal_id = options["meal_id"]
        meal = (
            Meal.objects.owned_by(owner).filter(pk=int(meal_id)).first()
            if meal_id.isdecimal()
            else None
        )
        if meal is None:
            raise CommandError(_("No meal with id %(id)s.") % {"id": meal_id})
        try:
            pdf = build_receipt_pdf(meal, options["language"])
        except NotABusinessMeal:
            message = _("Meal %(id)s is private: a receipt is only for business meals.")
            raise CommandError(message % {"id": meal.pk}) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        path = Path(options["output"])
        write_file_atomically(path, pdf)
        warning = occasion_warning(meal)
        if warning:
            self.stderr.write(f"Warning: {warning}")  # the prefix, like "Error: ", for scripts
        done = _("Wrote the receipt of meal %(id)s to %(path)s.")
        self.stdout.write(done % {"id": meal.pk, "path": path})
