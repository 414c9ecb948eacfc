from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import (
    TafelrundeCommand,
    contact_named,
    parse_clock,
    parse_day,
    place_named,
)
from tafelrunde.formatting import place_name

ACTIONS = ("status", "withdraw")


class Command(TafelrundeCommand):
    help = (
        "Invite several at once with a personal link each; the first yes wins. "
        "`invite status ROUND`, `invite withdraw ROUND`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "words",
            nargs="+",
            metavar="CONTACT",
            help="contacts (ids or names), two to five; or `status ROUND`, `withdraw ROUND`",
        )
        parser.add_argument("--date", metavar="D", help="the evening, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--place", metavar="P", help="where (default: that evening's place, else the trip's)"
        )
        parser.add_argument("--time", metavar="HH:MM", help="when to meet (default: open)")
        parser.add_argument(
            "--restaurant", metavar="R", default="", help="where to meet (default: to be decided)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        owner = self.owner(options)
        words = options["words"]
        if words[0] in ACTIONS and len(words) == 2:
            return self.about_round(owner, words[0], words[1], options)
        return self.start(owner, words, options)

    def start(self, owner, names, options):
        from tafelrunde.evenings.evening import EveningElsewhereError, NoTripError
        from tafelrunde.rounds.sending import RoundError, start_round

        contacts = [contact_named(owner, name) for name in names]
        day = parse_day(options["date"])
        place = place_named(options["place"]) if options["place"] else None
        time = parse_clock(options["time"], "--time") if options["time"] else None
        try:
            round_, sent = start_round(
                owner,
                contacts,
                day=day,
                place=place,
                time=time,
                restaurant=options["restaurant"],
            )
        except NoTripError:
            message = _("No trip includes %(date)s: say where with --place P.")
            raise CommandError(message % {"date": day.isoformat()}) from None
        except EveningElsewhereError as exc:
            message = _("The evening of %(date)s is already in %(evening)s, not in %(place)s.")
            where = {"evening": place_name(exc.evening_place), "place": place_name(exc.place)}
            raise CommandError(message % {"date": day.isoformat(), **where}) from None
        except RoundError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.print_json({"round": round_.pk, "guests": [row.as_json() for row in sent]})
            return
        heading = _("Round %(round)s, evening of %(date)s in %(place)s: send each message.")
        where = {"date": day.isoformat(), "place": place_name(round_.evening.place)}
        self.stdout.write(heading % {"round": round_.pk, **where})
        for row in sent:
            self.stdout.write(f"\n{row.contact.full_name}: {row.url}\n{row.message}")

    def about_round(self, owner, action, text, options):
        from tafelrunde.rounds.answers import summary, withdraw
        from tafelrunde.rounds.models import Round

        try:
            round_ = (
                Round.objects.owned_by(owner)
                .select_related("evening__place")
                .get(pk=int(text.lstrip("#")))
            )
        except (ValueError, Round.DoesNotExist):
            raise CommandError(_("No round %(round)r.") % {"round": text}) from None
        if action == "withdraw" and not withdraw(round_):
            raise CommandError(_("Round %(round)s was no longer open.") % {"round": round_.pk})
        round_.refresh_from_db()
        shown = summary(round_)
        if options["json"]:
            self.print_json(shown)
            return
        line = _("Round %(round)s, evening of %(date)s in %(place)s: %(status)s")
        self.stdout.write(line % {**shown, "place": place_name(round_.evening.place)})
        for guest in shown["guests"]:
            said = f" “{guest['message']}”" if guest["message"] else ""
            self.stdout.write(f"  {guest['name']}: {guest['state']}{said}")
