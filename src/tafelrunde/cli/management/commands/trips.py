from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.cli.base import TafelrundeCommand
from tafelrunde.formatting import place_name


class Command(TafelrundeCommand):
    help = "List upcoming trips (or all) with how many people you know nearby."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="past trips too")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.tonight.call_list import ranked_call_list
        from tafelrunde.travel.models import Trip

        owner = self.owner(options)
        today = timezone.localdate()
        trips = Trip.objects.owned_by(owner).select_related("place")
        if not options["all"]:
            trips = trips.upcoming(today)
        rows = []
        for trip in trips:
            # Ranked for tonight while the trip is on, otherwise for its first evening.
            day = today if trip.start <= today <= trip.end else trip.start
            ranked = ranked_call_list(owner, trip.place, day, limit=3)
            rows.append(
                {
                    "id": trip.id,
                    "place": {"name": trip.place.name, "country": trip.place.country},
                    "start": trip.start.isoformat(),
                    "end": trip.end.isoformat(),
                    "hotel": trip.hotel,
                    "candidate_count": ranked.total,
                    "top": [c.contact.full_name for c in ranked.candidates],
                }
            )
        if options["json"]:
            self.print_json({"trips": rows})
        elif not rows:
            self.stdout.write(_("No upcoming trips.") if not options["all"] else _("No trips yet."))
        else:
            for trip, row in zip(trips, rows, strict=True):
                count = row["candidate_count"]
                nearby = ngettext("%(count)4d person nearby", "%(count)4d people nearby", count)
                self.stdout.write(
                    f"{row['start']} – {row['end']}  {place_name(trip.place):<20}"
                    f" {nearby % {'count': count}}"
                )
