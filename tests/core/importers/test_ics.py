"""Trips from calendar files (.ics): real exports from Outlook, Google, Apple, TripIt, Thunderbird,
and the khal test corpus of odd and broken calendars."""

import datetime as dt
from pathlib import Path

import pytest

from tafelrunde.core.importers.ics import looks_like_ics, parse_ics
from tafelrunde.core.records import ParseResult, RecordError, UnreadableFile

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "tests" / "samples" / "ics"
CORPUS = REPO.parent / "shared" / "corpus" / "ics"
CORPUS_FILES = sorted(CORPUS.glob("*.ics")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no ics corpus at {CORPUS}")
TODAY = dt.date(2026, 1, 15)
D = dt.date


def parse(data: bytes | str):
    return parse_ics(data.encode() if isinstance(data, str) else data, today=TODAY)


def sample(name: str) -> ParseResult:
    return parse((SAMPLES / name).read_bytes())


def corpus(name: str) -> ParseResult:
    return parse((CORPUS / name).read_bytes())


def by_summary(result: ParseResult):
    return {trip.summary: trip for trip in result.trips}


def dates(trip) -> tuple[dt.date, dt.date]:
    return trip.start, trip.end


def calendar(*events: str) -> str:
    """A minimal VCALENDAR around VEVENT bodies (their property lines)."""
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def one_trip(*lines: str):
    result = parse(calendar("UID:x\r\nSUMMARY:Trip\r\n" + "\r\n".join(lines)))
    assert not result.errors
    [trip] = result.trips
    return trip


# The khal corpus: odd, old and broken calendars


def test_outlook_hotel_stay_covers_the_evenings_until_checkout_morning():
    hotel = by_summary(sample("outlook_dresden_hotel.ics"))[
        "Hotel Taschenbergpalais Kempinski Dresden"
    ]

    assert hotel.location == "Hotel Taschenbergpalais, Taschenberg 3, 01067 Dresden"
    # Monday 18:00 to Wednesday 09:00 in "W. Europe Standard Time": Monday and Tuesday evening.
    assert dates(hotel) == (D(2026, 3, 16), D(2026, 3, 17))
    assert hotel.uid.startswith("040000008200E00074C5B7101A82E008")


def test_outlook_export_reads_windows_zone_names_all_day_events_and_series():
    result = sample("outlook_dresden_hotel.ics")
    trips = by_summary(result)

    assert not result.errors
    assert dates(trips["Kundentermin Schneider Electric"]) == (D(2026, 4, 21), D(2026, 4, 21))
    assert dates(trips["Abendessen mit James Whitfield"]) == (D(2026, 5, 5), D(2026, 5, 5))
    assert dates(trips["Vertriebstagung Wien"]) == (D(2026, 6, 1), D(2026, 6, 3))
    assert trips["Vertriebstagung Wien"].location == "Wien"
    # A weekly series all year is one entry, at its first Monday.
    assert dates(trips["Jour fixe Vertrieb"]) == (D(2026, 1, 5), D(2026, 1, 5))
    assert len(result.trips) == 5


def test_google_all_day_trade_fair_spans_its_days():
    messe = by_summary(sample("google_messe_muenchen.ics"))["Messe München"]

    assert (messe.location, messe.uid) == ("München", "0hq5v3l1k8r9m2c7t4n6b1s0da@google.com")
    assert dates(messe) == (D(2026, 10, 12), D(2026, 10, 15))


def test_google_utc_times_and_series_with_cancelled_and_moved_occurrences():
    result = sample("google_messe_muenchen.ics")
    trips = by_summary(result)

    assert not result.errors
    assert dates(trips["Abendessen mit Kunden"]) == (D(2026, 10, 13), D(2026, 10, 13))
    assert trips["Abendessen mit Kunden"].location.startswith("Tantris, Johann-Fichte-Straße 7")
    assert dates(trips["Jour fixe Einkauf"]) == (D(2026, 9, 7), D(2026, 9, 7))
    assert [trip.summary for trip in result.trips] == [
        "Jour fixe Einkauf",
        "Messe München",
        "Abendessen mit Kunden",
    ]


def test_apple_multi_line_location_becomes_one_line():
    result = sample("apple_berlin_hotel.ics")
    trips = by_summary(result)

    assert trips["Hotel Adlon"].location == (
        "Hotel Adlon Kempinski Berlin, Unter den Linden 77, 10117 Berlin, Deutschland"
    )
    assert dates(trips["Hotel Adlon"]) == (D(2026, 9, 6), D(2026, 9, 7))
    assert trips["Urlaub"].location == ""
    assert dates(trips["Urlaub"]) == (D(2026, 8, 15), D(2026, 8, 28))
    assert not result.errors


def test_apple_structured_location_stands_in_for_a_missing_location():
    trip = one_trip(
        "DTSTART;VALUE=DATE:20260420",
        'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS="Taschenberg 3\\\\n01067 Dresden'
        '\\\\nDeutschland";X-APPLE-RADIUS=70;X-TITLE="Hotel Taschenbergpalais":geo:51.0529,13.7356',
    )

    assert trip.location == "Hotel Taschenbergpalais, Taschenberg 3, 01067 Dresden, Deutschland"


def test_tripit_whole_trip_event_and_its_items():
    result = sample("tripit_hamburg.ics")
    trips = by_summary(result)

    whole = trips["Hamburg, Germany, November 2026"]
    assert (whole.location, dates(whole)) == ("Hamburg, Germany", (D(2026, 11, 9), D(2026, 11, 11)))
    assert whole.uid == "8f2d0c6b5a4e4b1f9c3d7e6a5b4c3d2e1f0a9b8c@tripit.com"
    checkout = trips["Check-out: Hotel Atlantic Kempinski"]
    assert dates(checkout) == (D(2026, 11, 11), D(2026, 11, 11))
    assert trips["LH2064 MUC to HAM"].location == "Munich (MUC)"
    assert len(result.trips) == 5
    assert not result.errors


def test_broken_events_are_reported_by_number_and_the_others_survive():
    result = sample("thunderbird_one_bad_event.ics")

    assert [trip.summary for trip in result.trips] == ["Werksbesuch Stuttgart", "Kölner Kundentage"]
    assert [trip.record_number for trip in result.trips] == [1, 3]
    assert [error.record for error in result.errors] == [2, 5, 6]
    assert "20260231" in result.errors[0].message  # 31 February
    assert "DTSTART" in result.errors[1].message
    assert "ends before it starts" in result.errors[2].message


def test_cancelled_event_is_skipped_silently():
    result = sample("thunderbird_one_bad_event.ics")  # event 4, "Messe Düsseldorf", is cancelled

    assert "Messe Düsseldorf" not in by_summary(result)
    assert 4 not in [error.record for error in result.errors]


# The rules


@pytest.mark.parametrize(
    ("dtend", "last_evening"),
    [
        ("20260318T090000", D(2026, 3, 17)),  # check-out in the morning
        ("20260318T120000", D(2026, 3, 17)),  # check-out at noon
        ("20260318T140000", D(2026, 3, 18)),  # still there in the afternoon
        ("20260316T220000", D(2026, 3, 16)),  # same evening
        ("20260317T013000", D(2026, 3, 16)),  # past midnight: still Monday's evening
    ],
)
def test_timed_event_ends_on_the_last_evening(dtend, last_evening):
    trip = one_trip(
        "DTSTART;TZID=Europe/Berlin:20260316T180000", f"DTEND;TZID=Europe/Berlin:{dtend}"
    )

    assert dates(trip) == (D(2026, 3, 16), last_evening)


def test_morning_event_keeps_its_own_day():
    trip = one_trip("DTSTART:20260316T080000", "DTEND:20260316T100000")

    assert dates(trip) == (D(2026, 3, 16), D(2026, 3, 16))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["DTSTART;VALUE=DATE:20260310"], (D(2026, 3, 10), D(2026, 3, 10))),
        (["DTSTART;VALUE=DATE:20260310", "DURATION:P3D"], (D(2026, 3, 10), D(2026, 3, 12))),
        (["DTSTART:20260310T180000Z", "DURATION:PT39H"], (D(2026, 3, 10), D(2026, 3, 11))),
        (["DTSTART:20260310T180000Z"], (D(2026, 3, 10), D(2026, 3, 10))),
    ],
)
def test_end_from_duration_or_one_day_without_end(lines, expected):
    assert dates(one_trip(*lines)) == expected


def test_windows_zone_names_make_times_comparable_across_the_date_line():
    # Tokyo 21:00 to Honolulu 09:30 the same calendar day is a 7½-hour flight, not an error.
    trip = one_trip(
        'DTSTART;TZID="Tokyo Standard Time":20261109T210000',
        'DTEND;TZID="Hawaiian Standard Time":20261109T093000',
    )

    assert dates(trip) == (D(2026, 11, 9), D(2026, 11, 9))


def test_zone_name_the_library_cannot_load_reads_as_local_time():
    trip = one_trip("DTSTART;TZID=Europe:20260316T180000", "DTEND;TZID=Europe:20260318T090000")

    assert dates(trip) == (D(2026, 3, 16), D(2026, 3, 17))


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["SUMMARY:Nowhere"], "no start date"),
        (["DTSTART:20261345T100000"], "DTSTART is not valid: 20261345"),
        (["DTSTART:20260310T100000", "DTEND:20260309T100000"], "ends before it starts"),
        (["DTSTART;VALUE=DATE:20260310", "DTEND;VALUE=DATE:20260301"], "ends before it starts"),
        (["DTSTART;VALUE=DATE:20260310", "DURATION:-P2D"], "ends before it starts"),
        (["DTSTART;VALUE=DATE:20260310", "DTSTART;VALUE=DATE:20260311"], "more than one"),
        (["DTSTART;VALUE=DATE:16040315"], "implausible"),  # Apple's birthday without a year
        (["DTSTART;VALUE=DATE:20260310", "DURATION:soon"], "DURATION"),
    ],
)
def test_event_that_cannot_be_understood_becomes_an_error(lines, reason):
    good = "UID:good\r\nDTSTART;VALUE=DATE:20260401"
    result = parse(calendar(good, "UID:bad\r\n" + "\r\n".join(lines), good.replace("good", "ok")))

    assert [trip.uid for trip in result.trips] == ["good", "ok"]
    [error] = result.errors
    assert error.record == 2
    assert reason in error.message


def test_plausibility_is_judged_from_today():
    data = calendar("UID:x\r\nDTSTART;VALUE=DATE:19100310")

    assert parse_ics(data.encode(), today=D(2000, 1, 1)).trips
    assert parse_ics(data.encode(), today=D(2026, 1, 1)).errors


def test_uid_without_one_depends_on_summary_and_start():
    result = parse(
        calendar(
            "SUMMARY:Dresden\r\nDTSTART;VALUE=DATE:20260310",
            "SUMMARY:Dresden\r\nDTSTART;VALUE=DATE:20260311",
            "SUMMARY:Leipzig\r\nDTSTART;VALUE=DATE:20260310",
        )
    )

    assert len({trip.uid for trip in result.trips}) == 3


def test_cancelled_series_is_skipped_with_its_occurrences():
    result = parse(
        calendar(
            "UID:s\r\nSTATUS:CANCELLED\r\nDTSTART:20260302T090000\r\nRRULE:FREQ=WEEKLY",
            "UID:s\r\nRECURRENCE-ID:20260309T090000\r\nDTSTART:20260310T090000",
            "UID:gone\r\nSTATUS:CANCELLED",  # cancelled and incomplete: still no error
        )
    )

    assert result.trips == []
    assert result.errors == []


def test_event_without_location_is_kept_with_an_empty_location():
    assert one_trip("DTSTART;VALUE=DATE:20260310").location == ""


def test_file_cut_off_in_the_middle_keeps_the_complete_events():
    data = calendar("UID:a\r\nDTSTART;VALUE=DATE:20260310", "UID:b\r\nDTSTART;VALUE=DATE:20260320")
    result = parse(data[: data.rindex("END:VEVENT")])

    assert [trip.uid for trip in result.trips] == ["a"]
    assert result.errors == [RecordError(2, "the event is cut off (no END:VEVENT)")]


def test_windows_1252_file_keeps_its_umlauts():
    data = calendar("UID:a\r\nLOCATION:München\r\nDTSTART;VALUE=DATE:20260310").encode("cp1252")

    assert parse_ics(data, today=TODAY).trips[0].location == "München"


def test_calendar_without_events_is_empty_not_unreadable():
    assert parse(calendar()) == ParseResult()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n",
        b"\x00\x01\x02\x89PNG\r\n\x1a\n" * 100,
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEND:VCARD\r\n",
        b"Name,Phone\r\nAnna,+49 171 1234567\r\n",
    ],
    ids=["empty", "blank", "binary", "vcard", "csv"],
)
def test_file_that_is_no_calendar_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        parse_ics(data, today=TODAY)


def _damaged_versions(data: bytes):
    yield from (data[:cut] for cut in range(0, len(data), max(len(data) // 7, 1)))
    lines = data.splitlines(keepends=True)
    for step in (2, 3, 5):
        yield b"".join(line for index, line in enumerate(lines) if index % step)
    yield data.replace(b":", b";", 5)
    yield data.replace(b"\n", b"\n ", 9)
    yield data.replace(b"BEGIN:VEVENT", b"BEGIN:VEVENT\r\nBEGIN:VALARM", 1)


@pytest.mark.parametrize(
    "path",
    CORPUS_FILES + sorted(SAMPLES.glob("*.ics")),
    ids=lambda path: path.name,
)
def test_damaged_files_never_raise_anything_but_unreadable_file(path):
    for damaged in _damaged_versions(path.read_bytes()):
        try:
            result = parse_ics(damaged, today=TODAY)
        except UnreadableFile:
            continue
        assert all(trip.start <= trip.end for trip in result.trips)


# Format detection


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", True),
        (b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n", True),  # UTF-8 BOM
        ("\ufeffBEGIN:VCALENDAR\n", True),
        ("BEGIN:VCALENDAR\n".encode("utf-16"), True),  # UTF-16 with BOM
        (b"\r\n\r\nbegin:vcalendar\r\n", True),
        (b"BEGIN:VEVENT\r\nDTSTART:20260310\r\n", True),  # a bare event, as khal writes
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\n", False),
        (b"First Name,Last Name\r\n", False),
        (b"x" * 5000 + b"\r\nBEGIN:VCALENDAR\r\n", False),  # not near the start
        (b"", False),
    ],
)
def test_looks_like_ics(content, expected):
    assert looks_like_ics(content) is expected


# Stray spaces around values, as some programs write them

FORCE_COM_EVENT = """BEGIN:VCALENDAR\r
PRODID:-//salesforce.com//Calendar//EN\r
VERSION:2.0\r
METHOD:PUBLISH\r
BEGIN:VEVENT\r
DTSTAMP:20240801T120000Z\r
DTSTART: 20240810T160000Z\r
DTEND: 20240812T223000Z\r
SUMMARY: Kundenbesuch Dresden\r
LOCATION: Dresden\r
UID: 00U5g00000XyZ1AEAV\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_space_after_the_colon_as_force_com_writes_it_keeps_the_event():
    result = parse(FORCE_COM_EVENT)

    assert result.errors == []
    [trip] = result.trips
    assert (trip.summary, trip.location, trip.uid) == (
        "Kundenbesuch Dresden",
        "Dresden",
        "00U5g00000XyZ1AEAV",
    )
    assert dates(trip) == (D(2024, 8, 10), D(2024, 8, 12))


@pytest.mark.parametrize(
    "lines",
    [
        (
            "DTSTART;TZID=Europe/Berlin:20240810T180000  ",
            "DTEND;TZID=Europe/Berlin:20240812T090000 ",
        ),
        ("DTSTART;VALUE=DATE: 20240810 ", "DTEND;VALUE=DATE:\t20240812"),
        ("DTSTART : 20240810T180000", "DURATION: P1DT15H"),
    ],
    ids=["trailing-spaces", "all-day-space-and-tab", "space-before-the-colon"],
)
def test_stray_spaces_around_dates_are_tolerated(lines):
    assert dates(one_trip(*lines)) == (D(2024, 8, 10), D(2024, 8, 11))
