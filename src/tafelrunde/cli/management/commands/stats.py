from django.utils import timezone
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand
from tafelrunde.formatting import money, number


def shown(value, template: str = "%(value)s") -> str:
    return "–" if value is None else template % {"value": value}


def percent(rate: float | None) -> str:
    return "–" if rate is None else _("%(percent)d%%") % {"percent": round(rate * 100)}


class Command(TafelrundeCommand):
    help = "Does the habit work? Dinners, calls per dinner, acceptance, spend and more."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.meals.stats import statistics_for, statistics_json

        data = statistics_json(statistics_for(self.owner(options), timezone.localdate()))
        if options["json"]:
            self.print_json(data)
            return
        spend = ", ".join(money(amount, currency) for currency, amount in data["spend"].items())
        median, per_trip = data["median_calls_per_dinner"], data["dinners_per_trip"]
        rows = [
            (_("Dinners"), data["dinners"]),
            (
                _("Evenings"),
                _("%(evenings)d (%(company)d with company)")
                % {"evenings": data["evenings"], "company": data["evenings_with_company"]},
            ),
            (
                _("Calls"),
                _("%(calls)d (%(percent)s yes)")
                % {"calls": data["attempts"], "percent": percent(data["acceptance_rate"])},
            ),
            (
                _("Calls to find company"),
                shown(None if median is None else number(median), _("%(value)s (median)")),
            ),
            (_("Dinners per trip"), shown(None if per_trip is None else number(per_trip, 2))),
            (_("Relationships renewed"), data["relationships_renewed"]["count"]),
            (_("Spent"), spend or "–"),
        ]
        self.stdout.write("\n".join(f"{label + ':':<24} {value}" for label, value in rows))
