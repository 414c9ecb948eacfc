"""vCards from phones and address books, broken in every way a file can break."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tafelrunde.core.importers.detect import parse_file
from tafelrunde.core.importers.vcard import parse_vcards
from tafelrunde.network.models import Contact, ContactSource
from tests.fuzz.checks import assert_parses_or_refuses, assert_reported, import_or_refuse
from tests.fuzz.conftest import fresh_database, fuzz_settings
from tests.fuzz.exports import vcard_files
from tests.fuzz.strategies import corpus_files, field_text, mutated, nasty_text

REAL_VCARDS = corpus_files(".vcf")
SEEDS = st.one_of(vcard_files().map(lambda spec: spec.data), st.sampled_from(REAL_VCARDS))


@fuzz_settings(75)
@given(spec=vcard_files())
def test_every_good_card_is_read_and_every_card_without_a_name_reported(spec):
    result = assert_parses_or_refuses(parse_vcards, spec.data)

    assert result is not None
    assert [c.external_id for c in result.contacts] == [s.uid for s in spec.good]
    assert [c.full_name for c in result.contacts] == [s.name for s in spec.good]
    assert {e.record for e in result.errors} == spec.bad_numbers()


@fuzz_settings(40)
@given(spec=vcard_files(text=nasty_text(), max_cards=3))
def test_any_text_in_any_field_is_read_or_the_file_refused(spec):
    assert_parses_or_refuses(parse_vcards, spec.data)


@fuzz_settings(100)
@given(data=mutated(SEEDS), fmt=st.sampled_from(["auto", "vcard"]))
def test_a_damaged_file_is_read_or_refused_never_a_traceback(data, fmt):
    assert_parses_or_refuses(parse_file, data, fmt)


@pytest.mark.django_db
@fuzz_settings(25)
@given(spec=vcard_files(text=field_text()))
def test_importing_keeps_good_cards_reports_bad_ones_and_a_repeat_changes_nothing(owner, spec):
    with fresh_database():
        report = import_or_refuse(owner, [("phone.vcf", spec.data)])

        assert report is not None
        assert_reported(report, "phone.vcf", spec.bad_numbers())
        sources = ContactSource.objects.filter(owner=owner, kind="vcard")
        assert set(sources.values_list("external_id", flat=True)) == {s.uid for s in spec.good}
        names = set(Contact.objects.filter(owner=owner).values_list("full_name", flat=True))
        assert names == {s.name for s in spec.good}


@pytest.mark.django_db
@fuzz_settings(25)
@given(data=mutated(SEEDS))
def test_a_damaged_file_imports_what_it_can_or_changes_nothing(owner, data):
    with fresh_database():
        import_or_refuse(owner, [("damaged.vcf", data)])
