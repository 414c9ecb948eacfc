"""Reading the photo of a bill: its DSFinV-K QR code first, then its text by OCR.

The QR code (zxing-cpp) gives what the cash register signed: the TSE data, the time, the
total and the gross amounts by VAT rate. Tesseract (through pytesseract, German and English)
gives what the code does not: the restaurant, its address and the tip, and the date and the
total when there is no code. Each value says how it was read; what is not read stays None.
A photo that cannot be read gives a reading with a note in words and no values.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tafelrunde.core.bill_text import BillText, read_bill_text
from tafelrunde.core.dsfinvk import (
    GERMANY,
    ReceiptCode,
    ReceiptCodeError,
    is_receipt_code,
    parse_receipt_code,
)
from tafelrunde.meals.photos import MAX_BYTES, sniff

MAX_PIXELS = 50_000_000  # a 50-megapixel photo; more is not a phone's photo of a bill
QR_SIDES = (None, 1600, 1000)  # the photo as it is, then downscaled
OCR_SIDE = (1000, 2400)  # the shorter side at least (upscaled), the longer at most
OCR_SECONDS = 20
OCR_LANGUAGES = "deu+eng"
FIELDS = ("restaurant", "address", "date", "total", "tip", "currency", "gross_by_rate", "tse")

NOTES = {
    "pdf": _("The bill is a PDF: it is kept, but only photos (JPEG, PNG) are read."),
    "heic": _("The bill is a HEIC photo: it is kept, but only JPEG and PNG photos are read."),
    "broken": _("The photo could not be opened: it is kept, but nothing was read from it."),
    "too_many_pixels": _(
        "The photo has too many pixels to be read (at most 50 megapixels): it is kept as it is."
    ),
    "no_ocr": _("The text recognition (Tesseract) is not installed on the server."),
    "ocr_timeout": _("Reading the text took too long and was stopped."),
    "ocr_failed": _("The text recognition failed on this photo."),
    "nothing": _("Nothing could be read from the photo: please enter the values yourself."),
}


class NotABill(ValueError):
    """The file is no bill at all: too big, or neither a photo nor a PDF. Says why in words."""


@dataclass(frozen=True)
class Tse:
    """The cash register's signed data of the bill (KassenSichV)."""

    serial: str
    transaction: int
    start: dt.datetime
    end: dt.datetime
    signature_counter: int

    def as_json(self) -> dict:
        return {
            "serial": self.serial,
            "transaction": self.transaction,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "signature_counter": self.signature_counter,
        }


@dataclass
class BillReading:
    """What was read from a bill and how ("qr" or "ocr") for each value; `note` when a part
    could not be read (a key of NOTES, or a code's problem in words)."""

    restaurant: str | None = None
    address: str | None = None
    date: dt.date | None = None
    total: Decimal | None = None
    tip: Decimal | None = None
    currency: str | None = None
    gross_by_rate: dict[str, Decimal] = field(default_factory=dict)
    tse: Tse | None = None
    how: dict[str, str] = field(default_factory=dict)
    note_key: str | None = None

    @property
    def note(self) -> str | None:
        return str(NOTES[self.note_key]) if self.note_key else None

    def has_values(self) -> bool:
        return bool(self.how)

    def as_json(self) -> dict:
        """The reading as the command and the API print it (and the meal stores it)."""

        def plain(value):
            return None if value is None else str(value)

        return {
            "restaurant": self.restaurant,
            "address": self.address,
            "date": self.date.isoformat() if self.date else None,
            "total": plain(self.total),
            "tip": plain(self.tip),
            "currency": self.currency,
            "gross_by_rate": {rate: str(amount) for rate, amount in self.gross_by_rate.items()},
            "tse": self.tse.as_json() if self.tse else None,
            "how": dict(self.how),
            "note": self.note,
        }


def note_of(stored: dict) -> str | None:
    """The note of a stored reading (Meal.bill_reading) in the language now spoken."""
    key = stored.get("note_key") if isinstance(stored, dict) else None
    return str(NOTES[key]) if key in NOTES else None


def read_bill(data: bytes) -> BillReading:
    """What the bill photo says; NotABill when the file is too big or not a photo or PDF."""
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise NotABill(str(_("The file is too big; a bill may be at most %d MB.") % limit))
    content_type = sniff(data[:16])
    if content_type is None:
        raise NotABill(str(_("This is not a photo (JPEG, PNG, HEIC) or a PDF of a bill.")))
    if content_type == "application/pdf":
        return BillReading(note_key="pdf")
    if content_type == "image/heic":
        return BillReading(note_key="heic")
    image, problem = open_photo(data)
    if image is None:
        return BillReading(note_key=problem)
    reading = BillReading()
    code, turn = find_receipt_code(image)
    if code is not None:
        from_code(reading, code)
        image = image.rotate(turn, expand=True) if turn else image
    text, problem = recognise_text(image)
    found = read_bill_text(text)
    if code is None and problem in (None, "nothing") and not (found.date or found.total):
        # No code to tell how the photo lies, and no bill in the text: perhaps it lies on
        # its side; Tesseract's own guess of the orientation says, and is read once more.
        turn = orientation_of(image)
        if turn:
            text, problem = recognise_text(image.rotate(-turn, expand=True))
            found = read_bill_text(text)
    from_text(reading, found)
    if problem and not (reading.has_values() and problem == "nothing"):
        reading.note_key = problem
    elif not reading.has_values():
        reading.note_key = "nothing"
    return reading


def open_photo(data: bytes):
    """(the photo upright in grayscale, None) or (None, why it cannot be read)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                return None, "too_many_pixels"
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, "too_many_pixels"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None, "broken"
    return upright.convert("L"), None


def find_receipt_code(image) -> tuple[ReceiptCode | None, int]:
    """The receipt's QR code and the turn (degrees, counterclockwise) that sets the photo
    upright, trying it as it is and downscaled (zxing-cpp looks in every direction itself);
    (None, 0) when there is none."""
    import zxingcpp

    qr_codes = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for side in QR_SIDES:
        if side is not None and max(image.size) <= side:
            continue
        candidate = image if side is None else scaled(image, side / max(image.size))
        for barcode in zxingcpp.read_barcodes(candidate, formats=qr_codes):
            if not is_receipt_code(barcode.text):
                continue
            try:
                code = parse_receipt_code(barcode.text)
            except ReceiptCodeError:
                continue
            # The code's own orientation tells how the photo lies.
            return code, barcode.orientation % 360
    return None, 0


def scaled(image, factor: float):
    from PIL import Image

    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def recognise_text(image) -> tuple[str, str | None]:
    """(the photo's text, None) or ("", why there is none), within OCR_SECONDS."""
    import pytesseract  # type: ignore[import-untyped]  # ships no type hints

    shorter, longer = min(image.size), max(image.size)
    if shorter < OCR_SIDE[0]:
        image = scaled(image, min(OCR_SIDE[0] / shorter, OCR_SIDE[1] / longer, 3.0))
    elif longer > OCR_SIDE[1]:
        image = scaled(image, OCR_SIDE[1] / longer)
    try:
        text = pytesseract.image_to_string(
            image, lang=OCR_LANGUAGES, config="--psm 4", timeout=OCR_SECONDS
        )
    except pytesseract.TesseractNotFoundError:
        return "", "no_ocr"
    except RuntimeError as exc:  # pytesseract's word for its timeout
        return "", "ocr_timeout" if "timeout" in str(exc).lower() else "ocr_failed"
    except pytesseract.TesseractError:
        return "", "ocr_failed"
    return text, None if text.strip() else "nothing"


def orientation_of(image) -> int:
    """The clockwise turn (0, 90, 180, 270) Tesseract says sets the photo's text upright."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(
            image, output_type=pytesseract.Output.DICT, timeout=OCR_SECONDS
        )
    except (pytesseract.TesseractError, RuntimeError):  # too little text to tell, or timeout
        return 0
    return int(found.get("rotate", 0)) % 360


def from_code(reading: BillReading, code: ReceiptCode) -> None:
    reading.tse = Tse(code.serial, code.transaction, code.start, code.end, code.signature_counter)
    reading.date = code.end.astimezone(GERMANY).date()
    reading.total = code.total
    reading.currency = code.currency
    reading.gross_by_rate = dict(code.gross_by_rate)
    for name in ("tse", "date", "total", "currency", "gross_by_rate"):
        reading.how[name] = "qr"


def from_text(reading: BillReading, text: BillText) -> None:
    """Values of the text for what the code did not give."""
    for name in ("restaurant", "address", "date", "total", "tip", "currency"):
        value = getattr(text, name)
        if value is not None and name not in reading.how:
            setattr(reading, name, value)
            reading.how[name] = "ocr"
