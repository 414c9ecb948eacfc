from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.management.base import CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tafelrunde.commands import TafelrundeCommand
from tafelrunde.formatting import number, place_name

if TYPE_CHECKING:
    from tafelrunde.owned import Owner


class Command(TafelrundeCommand):
    help = "Whom to call tonight near a place, best first, with the reasons."

    def add_arguments(self, parser):
        parser.add_argument("place", help='where you are, e.g. "München", "Muenchen" or "Munich"')
        parser.add_argument("--date", metavar="D", help="the evening, YYYY-MM-DD (default: today)")
        parser.add_argument("--radius", metavar="KM", default="50", help="how far (default: 50)")
        parser.add_argument("--limit", metavar="N", default="10", help="how many (default: 10)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.accounts.models import profile_for
        from tafelrunde.evenings.invitations import Host
        from tafelrunde.evenings.tonight import call_list

        owner = self.owner(options)
        place = place_named(options["place"])
        day = parse_day(options["date"])
        radius = positive(options["radius"], "--radius", float)
        limit = positive(options["limit"], "--limit", int)
        candidates = call_list(owner, place, day, radius_km=radius, limit=limit)
        profile = profile_for(owner)
        if options["json"]:
            host = Host.of(profile)
            self.print_json(
                {
                    "place": place.as_json(),
                    "date": day.isoformat(),
                    "candidates": [
                        candidate_json(c, host.invitation(c.contact, place)) for c in candidates
                    ],
                }
            )
        elif not candidates:
            self.stdout.write(nobody(owner, place, radius))
        else:
            where = {"place": place_name(place), "date": day.isoformat()}
            self.stdout.write(_("Whom to call near %(place)s on %(date)s:") % where)
            for line in table(candidates, profile.home_country):
                self.stdout.write(line)


def place_named(text: str):
    """The place a name means, or a one-line error."""
    from tafelrunde.network.places import find_place

    place = find_place(text)
    if place is None:
        raise CommandError(_("No place called %(name)r is known.") % {"name": text})
    return place


def parse_day(text: str | None) -> dt.date:
    """A --date value (YYYY-MM-DD, "today" or "tomorrow"); today when not given."""
    today = timezone.localdate()
    if text is None or text.strip().lower() == "today":
        return today
    if text.strip().lower() == "tomorrow":
        return today + dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        message = _("--date must be a date like 2025-03-14, not %(text)r.") % {"text": text}
        raise CommandError(message) from None


def positive(text: str, option: str, kind: type):
    """A number above zero for `option`, or a one-line error."""
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < float("inf"):
        message = _("%(option)s must be a number above 0, not %(text)r.")
        raise CommandError(message % {"option": option, "text": text})
    return value


def candidate_json(candidate, invitation: str) -> dict:
    """A candidate as `tonight --json` and the API give it, with the ready invitation text."""
    contact = candidate.contact
    return {
        "contact_id": contact.pk,
        "name": contact.full_name,
        "organisation": contact.organisation,
        "distance_km": round(candidate.distance_km, 1),
        "score": round(candidate.score, 2),
        "reasons": candidate.reasons,
        "phones": [phone.number for phone in contact.phones.all()],
        "local_time": candidate.local_time.isoformat(timespec="seconds"),
        "tried_tonight": candidate.tried_tonight,
        "last_note": candidate.last_note,
        "invitation": invitation,
        "location": contact.location_json(),
    }


def table(candidates, home_country: str = "") -> list[str]:
    """Rank, name, organisation, the number to call (as read at home: "0351 7491792" or
    "+43 1 5124567"), distance, their time and the reasons, one line each."""
    from tafelrunde.core.phones import readable_phone
    from tafelrunde.evenings.invitations import number_to_call

    names = [c.contact.full_name[:30] for c in candidates]
    orgs = [c.contact.organisation[:30] for c in candidates]
    phones = [readable_phone(number_to_call(c.contact), home_country) for c in candidates]
    columns = [names, orgs, phones] if any(phones) else [names, orgs]
    widths = [max(map(len, column)) for column in columns]
    lines = []
    for rank, (c, *cells) in enumerate(zip(candidates, *columns, strict=True), 1):
        padded = "  ".join(f"{cell:<{width}}" for cell, width in zip(cells, widths, strict=True))
        lines.append(
            f"{rank:>2}  {padded}  {formats.number_format(c.distance_km, 1):>5} km"
            f"  {c.local_time:%H:%M}  {' · '.join(c.reasons)}"
        )
    return lines


def nobody(owner: Owner, place, radius: float) -> str:
    from tafelrunde.network.models import Contact

    if not Contact.objects.owned_by(owner).exists():
        return _("Your network is empty: add people with `tafelrunde import FILE`.")
    return _("Nobody to call within %(radius)s km of %(place)s that evening.") % {
        "radius": number(radius, 1),
        "place": place_name(place),
    }
