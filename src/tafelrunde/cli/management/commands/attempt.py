from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand, contact_named, parse_day, place_named
from tafelrunde.formatting import place_name

OUTCOMES = ("accepted", "declined", "no-answer", "call-back", "away")
CHANNELS = ("call", "sms", "whatsapp", "email")


class Command(TafelrundeCommand):
    help = "Log a call: who, and how it went (on the evening of that date)."

    def add_arguments(self, parser):
        parser.add_argument("contact", metavar="CONTACT", help="a contact id, or a name")
        parser.add_argument("--outcome", metavar="|".join(OUTCOMES), help="how it went")
        parser.add_argument("--date", metavar="D", help="the evening, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--place", metavar="P", help="where (default: that evening's place, else the trip's)"
        )
        parser.add_argument("--channel", metavar="|".join(CHANNELS), default="call")
        parser.add_argument("--note", default="", help="a short note on the call")
        parser.add_argument("--json", action="store_true", help="print the attempt as JSON")

    def handle(self, *args, **options):
        from tafelrunde.evenings.evening import EveningElsewhereError, NoTripError
        from tafelrunde.tonight.call_list import record_attempt

        owner = self.owner(options)
        outcome, channel = options["outcome"], options["channel"]
        if outcome not in OUTCOMES:
            message = _("--outcome must be one of %(choices)s.")
            raise CommandError(message % {"choices": ", ".join(OUTCOMES)})
        if channel not in CHANNELS:
            message = _("--channel must be one of %(choices)s.")
            raise CommandError(message % {"choices": ", ".join(CHANNELS)})
        contact = contact_named(owner, options["contact"])
        day = parse_day(options["date"])
        place = place_named(options["place"]) if options["place"] else None
        try:
            attempt = record_attempt(
                owner, contact, outcome, day=day, place=place, channel=channel, note=options["note"]
            )
        except NoTripError:
            message = _("No trip includes %(date)s: say where with --place P.")
            raise CommandError(message % {"date": day.isoformat()}) from None
        except EveningElsewhereError as exc:
            message = _(
                "The evening of %(date)s is already in %(evening)s, not in %(place)s: "
                "leave out --place to log the call there."
            )
            where = {"evening": place_name(exc.evening_place), "place": place_name(exc.place)}
            raise CommandError(message % {"date": day.isoformat(), **where}) from None
        if attempt.outcome == "accepted":
            from tafelrunde.rounds.answers import close_after_phone_yes

            close_after_phone_yes(attempt.evening_id)  # the table is taken: an open round too
        if options["json"]:
            self.print_json(attempt.as_json())
        else:
            line = _("%(name)s: %(outcome)s (%(channel)s), evening of %(date)s in %(place)s.")
            self.stdout.write(
                line
                % {
                    "name": contact.full_name,
                    "outcome": attempt.get_outcome_display(),
                    "channel": attempt.get_channel_display(),
                    "date": day.isoformat(),
                    "place": place_name(attempt.evening.place),
                }
            )
