from django.core.management.base import CommandError

from tafelrunde.commands import TafelrundeCommand
from tafelrunde.evenings.management.commands.tonight import parse_day, place_named

OUTCOMES = ("accepted", "declined", "no-answer", "call-back", "away")
CHANNELS = ("call", "sms", "whatsapp", "email")
MATCHES_LISTED = 10


class Command(TafelrundeCommand):
    help = "Log a call: who, and how it went (on the evening of that date)."

    def add_arguments(self, parser):
        parser.add_argument("contact", metavar="CONTACT", help="a contact id, or a name")
        parser.add_argument("--outcome", metavar="|".join(OUTCOMES), help="how it went")
        parser.add_argument("--date", metavar="D", help="the evening, YYYY-MM-DD (default: today)")
        parser.add_argument("--place", metavar="P", help="where (default: the trip's place)")
        parser.add_argument("--channel", metavar="|".join(CHANNELS), default="call")
        parser.add_argument("--note", default="", help="a short note on the call")
        parser.add_argument("--json", action="store_true", help="print the attempt as JSON")

    def handle(self, *args, **options):
        from tafelrunde.evenings.tonight import NoTripError, record_attempt

        owner = self.owner(options)
        outcome, channel = options["outcome"], options["channel"]
        if outcome not in OUTCOMES:
            raise CommandError(f"--outcome must be one of {', '.join(OUTCOMES)}.")
        if channel not in CHANNELS:
            raise CommandError(f"--channel must be one of {', '.join(CHANNELS)}.")
        contact = contact_named(owner, options["contact"])
        day = parse_day(options["date"])
        place = place_named(options["place"]) if options["place"] else None
        try:
            attempt = record_attempt(
                owner, contact, outcome, day=day, place=place, channel=channel, note=options["note"]
            )
        except NoTripError:
            raise CommandError(
                f"No trip includes {day:%Y-%m-%d}: say where with --place P."
            ) from None
        if options["json"]:
            self.print_json(attempt_json(attempt))
        else:
            self.stdout.write(
                f"{contact.full_name}: {attempt.get_outcome_display()}"
                f" ({attempt.get_channel_display()}), evening of {day:%Y-%m-%d}"
                f" in {attempt.evening.place.name}."
            )


def contact_named(owner, text: str):
    """The one contact an id ("12", "#12") or a name means; otherwise an error listing matches."""
    from tafelrunde.core.names import person_key
    from tafelrunde.core.text import fold
    from tafelrunde.network.models import Contact

    contacts = Contact.objects.owned_by(owner)
    number = text.strip().removeprefix("#")
    if number.isdigit():
        try:
            return contacts.get(pk=int(number))
        except Contact.DoesNotExist:
            raise CommandError(f"You have no contact #{number}.") from None
    words = fold(text).split()
    if not words:
        raise CommandError("Name a contact, or give its id.")
    found = list(contacts.filter(name_key=person_key(full=text))[: MATCHES_LISTED + 1])
    if not found:
        for word in words:
            contacts = contacts.filter(search_key__contains=word)
        found = list(contacts[: MATCHES_LISTED + 1])
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(f"No contact matches {text!r}.")
    listed = ", ".join(describe(contact) for contact in found[:MATCHES_LISTED])
    more = " and more" if len(found) > MATCHES_LISTED else ""
    raise CommandError(f"Several contacts match {text!r}: {listed}{more}.")


def describe(contact) -> str:
    details = ", ".join(part for part in (f"#{contact.pk}", contact.organisation) if part)
    return f"{contact.full_name} ({details})"


def attempt_json(attempt) -> dict:
    return {
        "id": attempt.pk,
        "contact_id": attempt.contact_id,
        "evening_id": attempt.evening_id,
        "date": attempt.evening.date.isoformat(),
        "outcome": attempt.outcome,
        "channel": attempt.channel,
        "at": attempt.at.isoformat(timespec="seconds"),
        "note": attempt.note,
        "contact": attempt.contact.full_name,
        "place": attempt.evening.place.name,
    }
