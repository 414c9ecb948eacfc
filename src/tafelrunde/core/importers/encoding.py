"""Bytes of an exported file to text, whichever encoding the exporting program chose."""

from __future__ import annotations

import codecs
import re

from tafelrunde.core.records import UnreadableFile, gettext_noop

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control characters that never occur in text files (tab, line feed, carriage return,
# form feed and vertical tab do), plus the replacement character of undecodable bytes.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_MAX_JUNK_SHARE = 0.05
_SNIFF_BYTES = 4096
_SNIFF_CHARS = 1 << 20


def decode_text(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 (with BOM, or guessed from its
    zero bytes), else Windows-1252 line by line where UTF-8 fails. Stray NUL bytes are dropped.

    Raises UnreadableFile for an empty file or binary data (many control characters).
    """
    data = data.rstrip(b"\x00")  # zero padding at the end, left by some copy tools
    if data.startswith(_UTF16_BOMS) or _looks_like_utf16(data):
        text = _decode_utf16(data)
    else:
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Files pasted together from several programs mix encodings; decide per line.
            text = "\n".join(decode_bytes(line) for line in data.split(b"\n"))
    if not text.strip():
        raise UnreadableFile(gettext_noop("the file is empty"))
    head = text[:_SNIFF_CHARS]  # binary files show it from the start; exports can be huge
    if len(_JUNK.findall(head)) > _MAX_JUNK_SHARE * len(head):
        raise UnreadableFile(gettext_noop("not a text file (binary data or control characters)"))
    return text.replace("\x00", "")  # a stray NUL is noise, and PostgreSQL rejects it in text


def decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """One value's text: in the declared charset when it fits, else UTF-8 when that is
    (nearly) valid, else Windows-1252; without NUL characters. Never raises."""
    return _guess_decoding(raw, _codec(charset)).replace("\x00", "")


def _guess_decoding(raw: bytes, codec: str | None) -> str:
    if codec and codec != "utf-8":
        try:
            return raw.decode(codec)
        except (UnicodeError, LookupError):  # LookupError: "base64" is no text encoding
            pass  # declared wrongly ("us-ascii" with umlauts): guess as if undeclared
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_utf8 = raw.decode("utf-8", errors="replace")
    # A stray bad byte in UTF-8 text costs one character; Windows-1252 text read as
    # UTF-8 loses nearly every non-ASCII character.
    broken = as_utf8.count("\ufffd")
    decoded = sum(1 for char in as_utf8 if char > "\x7f") - broken
    if codec == "utf-8" or decoded >= broken:
        return as_utf8
    return raw.decode("cp1252", errors="replace")


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: in mostly-ASCII text every other byte is zero."""
    head = data[:_SNIFF_BYTES]
    if len(head) < 4:
        return False
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    return (odd > 0.4 and even < 0.05) or (even > 0.4 and odd < 0.05)


def _decode_utf16(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        codec = "utf-16"  # the BOM tells the byte order
    else:
        codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
    if len(data) % 2:
        data += b"\x00"  # the trailing zero byte of the last character was stripped as padding
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise UnreadableFile(gettext_noop("the file is damaged (broken UTF-16 text)")) from None
