"""Calendar files (.ics) with trips, appointments in town and events broken on purpose."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tafelrunde.core.importers.detect import parse_file
from tafelrunde.core.importers.ics import parse_ics
from tafelrunde.travel.models import Trip
from tests.fuzz.calendars import ics_files
from tests.fuzz.checks import assert_parses_or_refuses, assert_reported, import_or_refuse
from tests.fuzz.conftest import fresh_database, fuzz_settings
from tests.fuzz.strategies import corpus_files, field_text, mutated, nasty_text

REAL_ICS = corpus_files(".ics")
SEEDS = st.one_of(ics_files().map(lambda spec: spec.data), st.sampled_from(REAL_ICS))
# Nesting deeper than any parser's recursion: components inside components inside an event.
DEEP = (
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:deep\r\nDTSTART;VALUE=DATE:20300101\r\n"
    + b"BEGIN:X-NEST\r\n" * 5000
    + b"END:X-NEST\r\n" * 5000
    + b"BEGIN:VTIMEZONE\r\n" * 3000
    + b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@fuzz_settings(75)
@given(spec=ics_files())
def test_every_good_event_is_read_and_every_bad_one_reported_with_its_number(spec):
    result = assert_parses_or_refuses(parse_ics, spec.data)

    assert result is not None
    assert [t.uid for t in result.trips] == [s.uid for s in spec.good]
    errors = {e.record: e.message for e in result.errors}
    assert set(errors) == spec.bad_numbers(), [(s.problem, errors) for s in spec.records]


@fuzz_settings(40)
@given(spec=ics_files(text=nasty_text(), max_events=3), fmt=st.sampled_from(["auto", "ics"]))
def test_any_text_in_any_property_is_read_or_the_file_refused(spec, fmt):
    assert_parses_or_refuses(parse_file, spec.data, fmt)


@fuzz_settings(100)
@given(data=mutated(SEEDS), fmt=st.sampled_from(["auto", "ics"]))
def test_a_damaged_file_is_read_or_refused_never_a_traceback(data, fmt):
    assert_parses_or_refuses(parse_file, data, fmt)


def test_deeply_nested_components_are_read_without_recursion():
    result = assert_parses_or_refuses(parse_ics, DEEP)

    assert result is not None


@pytest.mark.django_db
@fuzz_settings(25)
@given(spec=ics_files(text=field_text()))
def test_importing_makes_trips_of_good_events_reports_bad_ones_and_repeats_idempotently(
    owner, spec
):
    with fresh_database():
        report = import_or_refuse(owner, [("calendar.ics", spec.data)])

        assert report is not None
        assert_reported(report, "calendar.ics", spec.bad_numbers())
        uids = set(Trip.objects.filter(owner=owner).values_list("calendar_uid", flat=True))
        assert uids == {s.uid for s in spec.records if s.is_trip}


@pytest.mark.django_db
@fuzz_settings(25)
@given(data=mutated(SEEDS))
def test_a_damaged_file_imports_what_it_can_or_changes_nothing(owner, data):
    with fresh_database():
        import_or_refuse(owner, [("damaged.ics", data)])
