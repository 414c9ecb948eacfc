from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand, parse_day, place_named, positive
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
        from tafelrunde.teams.colleagues import team_tonight

        owner = self.owner(options)
        place = place_named(options["place"])
        day = parse_day(options["date"])
        radius = positive(options["radius"], "--radius", float)
        limit = positive(options["limit"], "--limit", int)
        tonight = team_tonight(owner, place, day, radius_km=radius, limit=limit)
        candidates = tonight.own.candidates
        profile = profile_for(owner)
        if options["json"]:
            host = Host.of(profile)
            self.print_json(
                {
                    "place": place.as_json(),
                    "date": day.isoformat(),
                    "candidates": [
                        c.as_json(host.invitation(c.contact, place)) for c in candidates
                    ],
                    "through_colleagues": [i.as_json() for i in tonight.through_colleagues],
                    "colleagues_here": [c.as_json() for c in tonight.colleagues_here],
                }
            )
            return
        if not candidates:
            self.stdout.write(nobody(owner, place, radius))
        else:
            where = {"place": place_name(place), "date": day.isoformat()}
            self.stdout.write(_("Whom to call near %(place)s on %(date)s:") % where)
            for line in table(candidates, profile.home_country):
                self.stdout.write(line)
        for line in team_lines(tonight):
            self.stdout.write(line)


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


def team_lines(tonight) -> list[str]:
    """What colleagues add: colleagues in the same place, then people they can introduce."""
    lines = []
    for here in tonight.colleagues_here:
        lines.append(
            _("%(colleague)s is in %(place)s from %(start)s to %(end)s: dine together, or "
              "split the list.")
            % {"colleague": here.name, "place": place_name(here.place),
               "start": here.start.isoformat(), "end": here.end.isoformat()}
        )  # fmt: skip
    if tonight.through_colleagues:
        lines.append("")
        lines.append(_("Through colleagues:"))
    for rank, intro in enumerate(tonight.through_colleagues, 1):
        who = f"{intro.name}, {intro.organisation}" if intro.organisation else intro.name
        lines.append(f"{rank:>2}  {who}  {' · '.join(intro.reasons)}")
        lines.append("    " + _("Ask %(colleague)s to introduce you: %(email)s") % {
            "colleague": intro.introducer.first_name, "email": intro.introducer.email or "-"
        })  # fmt: skip
    return lines


def nobody(owner: Owner, place, radius: float) -> str:
    from tafelrunde.network.models import Contact

    if not Contact.objects.owned_by(owner).exists():
        return _("Your network is empty: add people with `tafelrunde import FILE`.")
    return _("Nobody to call within %(radius)s km of %(place)s that evening.") % {
        "radius": number(radius, 1),
        "place": place_name(place),
    }
