"""Whom to call first tonight: a score made of parts anyone can read, each part a reason.

Who is on the list: the people you know within the radius (50 km unless you say otherwise),
except those marked "do not invite", those who said no, said yes or are away that evening,
those you have a meal with that day (held or planned), and those you already met on this
trip (tafelrunde.tonight.history decides). Their score adds up these parts, the heaviest
first (the weights below are the only place that sets them):

1. A recent "no". Whoever declined in the last two weeks (TAFELRUNDE_REST_DAYS) loses 20
   points and the list says so ("declined 5 days ago"): they rest, and are asked later.
2. A relationship that is overdue: 1.5 points per year since the last dinner together (or,
   with no dinner on record, since you have known them), at most 15. Known for ten years or
   more and not seen for three is "lost touch": 5 points more ("known since 2004, last seen
   2009"). Someone you saw in the last 30 days loses 4 points: others first.
3. Who the person is to you, by the best of their kinds: customer 10, partner 9, friend and
   school friend 8, prospect 7, supplier 6, colleague 5, social network 3, other 2; and
   importance 1–5, 3 points per step above or below the middle (3).
4. Distance: 10 points right there, one point less for every 5 km (none from 50 km on),
   and 2 more for the very town you are in.
5. How often they said yes before, smoothed as (yes + 1) / (asked + 2) so that someone never
   asked counts as even: from -5 (always no) to +5 (always yes).
6. The moment: a call before 9:00 or after 20:30 their time costs 8 points ("it is 23:10
   there") when the list is for today. No answer earlier tonight costs 10, "call me back" 8:
   they stay on the list, further down.
7. A colleague's recent dinner or invitation: a teammate who met, invited or plans to meet
   the same person within the rest period costs 20 points, as a recent "no" does, and the
   list says so ("Bert dined with Frank on 28 Nov"): no double invitations.

Equal scores go to the nearer person first.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a reason for the translators' catalogue; Ranking.gettext translates it."""
    return message


# Relationship: points by kind (the best of a contact's kinds counts) and by importance.
KIND_POINTS = {
    "customer": 10.0,
    "partner": 9.0,
    "friend": 8.0,
    "school_friend": 8.0,
    "prospect": 7.0,
    "supplier": 6.0,
    "colleague": 5.0,
    "social_network": 3.0,
    "other": 2.0,
}
KIND_LABELS = {
    "school_friend": gettext_noop("school friend"),
    "social_network": gettext_noop("social network contact"),
}
IMPORTANCE_POINTS_PER_STEP = 3.0  # around the middle, 3

# Distance.
NEAR_POINTS = 10.0
KM_PER_POINT = 5.0
SAME_CITY_POINTS = 2.0

# Overdue: time since the last meeting (or since known, when no meeting is on record).
OVERDUE_POINTS_PER_YEAR = 1.5
OVERDUE_MAX_YEARS = 10.0
LOST_TOUCH_POINTS = 5.0
LOST_TOUCH_KNOWN_YEARS = 10.0
LOST_TOUCH_UNSEEN_YEARS = 3.0
SEEN_RECENTLY_DAYS = 30
SEEN_RECENTLY_POINTS = -4.0

# Past answers, smoothed: (yes + 1) / (asked + 2), scaled to ±ACCEPTANCE_POINTS.
ACCEPTANCE_POINTS = 5.0

# A recent "no", the hour where they are, and earlier tries tonight.
DECLINED_RECENTLY_POINTS = -20.0
DEFAULT_REST_DAYS = 14
DECENT_FROM, DECENT_UNTIL = dt.time(9, 0), dt.time(20, 30)
ODD_HOUR_POINTS = -8.0
TRIED_TONIGHT = {
    "no-answer": (-10.0, gettext_noop("no answer earlier tonight")),
    "call-back": (-8.0, gettext_noop("asked to be called back")),
}

# A colleague met, invited or plans to meet them within the rest period: rest, as after a no.
COLLEAGUE_RECENTLY_POINTS = DECLINED_RECENTLY_POINTS

DAYS_PER_YEAR = 365.25


@dataclass(slots=True)
class Signals:
    """What is known about one candidate for one evening."""

    distance_km: float
    same_city: bool = False
    kinds: Sequence[str] = ()
    importance: int = 3
    known_since: dt.date | None = None
    last_met: dt.date | None = None  # last meal together or accepted invitation
    asked: int = 0  # earlier invitations answered with yes or no
    said_yes: int = 0
    last_declined: dt.date | None = None
    local_time: dt.time | None = None  # their clock now, when calling today; else None
    tried_tonight: str = ""  # the latest outcome of tonight's tries, if they stay on the list
    colleague_note: str = ""  # a teammate met or invited them lately, in words (tafelrunde.teams)


@dataclass(frozen=True)
class Ranking:
    """Scores and reasons for the candidates of one evening (`day`).

    Reasons are written in English unless `gettext` translates them (the web and the
    commands pass Django's, which speaks the reader's language).
    """

    day: dt.date
    rest_days: int = DEFAULT_REST_DAYS
    gettext: Callable[[str], str] = gettext_noop

    def score(self, s: Signals) -> float:
        """The candidate's score, the sum of the parts (higher is called first)."""
        return self.score_of(
            s.distance_km, s.same_city, tuple(s.kinds), s.importance, s.known_since,
            s.last_met, s.asked, s.said_yes, s.last_declined, s.local_time, s.tried_tonight,
            s.colleague_note,
        )  # fmt: skip

    def score_of(
        self, distance_km, same_city, kinds, importance, known_since,
        last_met, asked, said_yes, last_declined, local_time, tried_tonight, colleague_note="",
    ) -> float:  # fmt: skip
        """score() of the Signals these would make, in the order of their fields.

        This runs for every contact within the radius, so it takes the signals as they are
        and makes no Signals: parts without a signal are skipped (they add nothing), and the
        parts that depend on a few values only are computed once per value.
        """
        points = _relationship_points(kinds, importance) + _distance_points(distance_km, same_city)
        if last_met or known_since:
            points += _overdue_points(self.day, last_met, known_since)
        if asked:
            points += _acceptance_points(said_yes, asked)
        if last_declined and self._resting(last_declined):
            points += DECLINED_RECENTLY_POINTS
        if local_time is not None and _odd_hour(local_time):
            points += ODD_HOUR_POINTS
        if tried_tonight:
            points += TRIED_TONIGHT.get(tried_tonight, (0.0, ""))[0]
        if colleague_note:
            points += COLLEAGUE_RECENTLY_POINTS
        return points

    def explain(self, s: Signals) -> tuple[float, list[str]]:
        """The score and the reasons that make it, in the order of the parts."""
        parts = self.parts(s, explain=True)
        return sum(points for points, _ in parts), [reason for _, reason in parts if reason]

    def parts(self, s: Signals, explain: bool) -> list[tuple[float, str]]:
        """(points, reason) of each part; reasons are only written when `explain`."""
        return [
            self.relationship(s, explain),
            self.distance(s, explain),
            self.overdue(s, explain),
            self.acceptance(s, explain),
            self.rest(s, explain),
            self.hour(s, explain),
            self.tried(s, explain),
            self.colleague(s, explain),
        ]

    def relationship(self, s: Signals, explain: bool) -> tuple[float, str]:
        points = _relationship_points(tuple(s.kinds), s.importance)
        if not explain:
            return points, ""
        best = max(s.kinds, key=_kind_points, default="")
        label = self.gettext(KIND_LABELS.get(best, best.replace("_", " "))) if best else ""
        if s.importance >= 4:
            kind = label or self.gettext("contact")
            important = (
                gettext_noop("very important %(kind)s")
                if s.importance == 5
                else gettext_noop("important %(kind)s")
            )
            label = self.gettext(important) % {"kind": kind}
        return points, label

    def distance(self, s: Signals, explain: bool) -> tuple[float, str]:
        points = _distance_points(s.distance_km, s.same_city)
        if not explain:
            return points, ""
        if s.same_city:
            return points, self.gettext("same city")
        return points, f"{s.distance_km:.0f} km"

    def overdue(self, s: Signals, explain: bool) -> tuple[float, str]:
        since = s.last_met or s.known_since
        if since is None:
            return 0.0, ""
        points = _overdue_points(self.day, s.last_met, s.known_since)
        days = (self.day - since).days
        if s.last_met is not None and days < SEEN_RECENTLY_DAYS:
            return points, self._seen(days) if explain else ""
        if not explain or days / DAYS_PER_YEAR < 1:
            return points, ""
        words = []
        if s.known_since:
            words.append(self.gettext("known since %(year)d") % {"year": s.known_since.year})
        if s.last_met:
            words.append(self.gettext("last seen %(year)d") % {"year": s.last_met.year})
        return points, ", ".join(words)

    def acceptance(self, s: Signals, explain: bool) -> tuple[float, str]:
        points = _acceptance_points(s.said_yes, s.asked)
        if not explain or not s.asked:
            return points, ""
        if s.asked == 1:
            yes = self.gettext("said yes last time")
            return points, yes if s.said_yes else self.gettext("said no last time")
        counts = {"yes": s.said_yes, "asked": s.asked}
        return points, self.gettext("said yes %(yes)d of %(asked)d times") % counts

    def rest(self, s: Signals, explain: bool) -> tuple[float, str]:
        if s.last_declined is None or not self._resting(s.last_declined):
            return 0.0, ""
        days = (self.day - s.last_declined).days
        return DECLINED_RECENTLY_POINTS, self._declined(days) if explain else ""

    def _resting(self, last_declined: dt.date) -> bool:
        """Whether someone who declined on that date is still left in peace."""
        return 0 <= (self.day - last_declined).days <= self.rest_days

    def says_the_hour(self, s: Signals) -> bool:
        """Whether their clock is at an odd hour, so that a reason says what time it is."""
        return s.local_time is not None and _odd_hour(s.local_time)

    def hour(self, s: Signals, explain: bool) -> tuple[float, str]:
        if not self.says_the_hour(s):
            return 0.0, ""
        if not explain:
            return ODD_HOUR_POINTS, ""
        return ODD_HOUR_POINTS, self.gettext("it is %(time)s there") % {
            "time": f"{s.local_time:%H:%M}"
        }

    def tried(self, s: Signals, explain: bool) -> tuple[float, str]:
        points, reason = TRIED_TONIGHT.get(s.tried_tonight, (0.0, ""))
        return points, self.gettext(reason) if explain and reason else ""

    def colleague(self, s: Signals, explain: bool) -> tuple[float, str]:
        """A teammate's recent dinner or invitation; the note comes already in words."""
        if not s.colleague_note:
            return 0.0, ""
        return COLLEAGUE_RECENTLY_POINTS, s.colleague_note if explain else ""

    def _seen(self, days: int) -> str:
        if days == 0:
            return self.gettext("seen today")
        if days == 1:
            return self.gettext("seen yesterday")
        return self.gettext("seen %(days)d days ago") % {"days": days}

    def _declined(self, days: int) -> str:
        if days == 0:
            return self.gettext("declined today")
        if days == 1:
            return self.gettext("declined yesterday")
        return self.gettext("declined %(days)d days ago") % {"days": days}


@functools.lru_cache(maxsize=16384)
def _overdue_points(day: dt.date, last_met: dt.date | None, known_since: dt.date | None) -> float:
    """The overdue part: from the last meeting, or from when they were first known."""
    since = last_met or known_since
    if since is None:
        return 0.0
    days = (day - since).days
    if last_met is not None and days < SEEN_RECENTLY_DAYS:
        return SEEN_RECENTLY_POINTS
    years = max(0.0, days / DAYS_PER_YEAR)
    points = min(years, OVERDUE_MAX_YEARS) * OVERDUE_POINTS_PER_YEAR
    known = known_since or since
    known_years = (day - known).days / DAYS_PER_YEAR
    if known_years >= LOST_TOUCH_KNOWN_YEARS and years >= LOST_TOUCH_UNSEEN_YEARS:
        points += LOST_TOUCH_POINTS
    return points


def _acceptance_points(said_yes: int, asked: int) -> float:
    rate = (said_yes + 1) / (asked + 2)
    return (rate - 0.5) * 2 * ACCEPTANCE_POINTS


@functools.lru_cache(maxsize=1024)
def farthest_km(points: float, importance: int = 3) -> float:
    """How far from the place someone without history can live and still score `points`
    (as score_of scores them): nobody farther does, whatever their kinds."""
    best = max(KIND_POINTS.values()) + (importance - 3) * IMPORTANCE_POINTS_PER_STEP
    return KM_PER_POINT * (best + NEAR_POINTS + SAME_CITY_POINTS - points)


def _relationship_points(kinds: tuple[str, ...], importance: int) -> float:
    best = max(map(_kind_points, kinds), default=KIND_POINTS["other"])
    return best + (importance - 3) * IMPORTANCE_POINTS_PER_STEP


def _distance_points(km: float, same_city: bool) -> float:
    return max(0.0, NEAR_POINTS - km / KM_PER_POINT) + (SAME_CITY_POINTS if same_city else 0.0)


def _odd_hour(clock: dt.time) -> bool:
    return not DECENT_FROM <= clock <= DECENT_UNTIL


def _kind_points(kind: str) -> float:
    return KIND_POINTS.get(kind, KIND_POINTS["other"])
