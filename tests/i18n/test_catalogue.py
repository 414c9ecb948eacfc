"""The German catalogue: complete, not fuzzy, compiled, and holding every string of the code."""

import gettext
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

import tafelrunde
from tests.services import require

LOCALE = Path(tafelrunde.__file__).resolve().parent / "locale"
PO = LOCALE / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def catalogue():
    with PO.open("rb") as file:
        return read_po(file, locale="de")


def messages_of(catalogue):
    return [message for message in catalogue if message.id]


def test_the_catalogue_lives_inside_the_package_so_the_wheel_carries_it():
    assert [Path(path) for path in settings.LOCALE_PATHS] == [LOCALE]
    assert MO.is_file()


def test_every_message_has_a_german_translation(catalogue):
    untranslated = [
        message.id
        for message in messages_of(catalogue)
        if not (all(message.string) if isinstance(message.id, tuple) else message.string)
    ]
    assert untranslated == []
    assert len(messages_of(catalogue)) > 600


def test_no_translation_is_fuzzy(catalogue):
    assert not catalogue.fuzzy
    assert [message.id for message in messages_of(catalogue) if message.fuzzy] == []


def test_plural_forms_and_placeholders_agree_with_the_english(catalogue):
    assert catalogue.num_plurals == 2
    problems = [(message.id, errors) for message, errors in catalogue.check()]
    assert problems == []


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(catalogue):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    with MO.open("rb") as file:
        committed = gettext.GNUTranslations(file)._catalog
    expected.pop("", None), committed.pop("", None)  # the headers (dates) may differ
    assert committed == expected, "run compilemessages (see the README's Languages)"


def test_the_catalogue_holds_every_string_of_the_code(catalogue, tmp_path, monkeypatch, settings):
    """A string marked for translation but missing from the .po: run makemessages (README)."""
    require(shutil.which("xgettext"), "needs GNU gettext's xgettext (apt-get install gettext)")
    # A copy of the sources with an empty catalogue: the committed one is never touched.
    sources = tmp_path / "tafelrunde"
    shutil.copytree(LOCALE.parent, sources, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (sources / "locale").mkdir()
    settings.LOCALE_PATHS = [str(sources / "locale")]
    monkeypatch.chdir(sources)
    call_command("makemessages", locale=["de"], verbosity=0)
    with (sources / "locale" / "de" / "LC_MESSAGES" / "django.po").open("rb") as file:
        in_code = {(m.context, m.id) for m in read_po(file) if m.id}
    in_catalogue = {(m.context, m.id) for m in messages_of(catalogue)}
    assert sorted(map(str, in_code - in_catalogue)) == []
