"""Trips from the khal test corpus of odd and broken calendars (../shared/corpus/ics): zones of
every kind, series and their exceptions, broken rules, reminders and missing UIDs."""

import pytest

from tests.core.importers.test_ics import (
    CORPUS_FILES,
    D,
    corpus,
    dates,
    needs_corpus,
    parse,
)


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_every_corpus_file_parses_into_trips(path):
    result = parse(path.read_bytes())

    assert result.trips, "no event of the file survived"
    assert all(trip.start <= trip.end for trip in result.trips)
    assert len({trip.uid for trip in result.trips}) == len(result.trips)


@needs_corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("event_d.ics", (D(2014, 4, 9), D(2014, 4, 9))),  # DTEND 10th is exclusive
        ("event_d_long.ics", (D(2014, 4, 9), D(2014, 4, 11))),
        ("event_d_same_start_end.ics", (D(2014, 4, 9), D(2014, 4, 9))),
        ("event_d_no_value.ics", (D(2014, 4, 9), D(2014, 4, 9))),
        ("event_r_past.ics", (D(1965, 4, 23), D(1965, 4, 23))),  # DURATION:P1D
    ],
)
def test_all_day_events_end_the_day_before_dtend(name, expected):
    [trip] = corpus(name).trips

    assert dates(trip) == expected


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "event_dt_london.ics",  # TZID Europe/London, no VTIMEZONE
        "event_dt_floating.ics",  # no zone at all
        "event_dt_simple_zulu.ics",  # UTC
        "event_dt_simple_inkl_vtimezone.ics",
        "event_dt_local_missing_tz.ics",  # TZID=FOO, defined nowhere
        "event_dt_two_tz.ics",  # starts in Berlin, ends in New York
        "event_dt_duration.ics",  # DURATION instead of DTEND
    ],
)
def test_timed_events_in_every_kind_of_zone_land_on_their_local_date(name):
    result = corpus(name)

    assert not result.errors
    assert [dates(trip) for trip in result.trips] == [(D(2014, 4, 9), D(2014, 4, 9))]


@needs_corpus
def test_windows_zone_name_with_its_own_vtimezone():
    [trip] = corpus("tz_windows_format.ics").trips  # TZID:New Zealand Standard Time

    assert trip.summary == "Event with Windows TZ name"
    assert dates(trip) == (D(2019, 11, 20), D(2019, 11, 20))


@needs_corpus
def test_many_custom_timezones_and_an_override_give_one_trip_per_uid():
    result = corpus("cal_lots_of_timezones.ics")

    assert [(trip.uid, trip.summary, trip.start) for trip in result.trips] == [
        ("abcde", "An Event", D(2014, 4, 9)),  # the series, not its "Updated" occurrence
        ("123", "An Event", D(2014, 5, 9)),
    ]
    assert not result.errors


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "event_rrule_recuid.ics",
        "event_rrule_recuid_cancelled.ics",
        "event_rrule_recuid_update.ics",
        "event_rrule_recuid_invalid_tzid.ics",
        "mult_uids_and_recuid_no_order.ics",  # the override comes before its series
    ],
)
def test_a_series_counts_once_at_its_first_occurrence(name):
    trips = {trip.uid: trip for trip in corpus(name).trips}

    assert dates(trips["event_rrule_recurrence_id"]) == (D(2014, 6, 30), D(2014, 6, 30))


@needs_corpus
def test_a_changed_occurrence_without_its_series_is_kept():
    [trip] = corpus("event_dt_recuid_no_master.ics").trips

    assert (trip.uid, trip.start) == ("406336", D(2017, 3, 29))


@needs_corpus
def test_of_several_occurrences_without_their_series_the_earliest_is_kept():
    [trip] = corpus("event_dt_multi_recuid_no_master.ics").trips

    assert trip.start == D(2014, 6, 30)


@needs_corpus
def test_of_two_versions_of_one_uid_the_later_is_kept():
    trips = corpus("event_dt_multi_uid.ics").trips

    assert [(trip.uid, trip.summary) for trip in trips] == [
        ("abc", "Test original"),
        ("def", "Test last"),
    ]


@needs_corpus
@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("invalid_tzoffset.ics", D(2012, 12, 2)),  # VTIMEZONE offset +5328
        ("event_invalid_exdate.ics", D(2011, 11, 12)),
        ("event_dt_rrule_invalid_until.ics", D(2007, 12, 1)),
        ("event_dt_rrule_invalid_until2.ics", D(2014, 4, 9)),
        ("event_dtr_no_tz_exdatez.ics", D(2012, 4, 3)),  # TZID="LOLOLOL"
    ],
)
def test_broken_rules_and_zones_around_an_event_do_not_lose_it(name, start):
    result = corpus(name)

    assert [trip.start for trip in result.trips] == [start]
    assert not result.errors


@needs_corpus
def test_a_broken_reminder_does_not_lose_its_event():
    # Train trips from NS International, whose VALARMs say TRIGGER:PT-2H (invalid).
    trips = corpus("non_dst_error.ics").trips

    assert [(trip.location, trip.start) for trip in trips] == [
        ("Utrecht", D(2023, 2, 3)),
        ("Bruxelles Central/Brussel Centraal", D(2023, 2, 6)),
    ]


@needs_corpus
def test_an_event_without_uid_gets_the_same_uid_on_every_import():
    first = corpus("without_uid.ics").trips[0].uid
    second = corpus("without_uid.ics").trips[0].uid

    assert first == second
    assert first.startswith("tafelrunde-")


# Real exports, written as the programs write them
