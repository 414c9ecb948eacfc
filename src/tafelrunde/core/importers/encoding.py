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
_DETECT_BYTES = 64 * 1024
# What exports without a declared charset come in: Windows' and Unix's code pages for
# Western and Central Europe, Cyrillic, Japanese, Chinese and Korean; UTF-16 without BOM.
# Multi-byte charsets first: the tie-break in detect_charset. Windows-1250 is left out: it
# reads Western and Central European text alike, and the detector takes it for either.
_CHARSETS = (
    *("utf_16_le", "utf_16_be", "cp932", "euc_jp", "gb18030", "big5", "euc_kr"),
    *("cp1252", "iso8859_2", "cp1251", "koi8_r"),
)

# A Chinese, Japanese or Korean character with nothing but ASCII on either side.
_LONE_IDEOGRAPH = re.compile(
    r"(?<![^\x00-\x7f])[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff](?![^\x00-\x7f])"
)


def decode_text(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 (with BOM, or seen from its zero
    bytes), else the charset the detector finds (detect_charset), line by line where UTF-8
    fails. Stray NUL bytes are dropped.

    Raises UnreadableFile for an empty file or binary data (many control characters).
    """
    data = _without_padding(data)
    if data.startswith(_UTF16_BOMS) or _looks_like_utf16(data):
        text = _decode_utf16(data)
    else:
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            charset = detect_charset(data)
            if charset.startswith("utf_16"):
                text = _decode_utf16(data, charset)
            else:
                # Files pasted together from several programs mix encodings; decide per line.
                lines = data.split(b"\n")
                text = "\n".join(_guess_decoding(line, None, charset) for line in lines)
    if not text.strip():
        raise UnreadableFile(gettext_noop("the file is empty"))
    head = text[:_SNIFF_CHARS]  # binary files show it from the start; exports can be huge
    if len(_JUNK.findall(head)) > _MAX_JUNK_SHARE * len(head):
        raise UnreadableFile(gettext_noop("not a text file (binary data or control characters)"))
    return text.replace("\x00", "")  # a stray NUL is noise, and PostgreSQL rejects it in text


def _without_padding(data: bytes) -> bytes:
    """The data without the zero padding some copy tools leave at the end; UTF-16 text keeps
    the zero byte its last character may end with."""
    text = data.rstrip(b"\x00")
    if len(text) % 2 and len(text) < len(data):
        text += b"\x00"
    return text


def decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """One value's text: in the declared charset when it fits, else UTF-8 when that is
    (nearly) valid, else Windows-1252; without NUL characters. Never raises."""
    return _guess_decoding(raw, _codec(charset)).replace("\x00", "")


def detect_charset(data: bytes) -> str:
    """The charset of text that is not UTF-8, as charset-normalizer judges a sample of it
    (at most _DETECT_BYTES, cut at a line end): of the charsets contact and calendar exports
    come in, the one whose text looks least garbled. Windows-1252 when none fits.

    Where several look equally clean, the one whose letters make more sense in a language
    wins, then the one with fewer lone ideographs between Latin letters ("Jörg" read as
    GB18030 is "J鰎g": Chinese and Japanese text comes in runs), then a multi-byte charset
    (a short Shift_JIS name reads as plausible Windows-1252 letters: 山田 as "ŽR“c"), then the
    order of _CHARSETS.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(_sample(data), cp_isolation=list(_CHARSETS)))
    if not matches:
        return "cp1252"
    cleanest = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= cleanest]
    best = max(
        tied,
        key=lambda m: (
            m.coherence,
            -len(_LONE_IDEOGRAPH.findall(str(m))),
            -_CHARSETS.index(m.encoding),
        ),
    )
    return best.encoding


def _sample(data: bytes) -> bytes:
    """The start of the file, ending with a whole line (a cut character confuses the detector)."""
    if len(data) <= _DETECT_BYTES:
        return data
    sample = data[:_DETECT_BYTES]
    end = sample.rfind(b"\n") + 1
    if sample[end : end + 1] == b"\x00":  # UTF-16LE: the line feed's second byte
        end += 1
    return sample[:end] if end > 0 else sample


def _guess_decoding(raw: bytes, codec: str | None, fallback: str = "cp1252") -> str:
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
    return raw.decode(fallback, errors="replace")


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


def _decode_utf16(data: bytes, codec: str = "") -> str:
    if data.startswith(_UTF16_BOMS):
        codec = "utf-16"  # the BOM tells the byte order
    elif not codec:
        codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
    if len(data) % 2:
        data += b"\x00"  # the trailing zero byte of the last character was stripped as padding
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise UnreadableFile(gettext_noop("the file is damaged (broken UTF-16 text)")) from None
