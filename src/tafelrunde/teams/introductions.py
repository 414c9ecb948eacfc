"""What an introduction through a colleague says: who the person is (only SHARED_FIELDS, by
tafelrunde.teams.sharing.shared_view), why they are on the list, and a ready message asking
the colleague who knows them best for an introduction, in that colleague's language.
Gathered by tafelrunde.teams.colleagues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tafelrunde.evenings.invitations import DAY_FORMATS
from tafelrunde.network.models import Place
from tafelrunde.teams.sharing import Colleague, KnownBy, shared_view


@dataclass
class Introduction:
    """Someone near the place whom colleagues know and the viewer does not."""

    name: str
    organisation: str
    place: Place | None
    distance_km: float
    score: float
    reasons: list[str]
    known: list[KnownBy]
    introducer: Colleague
    message: str  # a ready message to the introducer, in the introducer's language
    contact_ids: list[int] = field(default_factory=list)  # the colleagues' records of them
    phones: list[str] = field(default_factory=list)  # only when a sharer shares numbers
    colleague_note: str = ""

    def as_json(self) -> dict:
        data = shared_view(
            self.contact_ids[0], self.name, self.organisation, self.place, self.known, self.phones
        )
        data.update(
            distance_km=round(self.distance_km, 1),
            score=round(self.score, 2),
            reasons=self.reasons,
            introducer=self.introducer.name,
            introducer_email=self.introducer.email,
            introduction=self.message,
        )
        if self.colleague_note:
            data["colleague_note"] = self.colleague_note
        return data


def reasons_for(intro: Introduction, place: Place) -> list[str]:
    """Why the person is on the list: how far, who knows them, a colleague's recent note."""
    same_city = intro.place is not None and intro.place.pk == place.pk
    reasons = [_("same city") if same_city else f"{intro.distance_km:.0f} km"]
    reasons += [known_words(entry) for entry in intro.known]
    if intro.colleague_note:
        reasons.append(intro.colleague_note)
    return reasons


def known_words(entry: KnownBy) -> str:
    """ "Anna knows them since 2011, last seen in May 2024" in the reader's language."""
    values: dict[str, object] = {
        "colleague": entry.colleague.split()[0] if entry.colleague.split() else entry.colleague
    }
    if entry.since and entry.last_seen:
        values |= {"year": entry.since.year, "seen": formats.date_format(entry.last_seen, "F Y")}
        return _("%(colleague)s knows them since %(year)d, last seen in %(seen)s") % values
    if entry.since:
        return _("%(colleague)s knows them since %(year)d") % {**values, "year": entry.since.year}
    if entry.last_seen:
        seen = formats.date_format(entry.last_seen, "F Y")
        return _("%(colleague)s knows them, last seen in %(seen)s") % {**values, "seen": seen}
    return _("%(colleague)s knows them") % values


def message_to(intro: Introduction, host: str, place: Place, day: dt.date) -> str:
    """A ready message to the colleague who knows the person, in the colleague's language."""
    introducer = intro.introducer
    with translation.override(introducer.language or translation.get_language() or "en"):
        who = f"{intro.name} ({intro.organisation})" if intro.organisation else intro.name
        when = formats.date_format(day, DAY_FORMATS.get(translation.get_language(), "l, j F"))
        return _(
            "Hello %(colleague)s, I am in %(place)s on %(day)s. Could you introduce me to "
            "%(person)s? I would like to invite them to dinner. Thank you! %(host)s"
        ) % {"colleague": introducer.first_name, "place": place.name, "day": when,
             "person": who, "host": host}  # fmt: skip
