"""Reading bills needs Tesseract with German and English: CI installs them, and has them."""

import shutil
from pathlib import Path

import pytesseract

from tafelrunde.meals.bill_reading import OCR_LANGUAGES
from tests.services import require

CI_SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "run"


def test_ci_installs_tesseract_and_its_german_and_english_data_when_missing():
    script = CI_SCRIPT.read_text()
    assert 'command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"' in script
    assert "tesseract --list-langs" in script
    assert 'missing="$missing tesseract-ocr-$language"' in script
    assert "for language in deu eng; do" in script


def test_tesseract_here_reads_the_languages_bills_are_read_in():
    require(shutil.which("tesseract") is not None, "Tesseract is not installed")
    installed = set(pytesseract.get_languages())
    assert set(OCR_LANGUAGES.split("+")) <= installed
