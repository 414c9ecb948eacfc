"""Contacts CSV exports from Google, Outlook and LinkedIn, with good rows and bad ones."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tafelrunde.core.importers.csv_contacts import parse_contacts_csv
from tafelrunde.core.importers.detect import parse_file
from tafelrunde.network.models import Contact
from tests.fuzz.checks import assert_parses_or_refuses, assert_reported, import_or_refuse
from tests.fuzz.conftest import fresh_database, fuzz_settings
from tests.fuzz.exports import csv_files
from tests.fuzz.strategies import corpus_files, field_text, mutated, nasty_text

REAL_CSV = corpus_files(".csv", ".txt")
SEEDS = st.one_of(csv_files().map(lambda spec: spec.data), st.sampled_from(REAL_CSV))
FORMATS = ["auto", "google-csv", "outlook-csv", "thunderbird-csv", "linkedin-csv"]


@fuzz_settings(75)
@given(spec=csv_files())
def test_every_good_row_is_read_and_every_bad_row_reported_with_its_number(spec):
    result = assert_parses_or_refuses(parse_contacts_csv, spec.data)

    assert result is not None
    assert [c.full_name for c in result.contacts] == [s.name for s in spec.good]
    assert {e.record for e in result.errors} == spec.bad_numbers()


@fuzz_settings(40)
@given(spec=csv_files(text=nasty_text(), max_rows=3), fmt=st.sampled_from(FORMATS))
def test_any_text_in_any_cell_is_read_or_the_file_refused(spec, fmt):
    assert_parses_or_refuses(parse_file, spec.data, fmt)


@fuzz_settings(100)
@given(data=mutated(SEEDS), fmt=st.sampled_from(FORMATS))
def test_a_damaged_file_is_read_or_refused_never_a_traceback(data, fmt):
    assert_parses_or_refuses(parse_file, data, fmt)


@pytest.mark.django_db
@fuzz_settings(25)
@given(spec=csv_files(text=field_text()))
def test_importing_keeps_good_rows_reports_bad_ones_and_a_repeat_changes_nothing(owner, spec):
    with fresh_database():
        report = import_or_refuse(owner, [("contacts.csv", spec.data)])

        assert report is not None
        assert_reported(report, "contacts.csv", spec.bad_numbers())
        names = set(Contact.objects.filter(owner=owner).values_list("full_name", flat=True))
        assert names == {s.name for s in spec.good}


@pytest.mark.django_db
@fuzz_settings(25)
@given(data=mutated(SEEDS))
def test_a_damaged_file_imports_what_it_can_or_changes_nothing(owner, data):
    with fresh_database():
        import_or_refuse(owner, [("damaged.csv", data)])
