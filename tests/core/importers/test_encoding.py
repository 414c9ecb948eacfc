"""Exported files to text, in whichever encoding the exporting program wrote them."""

import codecs
import random

import pytest

from tafelrunde.core.importers.encoding import decode_bytes, decode_text
from tafelrunde.core.records import UnreadableFile

GERMAN = "Jürgen Weiß, Königstraße 12, München\r\n"
PNG_HEADER = bytes.fromhex(
    "89504e470d0a1a0a0000000d494844520000010000000100080600000000"
    "5c72a8660000000467414d410000b18f0bfc6105"
)


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["plain", "bom"])
def test_it_reads_utf8_with_or_without_bom(bom):
    assert decode_text(bom + GERMAN.encode()) == GERMAN


def test_it_reads_windows_1252_when_the_file_is_not_utf8():
    assert decode_text("Bärbel Weiß – Köln\r\n".encode("cp1252")) == "Bärbel Weiß – Köln\r\n"


def test_it_decides_per_line_when_a_file_mixes_utf8_and_windows_1252():
    data = "N:Müller\n".encode() + "N:Weiß\n".encode("cp1252")
    assert decode_text(data) == "N:Müller\nN:Weiß\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_reads_utf16_with_a_bom(codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    assert decode_text(bom + GERMAN.encode(codec)) == GERMAN


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_it_recognises_utf16_without_a_bom(codec):
    assert decode_text(GERMAN.encode(codec)) == GERMAN


def test_zero_padding_and_stray_nul_bytes_are_dropped():
    assert decode_text(b"FN:Anna\x00 Schneider\r\n" + b"\x00" * 512) == "FN:Anna Schneider\r\n"


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b" \r\n\t\r\n", codecs.BOM_UTF16_LE])
def test_an_empty_file_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="empty"):
        decode_text(data)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(20240501).randbytes(8192),
        PNG_HEADER,
        PNG_HEADER + random.Random(7).randbytes(4096),
        bytes(range(32)) * 20 + b"BEGIN:VCARD\r\n",
    ],
    ids=["random-bytes", "png-header", "png-file", "control-characters"],
)
def test_binary_junk_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="not a text file"):
        decode_text(data)


def test_a_value_is_decoded_in_its_declared_charset():
    assert decode_bytes("Weiß".encode("cp1252"), "Windows-1252") == "Weiß"
    assert decode_bytes("Weiß".encode("latin-1"), "ISO-8859-1") == "Weiß"


def test_a_wrongly_declared_or_unknown_charset_falls_back_to_guessing():
    assert decode_bytes("Käse".encode(), "us-ascii") == "Käse"
    assert decode_bytes("Käse".encode("cp1252"), "no-such-charset") == "Käse"
    assert decode_bytes("Käse".encode(), "base64") == "Käse"  # a codec, but not for text
    assert decode_bytes("Käse".encode(), "utf\x008") == "Käse"


def test_utf8_with_a_stray_bad_byte_stays_utf8():
    assert decode_bytes("ÑÑÑÑ".encode() + b"\x80") == "ÑÑÑÑ\ufffd"


def test_a_value_never_carries_nul_characters():
    assert decode_bytes(b"An\x00na") == "Anna"


# Files without a declared charset, in the charsets other programs write them in: the
# detector (charset-normalizer) decides, on a sample of the file.

ADDRESS_BOOK_HEADER = "First Name,Last Name,Display Name,Primary Email,Work City,Organization\r\n"
JAPANESE = "太郎,山田,山田 太郎,taro@yamada.example.jp,東京都,山田商事株式会社\r\n"
POLISH = "Łukasz,Żółć,Łukasz Żółć,lz@example.pl,Wrocław,Przedsiębiorstwo Ślężańskie\r\n"
CZECH = "Šárka,Šťastná,Šárka Šťastná,ss@example.cz,Ústí nad Labem,Žatec s.r.o.\r\n"
FRENCH = "Hélène,Côté,Hélène Côté,hc@example.fr,Genève,Société Générale\r\n"


@pytest.mark.parametrize("codec", ["shift_jis", "cp932", "euc_jp"])
def test_japanese_text_without_a_declared_charset_is_read(codec):
    text = ADDRESS_BOOK_HEADER + JAPANESE

    assert decode_text(text.encode(codec)) == text


def test_a_lone_japanese_name_is_not_taken_for_windows_1252():
    # 山田 in Shift_JIS is 8E 52 93 63, which Windows-1252 reads as "ŽR“c".
    assert decode_text("山田 太郎\r\n".encode("shift_jis")) == "山田 太郎\r\n"


@pytest.mark.parametrize("line", [POLISH, CZECH], ids=["polish", "czech"])
def test_central_european_iso_8859_2_is_read(line):
    text = ADDRESS_BOOK_HEADER + line

    assert decode_text(text.encode("iso8859_2")) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_and_without_zero_bytes_is_recognised(codec):
    # Japanese in UTF-16 has (nearly) no zero bytes to tell it by.
    text = "山田商事株式会社　東京都千代田区丸の内一丁目　山田太郎様\r\n" * 3

    assert decode_text(text.encode(codec)) == text


@pytest.mark.parametrize("line", [FRENCH, GERMAN], ids=["french", "german"])
def test_western_windows_1252_stays_windows_1252(line):
    text = ADDRESS_BOOK_HEADER + line

    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "text",
    [
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Jörg Schmidt\r\nN:Schmidt;Jörg\r\nEND:VCARD\r\n",
        "Jörg,j@example.com\n",
        "FN:Bär\n",
    ],
    ids=["outlook-card", "tiny-csv", "three-letters"],
)
def test_a_short_windows_1252_file_is_not_read_as_chinese_or_japanese(text):
    assert decode_text(text.encode("cp1252")) == text


def test_a_long_file_is_judged_by_its_start_and_read_whole():
    text = ADDRESS_BOOK_HEADER + JAPANESE * 20_000  # 1.3 MB, far beyond the detector's sample

    assert decode_text(text.encode("shift_jis")) == text
