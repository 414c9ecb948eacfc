from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand


class Command(TafelrundeCommand):
    help = "Show which place a name resolves to (München, Muenchen and Munich are one place)."
    acts_for_user = False
    migrates = False  # the place index alone, no database

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

        found = gazetteer().resolve(
            options["place"],
            **{
                key: options[key]
                for key in ("country", "region", "postal_code", "phone")
                if options[key]
            },
        )
        if found is None:
            message = _("No place called %(name)r is known.")
            raise CommandError(message % {"name": options["place"]})
        record = found.place
        if options["json"]:
            self.print_json(
                {
                    **as_json(record, gazetteer()),
                    "ambiguous": found.ambiguous,
                    "others": [as_json(other, gazetteer()) for other in found.others[:_OTHERS]],
                }
            )
            return
        index = gazetteer()
        self.stdout.write(line(record, index))
        if found.ambiguous:
            self.stdout.write(_("Also called so:"))
            for other in found.others[:_OTHERS]:
                self.stdout.write(f"  {line(other, index)}")


_OTHERS = 10  # "Neustadt" has dozens; the first ten say enough


def as_json(record, index) -> dict:
    return {
        "name": record.name,
        "country": record.country,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "timezone": record.timezone,
        "region": index.region_name(record),
        "population": record.population,
    }


def line(record, index) -> str:
    where = ", ".join(filter(None, (record.name, index.region_name(record), record.country)))
    return f"{where} ({record.latitude:.4f}, {record.longitude:.4f}), {record.timezone}"
