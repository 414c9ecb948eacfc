from django.utils import timezone

from tafelrunde.commands import TafelrundeCommand


class Command(TafelrundeCommand):
    help = "List upcoming trips (or all) with how many people you know nearby."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="past trips too")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.evenings.tonight import ranked_call_list
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
            self.stdout.write("No upcoming trips." if not options["all"] else "No trips yet.")
        else:
            for row in rows:
                self.stdout.write(
                    f"{row['start']} – {row['end']}  {row['place']['name']:<20}"
                    f" {row['candidate_count']:>4} people nearby"
                )
