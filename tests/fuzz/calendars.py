"""Calendar files (.ics) as calendar programs write them: trips, appointments in town, and
events broken in each way BAD_EVENTS names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.fuzz.exports import FileSpec, fold_line
from tests.fuzz.strategies import CODECS, encode, field_text

CITIES = ("Lisbon", "München", "Hamburg", "Hotel Adlon, Berlin", "Wien", "Zürich", "Köln")
NOT_PLACES = ("Conference room 4", "Online", "")
ZONES = (
    "", "Z", "Europe/Berlin", '"W. Europe Standard Time"', "America/New_York", "Custom/Fuzz",
    "Mars/Olympus_Mons", "Europe",
)  # fmt: skip
BAD_EVENTS = (
    "no start", "start not a date", "start impossible", "ends before it starts",
    "implausible year", "bad duration", "two starts", "cut off",
)  # fmt: skip
CUSTOM_ZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Custom/Fuzz",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "END:VTIMEZONE",
]


@dataclass
class EventSpec:
    good: bool
    uid: str
    location: str
    problem: str = ""  # one of BAD_EVENTS for a bad event
    lines: list[str] = field(default_factory=list)

    @property
    def is_trip(self) -> bool:
        return self.good and self.location in CITIES


def _ical_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _stamp(moment: dt.datetime | dt.date, zone: str) -> tuple[str, str]:
    """(parameters, value) of a DTSTART/DTEND in the zone."""
    if not isinstance(moment, dt.datetime):
        return ";VALUE=DATE", moment.strftime("%Y%m%d")
    value = moment.strftime("%Y%m%dT%H%M%S")
    if zone == "Z":
        return "", value + "Z"
    return (f";TZID={zone}" if zone else ""), value


@st.composite
def event_specs(draw, index: int, problem: str, text, today: dt.date) -> EventSpec:
    uid = f"fuzz-{index}-{draw(st.text('0123456789abcdef', min_size=4, max_size=12))}@example"
    location = draw(st.sampled_from(CITIES + NOT_PLACES))
    start_day = today + dt.timedelta(days=draw(st.integers(-400, 800)))
    all_day = draw(st.booleans())
    zone = draw(st.sampled_from(ZONES))
    if all_day:
        start: dt.date = start_day
        end: dt.date = start_day + dt.timedelta(days=draw(st.integers(1, 10)))
    else:
        start = dt.datetime.combine(
            start_day, dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30])))
        )
        end = start + dt.timedelta(hours=draw(st.integers(1, 24 * 8)))
    start_params, start_value = _stamp(start, zone)
    end_params, end_value = _stamp(end, zone)
    end_line = f"DTEND{end_params}:{end_value}"
    if draw(st.booleans()) and problem != "ends before it starts":
        end_line = draw(st.sampled_from(["", f"DURATION:P{(end - start).days or 1}D"]))
    start_line = f"DTSTART{start_params}:{start_value}"
    if problem == "no start":
        start_line = ""
    elif problem == "start not a date":
        start_line = f"DTSTART:{draw(st.sampled_from(['garbage', '2026-13-45', 'TZID', '']))}"
    elif problem == "start impossible":
        start_line = "DTSTART;VALUE=DATE:20260231"
    elif problem == "ends before it starts":
        start_line, end_line = (
            end_line.replace("DTEND", "DTSTART"),
            start_line.replace("DTSTART", "DTEND"),
        )
        if start == end or not end_line.startswith("DTEND"):
            end_line = "DTEND;VALUE=DATE:19990101"
            start_line = "DTSTART;VALUE=DATE:20000101"
    elif problem == "implausible year":
        start_line = f"DTSTART;VALUE=DATE:{draw(st.sampled_from(['16040322', '29990101']))}"
        end_line = ""
    elif problem == "bad duration":
        end_line = "DURATION:PXYZ"
    elif problem == "two starts":
        start_line = f"{start_line}\nDTSTART;VALUE=DATE:20260101"
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{_ical_text(draw(text))}"]
    if location:
        lines.append(f"LOCATION:{_ical_text(location)}")
    lines += [line for line in (*start_line.split("\n"), end_line) if line]
    lines += draw(st.lists(st.sampled_from(_EVENT_EXTRAS), max_size=3, unique=True))
    lines.append(f"DESCRIPTION:{_ical_text(draw(text))}")
    if problem != "cut off":
        lines.append("END:VEVENT")
    folded = [
        part for line in lines for physical in line.split("\n") for part in fold_line(physical)
    ]
    return EventSpec(good=not problem, uid=uid, location=location, problem=problem, lines=folded)


_EVENT_EXTRAS = (
    "BEGIN:VALARM\nTRIGGER:-PT15M\nACTION:DISPLAY\nDESCRIPTION:x\nEND:VALARM",
    "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=NONSENSE;UNTIL=garbage",
    'ATTENDEE;CN="Jörg; Müller":mailto:j@example.com', "STATUS:CONFIRMED", "SEQUENCE:x",
    "BEGIN:X-NESTED\nBEGIN:X-DEEPER\nDTSTART:garbage\nEND:X-DEEPER\nEND:X-NESTED",
    "EXDATE:garbage", "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=Somewhere:geo:1,2",
)  # fmt: skip


@st.composite
def ics_files(draw, text=None, max_events: int = 5, today: dt.date | None = None) -> FileSpec:
    """A calendar of trips, appointments in town, and events broken in BAD_EVENTS' ways."""
    text = field_text() if text is None else text
    today = today or dt.date.today()
    count = draw(st.integers(1, max_events))
    problems = draw(
        st.lists(st.sampled_from(("",) * 4 + BAD_EVENTS), min_size=count, max_size=count)
    )
    specs = [draw(event_specs(i, p, text, today)) for i, p in enumerate(problems, start=1)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Fuzz//Tafelrunde//EN"]
    if draw(st.booleans()):
        lines += CUSTOM_ZONE
    for spec in specs:
        lines += spec.lines
    lines.append("END:VCALENDAR")
    line_end = draw(st.sampled_from(["\r\n", "\n"]))
    return FileSpec(specs, encode(line_end.join(lines) + line_end, draw(CODECS)))
