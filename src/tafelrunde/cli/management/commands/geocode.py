from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand


class Command(TafelrundeCommand):
    help = (
        "Show which place a name resolves to (München, Muenchen and Munich are one place), "
        "or which place is nearest to a point (--near LAT,LON)."
    )
    acts_for_user = False
    migrates = False  # the place index alone, no database

    def add_arguments(self, parser):
        parser.add_argument(
            "place",
            nargs="?",
            help='a place name, e.g. "Frankfurt (Oder)" or "01844 Neustadt"',
        )
        parser.add_argument(
            "--near",
            metavar="LAT,LON",
            help="the place nearest to a point instead, e.g. 48.137,11.575",
        )
        parser.add_argument("--country", help="country code or name, to choose between places")
        parser.add_argument("--region", help="state or region, e.g. Sachsen")
        parser.add_argument("--postal-code", help="a postal code in the place")
        parser.add_argument("--phone", help="a landline number in the place")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.network.places import gazetteer

        if options["near"] is not None:
            self.nearest(options)
            return
        if not (options["place"] or "").strip():
            raise CommandError(_("Name a place, or give --near LAT,LON."))
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

    def nearest(self, options) -> None:
        from tafelrunde.network.places import NoPlaceNear, nearest_json, nearest_record

        if options["place"]:
            raise CommandError(_("Name a place or give --near, not both."))
        latitude, _comma, longitude = options["near"].partition(",")
        try:
            record, km = nearest_record(latitude, longitude)
        except NoPlaceNear as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.print_json(nearest_json(record, km))
            return
        from tafelrunde.network.places import gazetteer

        distance = _("%(km).1f km away") % {"km": km}
        self.stdout.write(f"{line(record, gazetteer())}; {distance}")


_OTHERS = 10  # "Neustadt" has dozens; the first ten say enough


def as_json(record, index) -> dict:
    from tafelrunde.network.places import record_json

    return record_json(record)


def line(record, index) -> str:
    where = ", ".join(filter(None, (record.name, index.region_name(record), record.country)))
    return f"{where} ({record.latitude:.4f}, {record.longitude:.4f}), {record.timezone}"
