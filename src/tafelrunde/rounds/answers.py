"""A guest's answer: one per link, and of all the yeses of a round exactly the first wins.

Both rules are conditional updates, never a check and then a write: the answer is taken only
while the link is still open (`answer = 'open'`), the table only while the round is still
open (`status = 'open'`). Of two guests pressing "yes" in the same instant, the database lets
exactly one update find the round open (on PostgreSQL the second waits for the first and then
finds it full; on SQLite the write lock makes them take turns). The winner's try on the
evening becomes a yes and the dinner is planned as after a yes on Tonight; the other open
links now say that the table is full.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tafelrunde.evenings.models import Attempt
from tafelrunde.rounds.host_mail import tell_host
from tafelrunde.rounds.models import Invitee, Round
from tafelrunde.rounds.sending import when_text
from tafelrunde.tonight.dinner import plan_dinner

Answer = Invitee.Answer
# What each answer makes of the try on the evening ("another time" is a no for tonight).
OUTCOMES: dict[str, str] = {
    Answer.ACCEPTED: Attempt.Outcome.ACCEPTED,
    Answer.DECLINED: Attempt.Outcome.DECLINED,
    Answer.LATER: Attempt.Outcome.DECLINED,
}
NOTES: dict[str, str] = {
    Answer.LATER: "Another time",
    Answer.FULL: "Said yes after the table was full",
}
ANSWERS = {"yes": Answer.ACCEPTED, "no": Answer.DECLINED, "later": Answer.LATER}
MAX_MESSAGE = 300


def guest_state(invitee: Invitee) -> str:
    """open, accepted, declined, later or full: what `invite status` shows per guest."""
    if invitee.answer == Answer.OPEN and invitee.round.status == Round.Status.FULL:
        return Answer.FULL
    return invitee.answer


def page_state(invitee: Invitee, now: dt.datetime | None = None) -> str:
    """What the guest's page shows: the answer given, else whether the link is still open."""
    if invitee.answer != Answer.OPEN:
        return invitee.answer
    round_ = invitee.round
    if round_.status == Round.Status.FULL:
        return Answer.FULL
    if round_.status == Round.Status.WITHDRAWN:
        return "withdrawn"
    if round_.is_expired(now):
        return "expired"
    return Answer.OPEN


def answer(invitee: Invitee, given: str, message: str = "", now: dt.datetime | None = None) -> str:
    """Take the guest's answer ("yes", "no" or "later"); the page state that follows.

    A second answer changes nothing: the page shows the first.
    """
    now = now or timezone.now()
    choice = ANSWERS[given]
    message = " ".join(message.split())[:MAX_MESSAGE]
    round_ = invitee.round
    with transaction.atomic():
        still_open = Round.objects.filter(
            pk=round_.pk, status=Round.Status.OPEN, expires_at__gt=now
        )
        if choice == Answer.ACCEPTED:
            outcome = _take_the_table(invitee, round_, still_open, message, now)
        else:
            taken = Invitee.objects.filter(pk=invitee.pk, answer=Answer.OPEN)
            taken = taken.filter(round__in=still_open)
            claimed = taken.update(answer=choice, guest_message=message, answered_at=now)
            outcome = choice if claimed else None
        if outcome is not None:
            _note_on_evening(invitee, outcome, message, now)
            # robust: a mail that cannot be recorded never spoils the guest's answer.
            transaction.on_commit(lambda: tell_host(invitee.pk, now), robust=True)
    invitee.refresh_from_db()
    invitee.round.refresh_from_db()
    return page_state(invitee, now)


def _take_the_table(invitee, round_, still_open, message, now) -> str | None:
    """The yes: the link first (one answer per link), then the round (one yes per round)."""
    answerable = Invitee.objects.filter(
        pk=invitee.pk,
        answer=Answer.OPEN,
        round__status__in=[Round.Status.OPEN, Round.Status.FULL],
        round__expires_at__gt=now,
    )
    claimed = answerable.update(answer=Answer.ACCEPTED, guest_message=message, answered_at=now)
    if not claimed:
        return None  # answered before, or the round was withdrawn or is over
    someone = Attempt.objects.filter(evening_id=round_.evening_id, outcome=Attempt.Outcome.ACCEPTED)
    if someone.exclude(pk=invitee.attempt_id).exists():
        # A yes by phone on Tonight took the table meanwhile.
        still_open.update(status=Round.Status.FULL, closed_at=now)
        won = 0
    else:
        won = still_open.update(status=Round.Status.FULL, closed_at=now)
    if not won:
        if not Round.objects.filter(pk=round_.pk, status=Round.Status.FULL).exists():
            # Withdrawn in the meantime: the yes is not taken, the link stays as it was.
            Invitee.objects.filter(pk=invitee.pk).update(
                answer=Answer.OPEN, guest_message="", answered_at=None
            )
            return None
        Invitee.objects.filter(pk=invitee.pk).update(answer=Answer.FULL)
        return Answer.FULL
    attempt = invitee.attempt
    if attempt is not None:
        attempt.outcome, attempt.at = Attempt.Outcome.ACCEPTED, now
        attempt.note = message[:500]
        attempt.save(update_fields=["outcome", "at", "note"])
        meal = plan_dinner(attempt, time=round_.time, restaurant=round_.restaurant)
        Round.objects.filter(pk=round_.pk).update(meal=meal)
    return Answer.ACCEPTED


def _note_on_evening(invitee: Invitee, outcome: str, message: str, now: dt.datetime) -> None:
    """The answer as the outcome of the try on the evening (a yes did this already)."""
    attempt = invitee.attempt
    if attempt is None or outcome == Answer.ACCEPTED:
        return
    note = " – ".join(part for part in (NOTES.get(outcome, ""), message) if part)
    values: dict = {"note": note[:500], "at": now}
    if outcome in OUTCOMES:
        values["outcome"] = OUTCOMES[outcome]
    Attempt.objects.filter(pk=attempt.pk).update(**values)


def withdraw(round_: Round, now: dt.datetime | None = None) -> bool:
    """The host takes the round back: open links say so from now on. False when it was no
    longer open (someone said yes, or it was withdrawn before)."""
    now = now or timezone.now()
    withdrawn = Round.objects.filter(pk=round_.pk, status=Round.Status.OPEN).update(
        status=Round.Status.WITHDRAWN, closed_at=now
    )
    return bool(withdrawn)


def close_after_phone_yes(evening_id: int, now: dt.datetime | None = None) -> int:
    """A yes logged on Tonight fills the table: the evening's open round says so too."""
    now = now or timezone.now()
    return Round.objects.filter(evening_id=evening_id, status=Round.Status.OPEN).update(
        status=Round.Status.FULL, closed_at=now
    )


def summary(round_: Round) -> dict:
    """The round as `invite status --json` gives it."""
    invitees = list(round_.invitees.select_related("contact"))
    for invitee in invitees:
        invitee.round = round_
    status = round_.status
    if status == Round.Status.OPEN and round_.is_expired():
        status = "expired"
    return {
        "round": round_.pk,
        "status": status,
        "date": round_.evening.date.isoformat(),
        "place": round_.evening.place.name,
        "time": when_text(round_),
        "restaurant": round_.restaurant,
        "meal_id": round_.meal_id,
        "guests": [
            {
                "contact_id": invitee.contact_id,
                "name": invitee.contact.full_name,
                "state": guest_state(invitee),
                "message": invitee.guest_message,
                "answered_at": invitee.answered_at.isoformat(timespec="seconds")
                if invitee.answered_at
                else None,
            }
            for invitee in invitees
        ],
    }
