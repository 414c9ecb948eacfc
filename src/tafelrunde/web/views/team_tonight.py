"""What the team adds to the Tonight page: people through colleagues, each with a ready
request for an introduction, and colleagues who are in the same place that evening.

Only what tafelrunde.teams.colleagues hands out is shown: an Introduction carries the shared
fields and nothing else of a colleague's contact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tafelrunde.network.models import Place
from tafelrunde.teams.colleagues import TeamTonight
from tafelrunde.teams.colleagues_here import ColleagueHere
from tafelrunde.teams.introductions import Introduction


@dataclass
class IntroductionRow:
    """A person through a colleague, and the mail that asks the colleague to introduce."""

    introduction: Introduction
    mailto: str

    @property
    def reasons(self) -> list[str]:
        """The reasons but the colleague's note, shown on a line of its own."""
        note = self.introduction.colleague_note
        return [reason for reason in self.introduction.reasons if not note or reason != note]


@dataclass
class ColleagueRow:
    colleague: ColleagueHere
    first_name: str
    mailto: str


def tonight_team_context(team: TeamTonight, place: Place, day: dt.date) -> dict:
    """The template's part of the team: empty lists for someone in no team."""
    return {
        "in_a_team": team.in_a_team,
        "introductions": [_introduction_row(intro) for intro in team.through_colleagues],
        "colleagues_here": [_colleague_row(here, place, day) for here in team.colleagues_here],
    }


def _introduction_row(intro: Introduction) -> IntroductionRow:
    introducer = intro.introducer
    # The subject speaks the colleague's language, as the message does.
    with translation.override(introducer.language or translation.get_language()):
        subject = _("Could you introduce me to %(name)s?") % {"name": intro.name}
    return IntroductionRow(intro, mailto(introducer.email, subject, intro.message))


def _colleague_row(here: ColleagueHere, place: Place, day: dt.date) -> ColleagueRow:
    first = here.name.split()[0] if here.name.split() else here.name
    subject = _("Dinner in %(place)s on %(day)s?") % {
        "place": place.name,
        "day": formats.date_format(day, "DATE_FORMAT"),
    }
    return ColleagueRow(here, first, mailto(here.email, subject, ""))


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: link with subject and body (empty when the colleague has no address)."""
    if not address:
        return ""
    query = f"subject={quote(subject)}"
    if body:
        query += f"&body={quote(body)}"
    return f"mailto:{quote(address, safe='@')}?{query}"
