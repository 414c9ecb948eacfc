"""Trips from iCalendar files (.ics) as Outlook, Google, Apple Calendar and TripIt write them.

Dates are taken as the wall clock shows them in the zone each time is written in (UTC for
"Z" times): a Dresden hotel stay written in "W. Europe Standard Time" lands on the Dresden
dates whatever zone the importing machine is in. Time zones themselves (IANA names, Windows
names as Outlook writes them, mapped by the library's CLDR table, and VTIMEZONE definitions)
are resolved by the icalendar library; they matter only where times in two zones are compared.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from icalendar import Component, Event
from icalendar.prop import vBroken

from tafelrunde.core.importers.encoding import decode_text
from tafelrunde.core.records import (
    ParseResult,
    RecordError,
    TripRecord,
    UnreadableFile,
    gettext_noop,
)

ONE_DAY = dt.timedelta(days=1)
# A timed event ending by noon ended that morning (hotel check-out): no evening on that day.
CHECKOUT_BY = dt.time(12, 0)
# Further from today than this, a date is a typo or a placeholder (Apple writes 1604 for
# birthdays without a year), not a trip.
PLAUSIBLE_YEARS = 100

_BEGIN = re.compile(r"^[ \t]*BEGIN:(VCALENDAR|VEVENT)[ \t\r]*$", re.IGNORECASE | re.MULTILINE)
_SNIFF_CHARS = 2048
_FOLD = re.compile(r"(?:\r\n|\r|\n)[ \t]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PARAM_ESCAPE = re.compile(r"\\(.)")
_PROPERTY_NAME_END = re.compile(r"[;:]")
_TRIP_PROPERTIES = frozenset(
    {"UID", "SUMMARY", "LOCATION", "X-APPLE-STRUCTURED-LOCATION", "STATUS", "SEQUENCE"}
    | {"DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"}
)
_TZID_PARAM = re.compile(r';TZID=(?:"[^"]*"|[^;:]*)', re.IGNORECASE)
# Name and parameters (quoted ones may hold a colon), the colon, the value.
_CONTENT_LINE = re.compile(r'^((?:[^":]|"[^"]*")*):(.*)$', re.DOTALL)


class _BadEvent(Exception):
    """One event cannot be understood; the message is the reason shown to the user."""


@dataclass
class _Block:
    """The unfolded content lines of one VEVENT or VTIMEZONE, as found in the file."""

    name: str
    lines: list[str] = field(default_factory=list)
    complete: bool = False


@dataclass
class _Candidate:
    trip: TripRecord
    is_override: bool  # has RECURRENCE-ID: one changed occurrence of a series
    sequence: int


def looks_like_ics(content: str | bytes) -> bool:
    """Whether an iCalendar object (BEGIN:VCALENDAR, or a bare BEGIN:VEVENT) starts near
    the beginning of the content; a byte order mark is allowed."""
    head = content[:_SNIFF_CHARS]
    if isinstance(head, bytes):
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head.decode("utf-16", errors="ignore")
        else:
            head = head.decode("utf-8", errors="ignore")
    return bool(_BEGIN.search(head.lstrip("\ufeff")))


def parse_ics(data: bytes, *, today: dt.date | None = None) -> ParseResult:
    """One trip per event UID (a series counts once); events that cannot be understood, or
    dated over PLAUSIBLE_YEARS from `today`, become errors; cancelled ones are skipped.
    UnreadableFile when the file holds no calendar."""
    today = today or dt.date.today()
    text = decode_text(data)
    if not looks_like_ics(text):
        message = gettext_noop("not an iCalendar file (no BEGIN:VCALENDAR at the start)")
        raise UnreadableFile(message)
    events, timezones = _scan(_LINE_BREAK.split(_FOLD.sub("", text)))
    for block in timezones:
        _register_timezone(block)
    result = ParseResult()
    candidates: list[_Candidate] = []
    cancelled: set[str] = set()
    for number, block in enumerate(events, start=1):
        try:
            event = _parse_event(block)
            if _text(event, "STATUS").upper() == "CANCELLED":
                if "RECURRENCE-ID" not in event:
                    cancelled.add(_text(event, "UID"))  # the whole series is off
                continue
            candidates.append(_candidate(number, event, today))
        except _BadEvent as error:
            result.errors.append(RecordError(number, str(error)))
        except Exception:  # whatever an event holds, it never sinks the others
            result.errors.append(RecordError(number, gettext_noop("the event could not be read")))
    result.trips = _one_per_uid(candidates, cancelled - {""})
    return result


def _scan(lines: list[str]) -> tuple[list[_Block], list[_Block]]:
    """The VEVENT and VTIMEZONE blocks in file order. Of an event only the properties a trip
    needs are kept: a broken reminder, attendee or description cannot spoil it."""
    events: list[_Block] = []
    timezones: list[_Block] = []
    block: _Block | None = None
    depth = 0  # components open inside the current block (an event's alarms)
    for line in lines:
        key = line.strip().upper()
        if key in ("BEGIN:VEVENT", "BEGIN:VTIMEZONE") and (block is None or key == "BEGIN:VEVENT"):
            # A VEVENT inside an open VEVENT means the open one was never ended.
            block, depth = _Block(key[6:], [key]), 0
            (events if block.name == "VEVENT" else timezones).append(block)
        elif block is None:
            continue
        elif key == f"END:{block.name}":
            block.lines.append(key)
            block.complete, block = True, None
        elif block.name == "VTIMEZONE":
            block.lines.append(line)
        elif key.startswith("BEGIN:"):
            depth += 1
        elif key.startswith("END:"):
            depth = max(depth - 1, 0)
        elif not depth and _PROPERTY_NAME_END.split(key, maxsplit=1)[0].strip() in _TRIP_PROPERTIES:
            block.lines.append(_without_stray_spaces(line))
    return events, timezones


def _without_stray_spaces(line: str) -> str:
    """A trip property without spaces around its colon and value: Force.com writes
    "DTEND: 20240812T223000Z", which the library cannot read as a date."""
    match = _CONTENT_LINE.match(line.strip())
    if match is None:
        return line
    name, value = match.groups()
    return f"{name.rstrip()}:{value.strip()}"


def _register_timezone(block: _Block) -> None:
    """Let the icalendar library learn a zone the file defines (it keeps them by TZID)."""
    # A broken definition is left out: times in that zone then read as local times.
    with contextlib.suppress(Exception):
        Component.from_ical("\r\n".join(block.lines))


def _parse_event(block: _Block) -> Component:
    if not block.complete:
        raise _BadEvent("the event is cut off (no END:VEVENT)")
    text = "\r\n".join(block.lines)
    with contextlib.suppress(Exception):
        return Event.from_ical(text)
    # The library trips over some zone names (TZID=Europe names a folder of zones). Without
    # them, times read as the clock shows them, which is all the dates need.
    try:
        return Event.from_ical(_TZID_PARAM.sub("", text))
    except Exception:
        raise _BadEvent(gettext_noop("the event could not be read")) from None


def _candidate(number: int, event: Component, today: dt.date) -> _Candidate:
    start_value = _date_value(event, "DTSTART")
    if start_value is None:
        raise _BadEvent("the event has no start date (DTSTART)")
    start, end = _stay_dates(event, start_value)
    for day in (start, end):
        if abs(day.year - today.year) > PLAUSIBLE_YEARS:
            raise _BadEvent(f"the date {day.isoformat()} is implausible")
    summary = _one_line(_text(event, "SUMMARY"))
    trip = TripRecord(
        record_number=number,
        uid=_text(event, "UID") or _generated_uid(summary, start),
        summary=summary,
        location=_location(event),
        start=start,
        end=end,
    )
    return _Candidate(trip, "RECURRENCE-ID" in event, _sequence(event))


def _stay_dates(event: Component, start_value: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of an event, from DTEND, else DURATION, else one day.

    All-day: DTEND is exclusive, so the last day is the one before it. Timed: the last day
    is DTEND's date, or the day before when DTEND is by noon (Mon 18:00 to Wed 09:00 covers
    the evenings of Monday and Tuesday); never before the first day.
    """
    end_value = _date_value(event, "DTEND")
    if end_value is None and "DURATION" in event:
        duration = _value(event, "DURATION")
        if not isinstance(duration, dt.timedelta):
            raise _BadEvent("DURATION is not a valid duration")
        end_value = start_value + duration
    start = _day(start_value)
    if end_value is None:
        return start, start
    if _ends_before_start(start_value, end_value):
        raise _BadEvent("the event ends before it starts")
    if isinstance(end_value, dt.datetime):
        end = end_value.date()
        if end > start and end_value.time() <= CHECKOUT_BY:
            end -= ONE_DAY
        return start, end
    return start, max(end_value - ONE_DAY, start)


def _one_per_uid(candidates: list[_Candidate], cancelled: set[str]) -> list[TripRecord]:
    """A trip is a stay, not a series: keep one event per UID, in file order."""
    best: dict[str, _Candidate] = {}
    for candidate in candidates:
        uid = candidate.trip.uid
        if uid in cancelled:
            continue
        if uid not in best or _preferred(candidate, best[uid]):
            best[uid] = candidate
    return sorted((c.trip for c in best.values()), key=lambda trip: trip.record_number)


def _preferred(new: _Candidate, old: _Candidate) -> bool:
    """The series itself (its first occurrence) beats a changed occurrence; without the
    series, the earliest changed occurrence; of two versions of one event, the later."""
    if new.is_override != old.is_override:
        return not new.is_override
    if new.is_override:
        return new.trip.start < old.trip.start
    return new.sequence >= old.sequence


def _date_value(event: Component, name: str) -> dt.date | None:
    """A DTSTART/DTEND value as date or datetime, None when absent; _BadEvent when unusable."""
    if name not in event:
        return None
    value = _value(event, name)
    if not isinstance(value, dt.date):
        raise _BadEvent(f"{name} is not a date")
    return value


def _value(event: Component, name: str) -> object:
    """The parsed value of a property the event has once; _BadEvent when it is unreadable."""
    prop = _single(event, name)
    if isinstance(prop, vBroken):
        raise _BadEvent(f"{name} is not valid: {str(prop)[:40]}")
    return getattr(prop, "dt", None)


def _single(event: Component, name: str):
    prop = event[name]
    if isinstance(prop, list):
        raise _BadEvent(f"the event has more than one {name}")
    return prop


def _ends_before_start(start: dt.date, end: dt.date) -> bool:
    """Compare as instants when both times carry a zone, else as the clocks show them."""
    start, end = _as_datetime(start), _as_datetime(end)
    if (start.tzinfo is None) != (end.tzinfo is None):
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    return end < start


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _text(event: Component, name: str) -> str:
    prop = event.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    return "" if prop is None else str(prop).strip()


def _location(event: Component) -> str:
    """LOCATION; else the place Apple Calendar keeps in X-APPLE-STRUCTURED-LOCATION."""
    location = _text(event, "LOCATION")
    apple = event.get("X-APPLE-STRUCTURED-LOCATION")
    if not location and apple is not None and not isinstance(apple, list):
        params = getattr(apple, "params", {})
        parts = (str(params.get(name, "")) for name in ("X-TITLE", "X-ADDRESS"))
        # Apple escapes line breaks and commas here as in text: X-ADDRESS="77\\n10117 Berlin".
        location = "\n".join(_PARAM_ESCAPE.sub(_unescape, part) for part in parts)
    return _one_line(location)


def _unescape(match: re.Match[str]) -> str:
    return "\n" if match.group(1) in "nN" else match.group(1)


def _one_line(text: str) -> str:
    """Multi-line text (Apple writes place and address on separate lines) as one line."""
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def _sequence(event: Component) -> int:
    try:
        return int(str(_single(event, "SEQUENCE")))
    except (KeyError, ValueError, _BadEvent):
        return 0


def _generated_uid(summary: str, start: dt.date) -> str:
    """A stable id for an event without UID, so importing the same file twice matches it."""
    digest = hashlib.sha256(f"{summary}\n{start.isoformat()}".encode()).hexdigest()
    return f"tafelrunde-{digest[:32]}"
