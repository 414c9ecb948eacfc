from django.utils import timezone

from tafelrunde.commands import TafelrundeCommand


class Command(TafelrundeCommand):
    help = "List upcoming trips (or all) with how many people you know nearby."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="past trips too")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.evenings.candidates import contacts_near
        from tafelrunde.travel.models import Trip

        owner = self.owner(options)
        trips = Trip.objects.owned_by(owner).select_related("place")
        if not options["all"]:
            trips = trips.upcoming(timezone.localdate())
        rows = []
        for trip in trips:
            nearby = contacts_near(owner, trip.place)
            rows.append(
                {
                    "id": trip.id,
                    "place": {"name": trip.place.name, "country": trip.place.country},
                    "start": trip.start.isoformat(),
                    "end": trip.end.isoformat(),
                    "hotel": trip.hotel,
                    "candidate_count": len(nearby),
                    "top": [n.contact.full_name for n in nearby[:3]],
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
