"""What a reminder says: the trip digest, the afternoon nudge and the weekly small attentions,
as text and light HTML (no remote images) in the account's language.

The people come from the same rules as everywhere else: the call list
(tafelrunde.tonight.call_list) for whom to call first, keeping in touch
(tafelrunde.relationships.rhythm) for who is overdue, the invitation texts
(tafelrunde.evenings.invitations) for a birthday greeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.accounts.models import Profile, profile_for
from tafelrunde.core.geo import haversine_km
from tafelrunde.evenings import invitations
from tafelrunde.meals.models import FollowUp
from tafelrunde.network.models import Contact, Place
from tafelrunde.owned import Owner
from tafelrunde.relationships.rhythm import overdue
from tafelrunde.reminders.models import Kind
from tafelrunde.reminders.schedule import Due, home_zone
from tafelrunde.tonight.call_list import ranked_call_list

DIGEST_PEOPLE = 5
NUDGE_PEOPLE = 3
RADIUS_KM = 50
BIRTHDAYS_AHEAD_DAYS = 14
WEEKLY_OVERDUE = 5


@dataclass
class Draft:
    """A mail ready to be recorded; `empty` when there is nothing worth sending."""

    due: Due
    subject: str
    text: str
    html: str
    about: dict = field(default_factory=dict)
    empty: bool = False


def mail_language(profile: Profile) -> str:
    """The account's language: the pages' when chosen, else the one it writes in."""
    return profile.page_language or profile.language or settings.LANGUAGE_CODE[:2]


def link(name: str, *args, query: str = "") -> str:
    """An absolute link into the app (TAFELRUNDE_BASE_URL)."""
    path = reverse(name, args=args)
    return f"{settings.TAFELRUNDE_BASE_URL}{path}" + (f"?{query}" if query else "")


def compose(owner: Owner, due: Due, now: dt.datetime) -> Draft:
    profile = profile_for(owner)
    with translation.override(mail_language(profile)):
        if due.kind == Kind.TRIP_DIGEST:
            return _trip_digest(owner, profile, due, now)
        if due.kind == Kind.NUDGE:
            return _nudge(owner, profile, due, now)
        return _weekly(owner, profile, due, now)


@dataclass
class Person:
    """One person as a mail shows them."""

    name: str
    organisation: str
    reasons: list[str]
    phone: str  # E.164, "" when none
    call: str  # tel: link
    greeting: str = ""  # a ready birthday greeting
    when: str = ""  # "Friday, 12 December"


def _person(contact: Contact, reasons: list[str], **extra) -> Person:
    number = invitations.number_to_call(contact)
    return Person(
        name=contact.full_name,
        organisation=contact.organisation,
        reasons=reasons,
        phone=number,
        call=f"tel:{number}" if number else "",
        **extra,
    )


def _day(value: dt.date) -> str:
    """ "Tuesday, December 8" / "Dienstag, 8. Dezember" """
    return f"{formats.date_format(value, 'l')}, {formats.date_format(value, 'MONTH_DAY_FORMAT')}"


def render_mail(kind: str, context: dict) -> tuple[str, str]:
    context = {"settings_url": link("reminder-settings"), **context}
    text = render_to_string(f"reminders/mail/{kind}.txt", context)
    html = render_to_string(f"reminders/mail/{kind}.html", context)
    return text.strip() + "\n", html


def _trip_digest(owner: Owner, profile: Profile, due: Due, now: dt.datetime) -> Draft:
    trip = due.trip
    assert trip is not None
    place = trip.place
    ranked = ranked_call_list(owner, place, trip.start, limit=DIGEST_PEOPLE, now=now)
    people = [_person(c.contact, c.reasons) for c in ranked.candidates]
    shown = {c.contact.pk for c in ranked.candidates}
    today = now.astimezone(home_zone(profile)).date()
    lost = [
        _person(row.contact, [_overdue_reason(row.last_contact_date, row.days_overdue)])
        for row in overdue(owner, today)
        if row.contact.pk not in shown and _near(row.contact, place)
    ][:DIGEST_PEOPLE]
    city = place.name_in(mail_language(profile))
    dates = _("%(first)s to %(last)s") % {"first": _day(trip.start), "last": _day(trip.end)}
    subject = ngettext(
        "%(city)s, %(dates)s: %(count)s person you know is near",
        "%(city)s, %(dates)s: %(count)s people you know are near",
        ranked.total,
    ) % {"city": city, "dates": dates, "count": ranked.total}
    context = {
        "subject": subject,
        "city": city,
        "dates": dates,
        "total": ranked.total,
        "people": people,
        "lost": lost,
        "trip_url": link("trip-edit", trip.pk),
        "tonight_url": link("tonight", query=f"date={trip.start.isoformat()}"),
        "title": trip.title,
    }
    text, html = render_mail(Kind.TRIP_DIGEST, context)
    return Draft(due, subject, text, html, about={"trip": trip.pk})


def _nudge(owner: Owner, profile: Profile, due: Due, now: dt.datetime) -> Draft:
    trip, day = due.trip, due.day
    assert trip is not None and day is not None
    place = trip.place
    candidates = ranked_call_list(owner, place, day, limit=NUDGE_PEOPLE, now=now).candidates
    people = [_person(c.contact, c.reasons) for c in candidates]
    city = place.name_in(mail_language(profile))
    if people:
        subject = _("Tonight in %(city)s — call %(name)s first") % {
            "city": city,
            "name": people[0].name,
        }
    else:
        subject = _("Tonight in %(city)s") % {"city": city}
    context = {
        "subject": subject,
        "city": city,
        "people": people,
        "tonight_url": link("tonight", query=f"date={day.isoformat()}"),
    }
    text, html = render_mail(Kind.NUDGE, context)
    return Draft(due, subject, text, html, about={"trip": trip.pk, "date": day.isoformat()})


def _weekly(owner: Owner, profile: Profile, due: Due, now: dt.datetime) -> Draft:
    today = now.astimezone(home_zone(profile)).date()
    host = profile.display_name
    birthdays = [
        _person(
            contact,
            [],
            greeting=invitations.birthday_greeting(contact, host),
            when=_day(next_birthday),
        )
        for next_birthday, contact in upcoming_birthdays(owner, today, BIRTHDAYS_AHEAD_DAYS)
    ]
    follow_ups = list(
        FollowUp.objects.owned_by(owner)
        .filter(done_at__isnull=True, due__lte=today)
        .select_related("contact")
        .order_by("due", "id")[:20]
    )
    due_follow_ups = [
        {"text": f.text, "name": f.contact.full_name, "due": _day(f.due) if f.due else ""}
        for f in follow_ups
    ]
    most_overdue = [
        _person(row.contact, [_overdue_reason(row.last_contact_date, row.days_overdue)])
        for row in overdue(owner, today)[:WEEKLY_OVERDUE]
    ]
    subject = _("This week: birthdays, follow-ups and people to see")
    context = {
        "subject": subject,
        "birthdays": birthdays,
        "follow_ups": due_follow_ups,
        "overdue": most_overdue,
        "contacts_url": link("contact-list"),
    }
    text, html = render_mail(Kind.WEEKLY, context)
    empty = not (birthdays or due_follow_ups or most_overdue)
    week = due.day.isoformat() if due.day else ""
    return Draft(due, subject, text, html, about={"week": week}, empty=empty)


def upcoming_birthdays(owner: Owner, today: dt.date, days: int) -> list[tuple[dt.date, Contact]]:
    """(the coming birthday, the contact) within `days` from today, soonest first."""
    window = [today + dt.timedelta(days=n) for n in range(days + 1)]
    month_days = {(d.month, d.day) for d in window}
    if any(d.month == 3 and d.day == 1 for d in window):
        month_days.add((2, 29))  # a leap-day birthday is kept on 1 March in other years
    contacts = (
        Contact.objects.owned_by(owner)
        .filter(birthday__isnull=False, birthday__month__in={m for m, _d in month_days})
        .prefetch_related("phones")
    )
    found = []
    for contact in contacts:
        birthday = contact.birthday
        assert birthday is not None
        for day in window:
            if (day.month, day.day) == (birthday.month, birthday.day) or (
                (birthday.month, birthday.day) == (2, 29)
                and (day.month, day.day) == (3, 1)
                and not _leap(day.year)
            ):
                found.append((day, contact))
                break
    return sorted(found, key=lambda pair: (pair[0], pair[1].full_name))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _near(contact: Contact, place: Place) -> bool:
    if contact.latitude is None or contact.longitude is None:
        return False
    return (
        haversine_km(contact.latitude, contact.longitude, place.latitude, place.longitude)
        <= RADIUS_KM
    )


def _overdue_reason(last: dt.date | None, days_overdue: int) -> str:
    if last is None:
        return _("no meeting on record")
    return _("last seen %(date)s, %(days)s days overdue") % {
        "date": formats.date_format(last, "DATE_FORMAT"),
        "days": days_overdue,
    }
