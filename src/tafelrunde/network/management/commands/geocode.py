from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.commands import TafelrundeCommand


class Command(TafelrundeCommand):
    help = "Show which place a name resolves to (München, Muenchen and Munich are one place)."
    acts_for_user = False

    def add_arguments(self, parser):
        parser.add_argument(
            "place", help='a place name, e.g. "Frankfurt (Oder)" or "01844 Neustadt"'
        )
        parser.add_argument("--country", help="country code or name, to choose between places")
        parser.add_argument("--region", help="state or region, e.g. Sachsen")
        parser.add_argument("--postal-code", help="a postal code in the place")
        parser.add_argument("--phone", help="a landline number in the place")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.network.places import gazetteer

        record = gazetteer().lookup(
            options["place"],
            **{
                key: options[key]
                for key in ("country", "region", "postal_code", "phone")
                if options[key]
            },
        )
        if record is None:
            message = _("No place called %(name)r is known.")
            raise CommandError(message % {"name": options["place"]})
        data = {
            "name": record.name,
            "country": record.country,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "timezone": record.timezone,
        }
        if options["json"]:
            self.print_json(data)
        else:
            self.stdout.write(
                f"{record.name}, {record.country} ({record.latitude:.4f}, {record.longitude:.4f}),"
                f" {record.timezone}"
            )
