"""Several files in one import, of every format: reported per file, all or nothing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tafelrunde.exchange.importing import ImportFailed, import_files
from tests.fuzz.calendars import ics_files
from tests.fuzz.checks import import_or_refuse
from tests.fuzz.conftest import fresh_database, fuzz_settings, row_counts
from tests.fuzz.exports import csv_files, vcard_files
from tests.fuzz.strategies import SAMPLES

pytestmark = pytest.mark.django_db

GOOD_FILES = st.one_of(vcard_files(max_cards=3), csv_files(max_rows=3), ics_files(max_events=3))
BANK_STATEMENT = (SAMPLES / "csv" / "bank_statement.csv").read_bytes()


def unreadable_files() -> st.SearchStrategy[bytes]:
    """Files no importer can read at all: empty, binary, prose, a CSV of something else."""
    return st.one_of(
        st.sampled_from([b"", b"   \r\n\t ", b"\x00" * 12, BANK_STATEMENT]),
        st.sampled_from([b"Dear Jorg,\nsee you in Dresden.\n", b"a,b,c\n1,2,3\n", b"{}"]),
        st.binary(max_size=200).map(lambda tail: bytes(range(1, 9)) * 30 + tail),
        st.just(b"\xff\xfe" + "BEGIN:VCARD\r\n".encode("utf-16-le") + b"\x00\xd8a\x00"),
    )


@fuzz_settings(20)
@given(specs=st.lists(GOOD_FILES, min_size=1, max_size=3), bad=unreadable_files(), data=st.data())
def test_an_unreadable_file_changes_nothing_even_next_to_good_ones(owner, specs, bad, data):
    files = [(f"good-{number}", spec.data) for number, spec in enumerate(specs)]
    files.insert(data.draw(st.integers(0, len(files))), ("unreadable.bin", bad))
    with fresh_database():
        before = row_counts()

        with pytest.raises(ImportFailed, match=r"^unreadable\.bin: "):
            import_files(owner, files)

        assert row_counts() == before


@fuzz_settings(20)
@given(specs=st.lists(GOOD_FILES, min_size=2, max_size=3))
def test_files_of_every_format_are_reported_apart_and_a_repeat_changes_nothing(owner, specs):
    files = [(f"file-{number}", spec.data) for number, spec in enumerate(specs)]
    with fresh_database():
        # Two files may hold one event UID with different dates (an old and a new export):
        # each import writes the first file's dates, then the last one's, which stay.
        report = import_or_refuse(owner, files, strict=False)

        assert report is not None
        expected = {(f"file-{i}", n) for i, spec in enumerate(specs) for n in spec.bad_numbers()}
        assert {(e["source"], e["record"]) for e in report.errors} == expected
