from django.utils import timezone

from tafelrunde.commands import TafelrundeCommand


def shown(value, template: str = "{}") -> str:
    return "–" if value is None else template.format(value)


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
        spend = ", ".join(f"{amount} {currency}" for currency, amount in data["spend"].items())
        rows = [
            ("Dinners", data["dinners"]),
            ("Evenings", f"{data['evenings']} ({data['evenings_with_company']} with company)"),
            ("Calls", f"{data['attempts']} ({shown(data['acceptance_rate'], '{:.0%}')} yes)"),
            ("Calls to find company", shown(data["median_calls_per_dinner"], "{:g} (median)")),
            ("Dinners per trip", shown(data["dinners_per_trip"])),
            ("Relationships renewed", data["relationships_renewed"]["count"]),
            ("Spent", spend or "–"),
        ]
        self.stdout.write("\n".join(f"{label + ':':<24} {value}" for label, value in rows))
