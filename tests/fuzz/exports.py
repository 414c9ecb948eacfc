"""Contacts exports as real programs write them (vCard, CSV), with good and bad records.

Each file strategy draws a *spec* first (which records are good, which are bad and why) and
writes it out as the exporting program would; the tests compare what the importer made of
the file with the spec; calendars are in tests.fuzz.calendars, and
`tests.fuzz.strategies.mutated` breaks any file at the byte level.
"""

from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass, field

from hypothesis import strategies as st

from tafelrunde.core.names import person_key
from tests.fuzz.strategies import CODECS, LETTERS, encode, field_text, words

# --- vCards ----------------------------------------------------------------------------


@dataclass
class CardSpec:
    """One card: good ones have a name and a UID to find them by; bad ones have no name."""

    good: bool
    given: str = ""
    family: str = ""
    uid: str = ""
    organisation: str = ""
    title: str = ""
    note: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    city: str = ""
    birthday: str = ""
    categories: str = ""
    photo: bytes = b""
    garbage: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass
class FileSpec:
    records: list  # CardSpec, RowSpec or EventSpec
    data: bytes

    @property
    def good(self) -> list:
        return [r for r in self.records if r.good]

    def bad_numbers(self) -> set[int]:
        return {n for n, r in enumerate(self.records, start=1) if not r.good}


@st.composite
def card_specs(draw, index: int, good: bool, text: st.SearchStrategy[str]) -> CardSpec:
    given, family = draw(words()), draw(words())
    addresses = [f"p{index}@example.com"] if good else []
    spec = CardSpec(
        good=good,
        given=given if good else "",
        family=family if good else "",
        uid=f"fuzz-{index}-{draw(st.text('0123456789abcdef', min_size=4, max_size=12))}",
        organisation=draw(text) if good else "",
        title=draw(text),
        note=draw(text),
        # A card without a name is named after its e-mail address: a bad one has none.
        email=draw(st.sampled_from(["", *addresses, "no-at-sign", "@"])),
        phone=draw(st.sampled_from(["", f"+49 351 {4_860_000 + index}", "0351-", "fax"])),
        street=draw(text),
        city=draw(st.sampled_from(["", "Dresden", "München", "Nowhere-on-Earth"])),
        birthday=draw(st.sampled_from(["", "1970-12-24", "19700230", "--0322", "1604-03-22"])),
        categories=draw(st.sampled_from(["", "Kunde", "Friends,Work", "myContacts"])),
        photo=draw(st.sampled_from([b"", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8])),
        garbage=draw(
            st.lists(st.sampled_from(["X-JUNK:1", "no colon here", "=", ";;"]), max_size=2)
        ),
    )
    return spec


def _escape_v3(value: str, structured: bool = False) -> str:
    value = value.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n")
    value = value.replace("\r", "\\n").replace(",", "\\,")
    return value.replace(";", "\\;") if structured else value


def fold_line(line: str, width: int = 75) -> list[str]:
    """A content line folded as vCard and iCalendar do: continuation lines start with a space."""
    parts = [line[:width]]
    parts += [" " + line[i : i + width - 1] for i in range(width, len(line), width - 1)]
    return parts


def _qp(value: str, charset: str) -> str:
    raw = value.encode(charset)
    return "".join(chr(b) if 33 <= b <= 126 and chr(b) not in "=;:\\" else f"={b:02X}" for b in raw)


def _qp_soft_breaks(line: str, width: int = 73) -> list[str]:
    parts, rest = [], line
    while len(rest) > width:
        cut = width
        while rest[cut - 2 : cut].find("=") >= 0 and cut > 3:  # never split "=C3"
            cut -= 1
        parts.append(rest[:cut] + "=")
        rest = rest[cut:]
    return [*parts, rest]


def write_card(spec: CardSpec, version: str) -> list[str]:
    """The card's content lines as a program writing `version` would."""
    props: list[tuple[str, list[str] | str]] = []
    if spec.good:
        props += [("N", [spec.family, spec.given, "", "", ""]), ("FN", spec.name)]
    props += [("UID", spec.uid)]
    if spec.organisation:
        props.append(("ORG", [spec.organisation]))
    for name, value in (("TITLE", spec.title), ("NOTE", spec.note), ("BDAY", spec.birthday)):
        if value:
            props.append((name, value))
    if spec.email:
        props.append(("EMAIL;TYPE=INTERNET", spec.email))
    if spec.phone:
        props.append(("TEL;TYPE=CELL", spec.phone))
    if spec.street or spec.city:
        props.append(("ADR;TYPE=WORK", ["", "", spec.street, spec.city, "", "", ""]))
    if spec.categories:
        props.append(("CATEGORIES", spec.categories))
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    for name, value in props:
        lines += _property_lines(name, value, version)
    if spec.photo:
        lines += _photo_lines(spec.photo, version)
    lines += spec.garbage
    lines.append("END:VCARD")
    return lines


def _property_lines(name: str, value: list[str] | str, version: str) -> list[str]:
    parts = value if isinstance(value, list) else [value]
    if version != "2.1":
        text = ";".join(_escape_v3(part, isinstance(value, list)) for part in parts)
        return fold_line(f"{name}:{text}")
    plain = all(part.isascii() and part.isprintable() and "\\" not in part for part in parts)
    if plain and not (isinstance(value, list) and any(";" in part for part in parts)):
        return [f"{name}:{';'.join(parts)}"]
    charset = "ISO-8859-1" if all(_fits(part, "latin-1") for part in parts) else "UTF-8"
    text = ";".join(_qp(part, charset) for part in parts)
    return _qp_soft_breaks(f"{name};ENCODING=QUOTED-PRINTABLE;CHARSET={charset}:{text}")


def _fits(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _photo_lines(photo: bytes, version: str) -> list[str]:
    data = base64.b64encode(photo).decode()
    if version == "2.1":  # indented base64, ended by a blank line
        return [
            "PHOTO;ENCODING=BASE64;TYPE=JPEG:",
            *(f"  {data[i : i + 72]}" for i in range(0, len(data), 72)),
            "",
        ]
    return fold_line(f"PHOTO;ENCODING=b;TYPE=JPEG:{data}")


@st.composite
def vcard_files(draw, text: st.SearchStrategy[str] | None = None, max_cards: int = 6) -> FileSpec:
    """A vCard file of good cards and cards without a name, in one version and encoding."""
    text = field_text() if text is None else text
    count = draw(st.integers(1, max_cards))
    goods = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    specs = [draw(card_specs(i, good, text)) for i, good in enumerate(goods, start=1)]
    _unique_names(draw, specs)
    version = draw(st.sampled_from(["2.1", "3.0", "4.0"]))
    line_end = draw(st.sampled_from(["\r\n", "\n", "\r\r\n"]))
    lines = [line for spec in specs for line in write_card(spec, version)]
    codec = draw(CODECS)
    return FileSpec(specs, encode(line_end.join(lines) + line_end, codec))


def _unique_names(draw, specs: list) -> None:
    """Two good records with one folded name could rightly become one contact: avoid it."""
    seen: set[str] = set()
    for spec in specs:
        while spec.good and person_key(spec.given, spec.family) in seen:
            spec.family += draw(st.sampled_from(LETTERS[:26]))
        seen.add(person_key(spec.given, spec.family))


# --- CSV -------------------------------------------------------------------------------

# Per layout: (column for each logical field, preamble, delimiter choices).
CSV_LAYOUTS = {
    "google-csv": (
        {
            "given": "First Name",
            "middle": "Middle Name",
            "family": "Last Name",
            "prefix": "Name Prefix",
            "nickname": "Nickname",
            "organisation": "Organization Name",
            "role": "Organization Title",
            "birthday": "Birthday",
            "notes": "Notes",
            "labels": "Labels",
            "email": "E-mail 1 - Value",
            "email_label": "E-mail 1 - Label",
            "phone": "Phone 1 - Value",
            "phone_label": "Phone 1 - Label",
            "street": "Address 1 - Street",
            "city": "Address 1 - City",
            "formatted": "Address 1 - Formatted",
            "country": "Address 1 - Country",
        },
        "",
        (",",),
    ),
    "outlook-csv": (
        {
            "title": "Title",
            "given": "First Name",
            "middle": "Middle Name",
            "family": "Last Name",
            "organisation": "Company",
            "role": "Job Title",
            "street": "Business Street",
            "city": "Business City",
            "country": "Business Country/Region",
            "phone": "Business Phone",
            "mobile": "Mobile Phone",
            "birthday": "Birthday",
            "labels": "Categories",
            "email": "E-mail Address",
            "notes": "Notes",
        },
        "",
        (",",),
    ),
    "outlook-csv-de": (
        {
            "title": "Anrede",
            "given": "Vorname",
            "family": "Nachname",
            "organisation": "Firma",
            "role": "Position",
            "street": "Straße geschäftlich",
            "city": "Ort geschäftlich",
            "phone": "Telefon geschäftlich",
            "mobile": "Mobiltelefon",
            "birthday": "Geburtstag",
            "labels": "Kategorien",
            "email": "E-Mail-Adresse",
            "notes": "Notizen",
        },
        "",
        (";", ","),
    ),
    "linkedin-csv": (
        {
            "given": "First Name",
            "family": "Last Name",
            "url": "URL",
            "email": "Email Address",
            "organisation": "Company",
            "role": "Position",
            "connected": "Connected On",
        },
        'Notes:\n"When exporting your connection data, you may notice that some of the email'
        ' addresses are missing."\n\n',
        (",",),
    ),
}
IDENTITY = ("given", "middle", "family", "nickname", "organisation", "email", "prefix", "title")


@dataclass
class RowSpec:
    good: bool
    cells: dict[str, str]
    extra: list[str] = field(default_factory=list)  # cells beyond the header: a bad row

    @property
    def name(self) -> str:
        return " ".join(self.cells[k] for k in ("given", "middle", "family") if self.cells.get(k))


@st.composite
def row_specs(draw, index: int, columns: dict, kind: str, text) -> RowSpec:
    cells = {key: draw(text) for key in columns}
    cells |= {"given": draw(words()), "family": draw(words()), "middle": ""}
    cells["email"] = draw(st.sampled_from(["", f"p{index}@example.com", "not an address"]))
    for key in ("phone", "mobile"):
        cells[key] = draw(st.sampled_from(["", f"+49 351 {4_860_000 + index}", "0 ::: 1", "x"]))
    for key in ("birthday", "connected"):
        cells[key] = draw(
            st.sampled_from(["", "1970-12-24", "24.12.70", "12 Mar 2003", "0.0.00", "31/31/2020"])
        )
    cells["url"] = f"https://www.linkedin.com/in/fuzz-{index}"
    cells = {key: value for key, value in cells.items() if key in columns}
    if kind == "nameless":
        cells |= {key: "" for key in IDENTITY if key in cells}
        cells["role"] = "no name here"  # not blank: a blank row is skipped, not reported
    extra = (
        draw(st.lists(st.text("xyz", min_size=1), min_size=1, max_size=3)) if kind == "wide" else []
    )
    return RowSpec(good=kind == "good", cells=cells, extra=extra)


@st.composite
def csv_files(draw, layout: str | None = None, text=None, max_rows: int = 6) -> FileSpec:
    """A contacts CSV export of good rows, rows without a name and rows too wide."""
    text = field_text() if text is None else text
    layout = layout or draw(st.sampled_from(sorted(CSV_LAYOUTS)))
    columns, preamble, delimiters = CSV_LAYOUTS[layout]
    count = draw(st.integers(1, max_rows))
    kinds = draw(
        st.lists(
            st.sampled_from(["good", "good", "nameless", "wide"]), min_size=count, max_size=count
        )
    )
    specs = [draw(row_specs(i, columns, kind, text)) for i, kind in enumerate(kinds, start=1)]
    _unique_row_names(draw, specs)
    header = list(columns.values())
    order = draw(st.permutations(range(len(header))))
    codec = draw(CODECS)
    delimiter = "\t" if codec == "utf-16" else draw(st.sampled_from(delimiters))
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        lineterminator=draw(st.sampled_from(["\r\n", "\n"])),
    )
    keys = list(columns)
    writer.writerow([header[i] for i in order])
    for spec in specs:
        writer.writerow([spec.cells.get(keys[i], "") for i in order] + spec.extra)
    return FileSpec(specs, encode(preamble + out.getvalue(), codec))


def _unique_row_names(draw, specs: list[RowSpec]) -> None:
    seen: set[str] = set()
    for spec in specs:
        while spec.good and person_key(spec.cells["given"], spec.cells["family"]) in seen:
            spec.cells["family"] += draw(st.sampled_from(LETTERS[:26]))
        seen.add(person_key(spec.cells["given"], spec.cells["family"]))
