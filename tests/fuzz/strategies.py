"""Hypothesis strategies for what users and programs send: odd text, damaged files, form
values. The files themselves, as exporting programs write them, are in tests.fuzz.exports."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from tests.conftest import CORPUS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# Names survive every encoding the exporters use: no letter here combines with another
# into valid UTF-8 when written as Windows-1252 (š would: "äšš" is one UTF-8 character).
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüéèçñøå"
# What breaks parsers and databases: controls (NUL above all), line separators Python
# knows and the formats do not, escapes of every format, emoji, combining marks.
SPECIALS = (
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u200b", "\u202e", "\ufeff",
    "\ufffd", "😀", "👨‍👩‍👧", "中文", "ß", "İ", "\u0301", "\r", "\n", "\r\n", "\t", "\\", "\\n",
    ";", ",", ":", '"', "=", "'", "=0D=0A", "=C3", "<b>", "%s", "{name}", "{", "}",
    "BEGIN:VCARD", "END:VEVENT",
)  # fmt: skip
# Text a real export may hold in any field: anything printable, now and then a special.
MILD = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
PRINTABLE_SPECIALS = tuple(s for s in SPECIALS if s.isprintable() and "BEGIN" not in s)


def words(min_size: int = 2, max_size: int = 10) -> st.SearchStrategy[str]:
    return st.text(LETTERS, min_size=min_size, max_size=max_size).map(str.capitalize)


def nasty_text(max_pieces: int = 8) -> st.SearchStrategy[str]:
    """Any text at all: controls, NULs, emoji, format escapes, and now and then 10k chars."""
    piece = st.one_of(st.text(max_size=8), st.sampled_from(SPECIALS))
    short = st.lists(piece, max_size=max_pieces).map("".join)
    return st.one_of(short, short, short, huge_text())


def huge_text() -> st.SearchStrategy[str]:
    """Longer than any column: 300 to 12,000 of one character (ASCII, umlaut, CJK, emoji)."""
    return st.builds(
        lambda char, n: char * n, st.sampled_from("xÄ中😀 ;,"), st.integers(300, 12_000)
    )


def field_text() -> st.SearchStrategy[str]:
    """Text for a good record's other fields: printable, sometimes odd, sometimes too long."""
    odd = st.tuples(MILD, st.sampled_from(PRINTABLE_SPECIALS), MILD).map("".join)
    too_long = st.builds(lambda char, n: char * n, st.sampled_from("xÄ中"), st.integers(251, 600))
    return st.one_of(MILD, MILD, odd, too_long)


# --- byte-level damage -----------------------------------------------------------------

GARBAGE_LINES = (
    b"garbage", b"BEGIN:VCARD", b"END:VCARD", b"BEGIN:VEVENT", b"END:VEVENT",
    b"BEGIN:VCALENDAR", b"END:VCALENDAR", b"BEGIN:VALARM", b"\x00\x00\x00", b"=", b" folded on",
    b":", b";;;=:", b"X-FOO;ENCODING=QUOTED-PRINTABLE:=C3=", b"DTSTART:",
    b"DTSTART;TZID=Nowhere/Else:2026", b"TEL;ENCODING=b:!!!", b'N;CHARSET="x:y":a;b',
    b"\xff\xfe", b"\xef\xbb\xbf", b'"""', b",,,,,,,,,,,,,,,,,,,,", b";;;;;;;;", b"\t\t\t",
    b"First Name,Last Name,Connected On", b"KIND:group", b"MEMBER:urn:uuid:fuzz-1-0000",
    b"STATUS:CANCELLED", b"RECURRENCE-ID:20260101T000000",
)  # fmt: skip


@st.composite
def mutated(draw, files: st.SearchStrategy[bytes], max_steps: int = 6) -> bytes:
    """A file after one to `max_steps` kinds of damage: cut, garbage, NULs, re-encoding…"""
    data = bytearray(draw(files))
    for _ in range(draw(st.integers(1, max_steps))):
        position = int(draw(st.floats(0, 1)) * len(data))
        step = draw(st.sampled_from(_STEPS))
        data = bytearray(step(draw, data, position))
    return bytes(data)


def _truncate(draw, data: bytearray, at: int) -> bytes:
    return data[:at]


def _delete(draw, data: bytearray, at: int) -> bytes:
    return data[:at] + data[at + draw(st.integers(1, 200)) :]


def _random_bytes(draw, data: bytearray, at: int) -> bytes:
    return data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]


def _garbage_line(draw, data: bytearray, at: int) -> bytes:
    start = data.rfind(b"\n", 0, at) + 1  # at the start of a line
    line = draw(st.sampled_from(GARBAGE_LINES)) + draw(st.sampled_from([b"\r\n", b"\n", b"\r"]))
    return data[:start] + line + data[start:]


def _nul_bytes(draw, data: bytearray, at: int) -> bytes:
    return data[:at] + b"\x00" * draw(st.integers(1, 4)) + data[at:]


def _flip_byte(draw, data: bytearray, at: int) -> bytes:
    if at >= len(data):
        return data
    data[at] = draw(st.integers(0, 255))
    return data


def _duplicate(draw, data: bytearray, at: int) -> bytes:
    length = draw(st.integers(1, 400))
    return data[:at] + data[at : at + length] * draw(st.integers(2, 5)) + data[at:]


def _huge_field(draw, data: bytearray, at: int) -> bytes:
    return (
        data[:at]
        + draw(st.sampled_from([b"x", b"\xc3\xa4", b"=", b";", b","]))
        * draw(st.sampled_from([20_000, 200_000]))  # past the csv module's field limit
        + data[at:]
    )


def _reencode(draw, data: bytearray, at: int) -> bytes:
    codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]))
    text = bytes(data).decode("utf-8", errors="replace")
    return text.encode(codec, errors="replace")


def _line_ends(draw, data: bytearray, at: int) -> bytes:
    end = draw(st.sampled_from([b"\r\n", b"\r", b"\r\r\n", b"\n\n"]))
    return bytes(data).replace(b"\r\n", b"\n").replace(b"\n", end)


_STEPS = (
    _truncate, _delete, _random_bytes, _garbage_line, _nul_bytes, _flip_byte, _duplicate,
    _huge_field, _reencode, _line_ends,
)  # fmt: skip


def encode(text: str, codec: str) -> bytes:
    """The text as the exporting program saved it; UTF-8 when the codec cannot hold it."""
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return text.encode("utf-8")


CODECS = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"])


def corpus_files(*suffixes: str) -> list[bytes]:
    """The real exports beside the checkout and in tests/samples, as seeds for mutation."""
    found = []
    for folder in (CORPUS, SAMPLES):
        if folder.is_dir():
            found += [p for p in sorted(folder.rglob("*")) if p.suffix in suffixes]
    return [path.read_bytes() for path in found]


# --- form values -----------------------------------------------------------------------

NUMBERS = (
    "0", "-1", "1", "3", "5", "6", "3650", "3651", "-0", "1e309", "NaN", "nan", "Infinity",
    "-Infinity", "1.5", "1,5", "99999999999999999999999", str(2**63), str(-(2**63) - 1), "0x10",
    "١٢", "½", " 3 ", "3\x00", "",
)  # fmt: skip
DATES = (
    "2026-02-28", "2026-02-30", "0001-01-01", "0000-01-01", "9999-12-31", "10000-01-01",
    "31.12.2026", "12/31/2026", "2026-1-1", "-2026-01-01", "2026-01-01T25:00", "today", "",
)  # fmt: skip
TIMES = (
    "19:30", "24:00", "23:59:59.999999", "7pm", "-1:00", "",
)  # fmt: skip


def form_value() -> st.SearchStrategy[str]:
    """Anything a browser, a script or an attacker might post in one field."""
    return st.one_of(
        nasty_text(),
        st.builds(lambda a, b: f"{a}\x00{b}", words(), words()),  # PostgreSQL refuses NUL
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
        st.sampled_from(TIMES),
        st.sampled_from(SPECIALS),
    )
