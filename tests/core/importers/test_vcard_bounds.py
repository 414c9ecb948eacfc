"""Hostile and damaged vCards: bounded work, nothing dropped without a word."""

import datetime as dt
import sys
from pathlib import Path

from tafelrunde.core.importers.vcard import MAX_PER_CONTACT, parse_vcards

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def card(*lines: str, version: str = "3.0", end: bool = True) -> str:
    closing = ("END:VCARD",) if end else ()
    return "\r\n".join(("BEGIN:VCARD", f"VERSION:{version}", *lines, *closing, ""))


def huge_card(count: int) -> bytes:
    lines = ["N:Groß;Hänsel;;;", "FN:Hänsel Groß"]
    for i in range(count):
        lines.append(f"TEL;TYPE=WORK:+49 351 {i:07d}")
        lines.append(f"EMAIL;TYPE=INTERNET:Person{i}@example{i % 97}.com")
        lines.append(f"ADR;TYPE=HOME:;;Straße {i};Dresden;;01067;Deutschland")
        lines.append(f"CATEGORIES:Gruppe {i}")
    return card(*lines).encode()


def messages(result) -> list[str]:
    return [warning.text for warning in result.warnings]


def test_a_card_with_thousands_of_numbers_keeps_the_first_fifty_of_each_and_says_so():
    result = parse_vcards(huge_card(5000))

    [contact] = result.contacts
    assert len(contact.phones) == len(contact.emails) == len(contact.addresses) == MAX_PER_CONTACT
    assert contact.phones[0].number == "+49 351 0000000"
    assert contact.emails[-1] == f"Person{MAX_PER_CONTACT - 1}@example{MAX_PER_CONTACT - 1}.com"
    assert len(contact.categories) == MAX_PER_CONTACT
    text = " ".join(messages(result))
    for what in ("phone numbers", "e-mail addresses", "addresses", "categories"):
        assert f"4950 more {what} left out: at most 50 per contact are kept" in text
    assert all(warning.record == 1 for warning in result.warnings)


def test_the_same_address_many_times_over_is_one_and_drops_nothing():
    lines = ["FN:Anna Schmidt", *["EMAIL:anna@example.com", "EMAIL:ANNA@example.com"] * 200]
    result = parse_vcards(card(*lines).encode())

    assert result.contacts[0].emails == ["anna@example.com"]
    assert result.warnings == []


def test_a_card_cut_off_before_its_end_is_imported_and_called_incomplete():
    data = card("FN:Anna Schmidt", "TEL:0351 1234567") + card("FN:Bernd Roth", end=False)
    result = parse_vcards(data.encode())

    assert [c.full_name for c in result.contacts] == ["Anna Schmidt", "Bernd Roth"]
    [warning] = result.warnings
    assert warning.record == 2
    assert warning.text.startswith("incomplete")


def test_a_card_cut_off_by_the_next_one_is_called_incomplete_too():
    data = card("FN:Anna Schmidt", end=False) + card("FN:Bernd Roth")
    result = parse_vcards(data.encode())

    assert [c.full_name for c in result.contacts] == ["Anna Schmidt", "Bernd Roth"]
    assert [(w.record, w.text[:10]) for w in result.warnings] == [(1, "incomplete")]


def test_complete_cards_get_no_remark():
    assert parse_vcards(card("FN:Anna Schmidt").encode()).warnings == []


def test_stray_spaces_around_values_and_markers_are_tolerated():
    text = (
        "BEGIN: VCARD\r\nVERSION: 3.0\r\nN: Schmidt;Anna;;;\r\nFN: Anna Schmidt\r\n"
        "BDAY: 19700101\r\nEMAIL;TYPE=INTERNET: anna@example.com \r\n"
        "TEL;TYPE=CELL:  +49 171 5550123\r\nEND:VCARD \r\n"
    )
    result = parse_vcards(text.encode())

    [anna] = result.contacts
    assert (anna.full_name, anna.given_name, anna.family_name) == (
        "Anna Schmidt",
        "Anna",
        "Schmidt",
    )
    assert anna.birthday == dt.date(1970, 1, 1)
    assert anna.emails == ["anna@example.com"]
    assert anna.phones[0].number == "+49 171 5550123"
    assert result.warnings == []


def test_a_version_line_with_a_space_still_unfolds_as_version_2_1():
    # 2.1 keeps the space that starts a folded line; 3.0 would drop it.
    text = card("FN:Anna Schmidt", "NOTE:erste Zeile", " und weiter", version=" 2.1")
    [contact] = parse_vcards(text.encode()).contacts
    assert contact.notes == "erste Zeile und weiter"


def test_a_long_quoted_printable_note_is_decoded_whole():
    words = "Gr=C3=BC=C3=9Fe aus M=C3=BCnchen " * 20_000
    lines = [words[i : i + 74] for i in range(0, len(words), 74)]
    note = "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + "=\r\n".join(lines)
    [contact] = parse_vcards(card("FN:Anna Schmidt", note, version="2.1").encode()).contacts
    assert contact.notes == ("Grüße aus München " * 20_000).strip()


def test_reading_a_large_quoted_printable_card_takes_a_few_times_its_size_in_memory():
    import tracemalloc

    sys.path.insert(0, str(BENCHMARKS))
    from import_vcards import quoted_printable_card

    data = quoted_printable_card(6_000_000)
    tracemalloc.start()
    try:
        [contact] = parse_vcards(data).contacts
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert contact.notes.startswith("Grüße aus München")
    assert peak < 8 * len(data)  # it was 12 times when the file was held as several copies
