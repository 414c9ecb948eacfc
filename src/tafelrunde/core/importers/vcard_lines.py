"""vCard syntax: a file's cards, their unfolded content lines, parameters and encoded values.

Written by hand rather than with vobject, which stops at the first card it cannot read:
quoted-printable soft line breaks (Outlook, Android), CR CR LF line ends (iPhone),
a PROFILE property (Lotus Notes) each make it reject the whole file.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tafelrunde.core.importers.encoding import decode_bytes

_LINE_BREAK = re.compile(r"\r*\n|\r")
_QP_RUN = re.compile(r"(?:=[0-9A-Fa-f]{2})+")
_HEAD_WITH_QUOTES = re.compile(r'((?:[^":]|"[^"]*")*):(.*)', re.DOTALL)
_PARAM_WITH_QUOTES = re.compile(r'(?:[^";]|"[^"]*")+')
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_OLD_VERSIONS = frozenset({"VERSION:2.1", "VERSION:1.0"})


@dataclass(slots=True)
class Property:
    """One content line: `group.NAME;PARAM=value:raw value`."""

    group: str  # Apple's item group ("item1"), lowercase, or ""
    name: str  # uppercase
    params: dict[str, list[str]] = field(default_factory=dict)  # uppercase keys
    raw_value: str = ""

    def param(self, key: str) -> str:
        """The first value of a parameter, unquoted, or ""."""
        values = self.params.get(key)
        return values[0].strip().strip('"') if values else ""

    @property
    def types(self) -> set[str]:
        """TYPE values in lowercase, including 2.1's bare ones (`TEL;WORK;VOICE`)."""
        return {
            kind.strip().lower()
            for value in self.params.get("TYPE", ())
            for kind in value.strip('"').split(",")
        }

    def text(self) -> str:
        """The value decoded (quoted-printable, base64, charset) and unescaped, LF line ends."""
        if self.param("ENCODING").upper() in ("B", "BASE64"):
            return unescape(self._from_base64(self.raw_value))
        return unescape(self._decode(self.raw_value))

    def components(self) -> list[str]:
        """The parts of a structured value (N, ADR, ORG), each decoded and unescaped."""
        if self.param("ENCODING").upper() in ("B", "BASE64"):
            return [unescape(part) for part in split_value(self._from_base64(self.raw_value))]
        return [unescape(self._decode(part)) for part in split_value(self.raw_value)]

    def _decode(self, value: str) -> str:
        if self.param("ENCODING").upper() == "QUOTED-PRINTABLE":
            charset = self.param("CHARSET") or None
            if value.isascii() and "==" not in value and not value.endswith("="):
                # All of it at once: run by run costs a call and a string per character.
                return decode_bytes(binascii.a2b_qp(value.encode("ascii")), charset)
            value = _QP_RUN.sub(lambda run: _qp_run(run.group(), charset), value)
        return value

    def _from_base64(self, value: str) -> str:
        try:
            raw = base64.b64decode("".join(value.split()) + "==", validate=False)
        except (binascii.Error, ValueError):
            return ""
        return decode_bytes(raw, self.param("CHARSET") or None)


@dataclass(slots=True)
class RawCard:
    """One BEGIN:VCARD block's raw lines; `complete` is False when END:VCARD never came."""

    lines: list[str]
    complete: bool = True


def iter_cards(text: str) -> Iterator[RawCard]:
    """The raw lines of every BEGIN:VCARD … END:VCARD block, in file order, one at a time
    (a file's lines are never all held at once).

    A card cut off by the next BEGIN:VCARD (or the end of the file) still counts, marked
    incomplete; a card nested in an AGENT property is left out of its parent.
    """
    current: list[str] | None = None
    depth = 0  # nesting inside AGENT cards
    for line in _lines(text):
        marker = _marker(line) if line[:1] in "BbEe" else ""
        if marker == "BEGIN:VCARD":
            if current is not None and (depth or (current and _is_agent(current[-1]))):
                depth += 1
                continue
            if current is not None:
                yield RawCard(current, complete=False)
            current = []
        elif current is None:
            continue
        elif marker == "END:VCARD":
            if depth:
                depth -= 1
            else:
                yield RawCard(current)
                current = None
        elif not depth:
            current.append(line)
    if current is not None:
        yield RawCard(current, complete=False)


def _marker(line: str) -> str:
    """BEGIN:VCARD or END:VCARD as written with stray spaces (`END: VCARD`), else ""."""
    head = line[:40]
    return "".join(head.split()).upper() if len(head) < 40 else ""


def card_properties(lines: list[str], wanted: frozenset[str]) -> Iterator[Property]:
    """The card's content lines, unfolded as its version demands, for the names in wanted."""
    old = any(line[:1] in "Vv" and _is_old_version(line) for line in lines)
    for line in _unfold(lines, keep_space=old):
        prop = _parse_line(line, wanted)
        if prop is not None:
            yield prop


def _is_old_version(line: str) -> bool:
    return "".join(line[:20].split()).upper() in _OLD_VERSIONS


def split_value(value: str, separator: str = ";") -> list[str]:
    """A structured value split at separators that are not escaped (parts stay escaped)."""
    if "\\" not in value:
        return value.split(separator)
    parts, start, index = [], 0, 0
    while index < len(value):
        if value[index] == "\\":
            index += 2
            continue
        if value[index] == separator:
            parts.append(value[start:index])
            start = index + 1
        index += 1
    parts.append(value[start:])
    return parts


def unescape(text: str) -> str:
    r"""Text with vCard escapes (`\n`, `\,`, `\;`, `\\`) resolved and line ends as LF."""
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)
    if "\r" in text:
        text = _LINE_BREAK.sub("\n", text)
    return text


def _lines(text: str) -> Iterator[str]:
    """The text's physical lines, one at a time; line ends CR LF, LF, CR, or CR CR LF
    (iPhone). Read in slices, so no second copy of a large file is made."""
    start, size = 0, len(text)
    while start <= size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        line = text[start:end]
        start = end + 1
        if "\r" in line:
            line = line.rstrip("\r")
            if "\r" in line:  # old Macs end lines with CR alone
                yield from line.split("\r")
                continue
        yield line


def _unfold(lines: list[str], keep_space: bool) -> Iterator[str]:
    """Logical lines: folded lines joined (2.1 keeps the leading space, 3.0/4.0 drop it)
    and quoted-printable soft line breaks (`=` at the end) removed."""
    pieces: list[str] = []  # the pieces of one line, joined once (photos are long)
    soft_break = False
    for line in lines:
        if soft_break:
            pieces[-1] = pieces[-1][:-1]
            pieces.append(line)
        elif line[:1] in (" ", "\t") and pieces:
            pieces.append(line if keep_space else line[1:])
        elif line.strip():
            if pieces:
                yield "".join(pieces)
            pieces = [line]
        else:
            continue  # blank lines end base64 blocks in 2.1; nothing to keep
        soft_break = pieces[-1].endswith("=") and _is_quoted_printable(pieces[0])
    if pieces:
        yield "".join(pieces)


def _is_quoted_printable(line: str) -> bool:
    return "QUOTED-PRINTABLE" in line.partition(":")[0].upper()


def _is_agent(line: str) -> bool:
    head, _, value = line.partition(":")
    return head.split(";")[0].rpartition(".")[2].strip().upper() == "AGENT" and not value.strip()


def _parse_line(line: str, wanted: frozenset[str]) -> Property | None:
    head, colon, value = line.partition(":")
    if not colon:
        return None  # stray text, e.g. unindented base64 of an old phone's photo
    name_part, _, param_text = head.partition(";")
    group, _, name = name_part.rpartition(".")
    name = name.strip().upper()
    if name not in wanted:
        return None
    if '"' in param_text:  # a quoted parameter value may hold the colon
        match = _HEAD_WITH_QUOTES.match(line)
        if match:
            param_text, value = match.group(1).partition(";")[2], match.group(2)
    return Property(group.strip().lower(), name, _parse_params(param_text), value)


def _parse_params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    if not text:
        return params
    items = _PARAM_WITH_QUOTES.findall(text) if '"' in text else text.split(";")
    for item in items:
        key, equals, value = item.partition("=")
        key = key.strip().upper()
        if not equals:  # 2.1's bare parameters: `TEL;WORK;VOICE`, `NOTE;QUOTED-PRINTABLE`
            key, value = ("ENCODING" if key in _BARE_ENCODINGS else "TYPE"), key
        params.setdefault(key, []).append(value.strip())
    return params


def _qp_run(run: str, charset: str | None) -> str:
    return decode_bytes(bytes.fromhex(run.replace("=", "")), charset)
