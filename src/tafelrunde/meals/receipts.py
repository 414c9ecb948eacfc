"""The business-meal receipt (Bewirtungsbeleg, §4 Abs. 5 Satz 1 Nr. 2 EStG) as a PDF.

It holds what the law asks for: name and address of the restaurant, the day, every
participant by full name including the host, the specific occasion, the amount including
tip, place and date of signing, a line for the host's signature, and the note that the
restaurant's machine-printed bill is to be attached. When the meal has a photo of the bill, it
follows on a page of its own (turned upright as the camera recorded it, scaled to fit A4); a
bill sent as PDF has its pages appended; a photo that cannot be printed (HEIC) is named as
attached separately. The cash register's TSE data are listed when known, a bill above 250 €
names the host explicitly (R 4.10 Abs. 8 EStR), and a sealed version says when and by whom it
was approved and which version it replaces (meals.sealing).

The font is Source Sans Pro, shipped as a Python package and embedded in the PDF: it covers
umlauts and the accents of Central European names (ą, ř, ő, ś …) that ReportLab's own Vera
font lacks, and nothing is fetched at run time.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import TypeAlias
from xml.sax.saxutils import escape

from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.core.place_names import name_in
from tafelrunde.meals.expenses import guest_names
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.meals.photos import MAX_BYTES as MAX_BILL_BYTES
from tafelrunde.meals.photos import content_type_of
from tafelrunde.meals.receipt_texts import LABELS, format_date, format_moment, format_money

LANGUAGES = tuple(LABELS)
FONT = "TafelrundeSans"
FONT_BOLD = "TafelrundeSans-Bold"
# Above this bill amount (in euros) the restaurant's bill must name the host (R 4.10 EStR).
HOST_NAMED_ABOVE = Decimal(250)
# A bill photo is printed at most this many pixels on its long side (A4 at 300 dpi).
BILL_PIXELS = 3508
# A bill sent as PDF is appended when it has at most this many pages.
BILL_MAX_PAGES = 20
# A TableStyle command: its name, the first and the last cell (column, row), its arguments.
TableCommand: TypeAlias = tuple[str, tuple[int, int], tuple[int, int], *tuple[object, ...]]


class NotABusinessMeal(ValueError):
    """A receipt is only made for business meals."""


@dataclass(frozen=True)
class Seal:
    """What a sealed version says about itself: its number, who approved it and when, and the
    version it replaces (number and day), if any."""

    number: int
    approved_on: dt.date
    approved_by: str
    replaces: tuple[int, dt.date] | None = None


@dataclass(frozen=True)
class Bill:
    """The restaurant's bill as the receipt carries it.

    kind: "image" (printed on a page of its own), "pdf" (its pages appended) or "separate"
    (a HEIC photo, or a file that cannot be read: named as attached separately).
    """

    kind: str
    content: bytes = b""
    description: str = ""


@dataclass(frozen=True)
class Receipt:
    """What the receipt says, in one language, before it is laid out."""

    language: str
    restaurant: str
    restaurant_address: str
    day: dt.date
    host: str
    guests: tuple[str, ...]
    occasion: str
    amount: Decimal | None
    tip: Decimal | None
    total: Decimal | None
    currency: str
    signing_place: str
    signing_date: dt.date
    # (label key, value) of the cash register's TSE data that are known.
    tse: tuple[tuple[str, str], ...] = ()
    bill: Bill | None = None
    seal: Seal | None = None

    @property
    def participants(self) -> tuple[str, ...]:
        return (self.host, *self.guests)

    @property
    def names_the_host(self) -> bool:
        """Whether the bill is above 250 € and the host must be named on it."""
        return self.currency == "EUR" and self.amount is not None and self.amount > HOST_NAMED_ABOVE


def receipt_for(meal: Meal, language: str | None = None, seal: Seal | None = None) -> Receipt:
    """The receipt of a business meal; `language` "de" or "en" (default: the owner's).

    Raises NotABusinessMeal (a ValueError) for a private meal.
    """
    if not meal.business:
        raise NotABusinessMeal(f"Meal {meal.pk} is private: a receipt is only for business meals.")
    profile = profile_for(meal.owner)
    language = language or profile.language
    if language not in LANGUAGES:
        raise ValueError(f"No receipt language {language!r}; choose one of {', '.join(LANGUAGES)}.")
    place = meal.place or profile.home_place
    labels = LABELS[language]
    return Receipt(
        language=language,
        restaurant=meal.restaurant,
        restaurant_address=meal.restaurant_address,
        day=meal.date,
        host=profile.display_name,
        guests=tuple(
            labels["erased_guest"] if name == MealParticipant.ERASED_NAME else name
            for name in guest_names(meal)
        ),
        occasion=meal.occasion,
        amount=meal.amount,
        tip=meal.tip,
        total=meal.total,
        currency=meal.currency,
        signing_place=name_in(place.name, language) if place else "",
        # Signed when printed; a receipt prepared ahead is dated the day of the meal.
        signing_date=max(meal.date, timezone.localdate()),
        tse=tse_lines(meal, language),
        bill=bill_of(meal),
        seal=seal,
    )


def tse_lines(meal: Meal, language: str) -> tuple[tuple[str, str], ...]:
    """The cash register's TSE data that are known, as (label key, text)."""

    def moment(value: dt.datetime | None) -> str:
        return format_moment(timezone.localtime(value), language) if value else ""

    lines = (
        ("tse_serial", meal.tse_serial),
        ("tse_transaction", "" if meal.tse_transaction is None else str(meal.tse_transaction)),
        ("tse_start", moment(meal.tse_start)),
        ("tse_end", moment(meal.tse_end)),
        (
            "tse_counter",
            "" if meal.tse_signature_counter is None else str(meal.tse_signature_counter),
        ),
    )
    return tuple((key, text) for key, text in lines if text)


def bill_of(meal: Meal) -> Bill | None:
    """The meal's bill as the receipt can carry it; None when the meal has no bill."""
    name = meal.bill_photo.name
    if not name:
        return None
    content_type = content_type_of(name)
    try:
        with meal.bill_photo.storage.open(name, "rb") as handle:
            content = handle.read(MAX_BILL_BYTES + 1)
    except (OSError, SuspiciousFileOperation):
        return Bill("separate", description="missing")
    if len(content) > MAX_BILL_BYTES:
        return Bill("separate", description="too big")
    if content_type == "application/pdf":
        return Bill("pdf", content) if _bill_reader(content) else Bill("separate", content, "PDF")
    if content_type in ("image/jpeg", "image/png"):
        image = upright_image(content)
        return Bill("image", image) if image else Bill("separate", content, "image")
    return Bill("separate", content, "HEIC" if content_type == "image/heic" else "file")


def upright_image(content: bytes) -> bytes | None:
    """The photo turned upright as its EXIF orientation says, as JPEG bytes no larger than
    A4 at 300 dpi; None when Pillow cannot read it."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((BILL_PIXELS, BILL_PIXELS))
            if image.mode != "RGB":
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=90)
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    return out.getvalue()


def _bill_reader(content: bytes):
    """A reader of a bill sent as PDF, if pypdf can read it and it has few enough pages."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted or not 0 < len(reader.pages) <= BILL_MAX_PAGES:
            return None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return reader


def build_receipt_pdf(meal: Meal, language: str | None = None, seal: Seal | None = None) -> bytes:
    """The receipt of a business meal as PDF bytes. Raises ValueError for a private meal."""
    return render_pdf(receipt_for(meal, language, seal))


def render_pdf(receipt: Receipt) -> bytes:
    """Lay out `receipt` on A4 (one page unless the guests are many), with the font embedded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    labels = LABELS[receipt.language]
    _styles()  # registers the fonts before the canvas starts
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{labels['title']} {format_date(receipt.day, receipt.language)}",
        author=receipt.host,
        creator="Tafelrunde",
        lang=receipt.language,
        initialFontName=FONT,  # no unembedded Helvetica in the file
    )
    story = _story(receipt, document.width)
    if receipt.bill is not None and receipt.bill.kind == "image":
        story += _bill_page(receipt, document.width, document.height)
    document.build(story)
    if receipt.bill is not None and receipt.bill.kind == "pdf":
        return _append_pdf(buffer.getvalue(), receipt.bill.content)
    return buffer.getvalue()


def _append_pdf(receipt_pdf: bytes, bill_pdf: bytes) -> bytes:
    """The receipt followed by every page of the bill sent as PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(receipt_pdf)))
    bill = _bill_reader(bill_pdf)
    if bill is not None:  # read once already by bill_of
        for page in bill.pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _story(receipt: Receipt, width: float) -> list:
    from reportlab.platypus import Paragraph, Spacer

    styles = _styles()
    labels = LABELS[receipt.language]
    story = [
        Paragraph(_text(labels["title"]), styles["title"]),
        Paragraph(_text(labels["law"]), styles["small"]),
        Spacer(0, 18),
        _facts_table(receipt, width, styles),
        Spacer(0, 36),
        _signature_table(receipt, width, styles),
        Spacer(0, 24),
        Paragraph(_text(_bill_note(receipt)), styles["note"]),
    ]
    if receipt.names_the_host:
        story += [Spacer(0, 8), Paragraph(_text(labels["host_rule"]), styles["small"])]
    if receipt.seal is not None:
        story += [Spacer(0, 12), *_seal_lines(receipt, styles)]
    return story


def _bill_note(receipt: Receipt) -> str:
    labels, bill = LABELS[receipt.language], receipt.bill
    if bill is None:
        return labels["attach_bill"]
    if bill.kind == "separate":
        if bill.description in ("HEIC", "PDF", "image", "file"):
            kind = {"image": "JPEG/PNG"}.get(bill.description, bill.description)
            return labels["bill_separately"] % {"kind": kind}
        return labels["attach_bill"]
    return labels["bill_follows"]


def _seal_lines(receipt: Receipt, styles: dict) -> list:
    from reportlab.platypus import Paragraph

    labels, seal, language = LABELS[receipt.language], receipt.seal, receipt.language
    assert seal is not None
    lines = []
    if seal.replaces is not None:
        old, day = seal.replaces
        words = {"number": seal.number, "old": old, "date": format_date(day, language)}
        lines.append(labels["replaces"] % words)
    words = {"date": format_date(seal.approved_on, language), "name": seal.approved_by}
    lines.append(labels["approved"] % words)
    return [Paragraph(_text(line), styles["label"]) for line in lines]


def _bill_page(receipt: Receipt, width: float, height: float) -> list:
    """The photo of the bill on a page of its own, scaled to fit with its heading."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, PageBreak, Paragraph, Spacer

    assert receipt.bill is not None
    styles = _styles()
    labels = LABELS[receipt.language]
    heading = labels["bill_page"] % {"date": format_date(receipt.day, receipt.language)}
    pixels_wide, pixels_high = ImageReader(io.BytesIO(receipt.bill.content)).getSize()
    room_high = height - 40  # the heading and the space below it
    scale = min(width / pixels_wide, room_high / pixels_high)
    return [
        PageBreak(),
        Paragraph(_text(heading), styles["small"]),
        Spacer(0, 12),
        Image(
            io.BytesIO(receipt.bill.content),
            width=pixels_wide * scale,
            height=pixels_high * scale,
        ),
    ]


def _facts_table(receipt: Receipt, width: float, styles: dict):
    """Label and value per required fact; one row per participant, so a long list can break."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    labels = LABELS[receipt.language]
    sections = [
        (labels["restaurant"], [_lines([receipt.restaurant, receipt.restaurant_address])]),
        (labels["day"], [_lines([format_date(receipt.day, receipt.language)])]),
    ]
    if receipt.names_the_host:
        sections.append((labels["host"], [_lines([receipt.host])]))
    sections += [
        (labels["participants"], [_lines([name]) for name in receipt.participants]),
        (labels["occasion"], [_lines([receipt.occasion])]),
        (labels["expenses"], [_money_markup(receipt)]),
    ]
    if receipt.tse:
        tse = [f"{labels[key]}: {text}" for key, text in receipt.tse]
        sections.append((labels["tse"], [_lines([line]) for line in tse]))
    data: list[list[Paragraph | str]] = []
    commands: list[TableCommand] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for label, values in sections:
        first = len(data)
        data.append(
            [Paragraph(_text(label), styles["label"]), Paragraph(values[0], styles["value"])]
        )
        data.extend(["", Paragraph(markup, styles["value"])] for markup in values[1:])
        last = len(data) - 1
        commands += [
            ("TOPPADDING", (0, first), (-1, first), 6),
            ("TOPPADDING", (0, first + 1), (-1, last), 0),
            ("BOTTOMPADDING", (0, first), (-1, last - 1), 1),
            ("BOTTOMPADDING", (0, last), (-1, last), 8),
            ("LINEBELOW", (0, last), (-1, last), 0.5, "#999999"),
        ]
    table = Table(data, colWidths=[0.36 * width, 0.64 * width])
    table.setStyle(TableStyle(commands))
    return table


def _money_markup(receipt: Receipt) -> str:
    """Amount, tip and total; an unknown amount is left blank, to be filled in by hand."""
    labels = LABELS[receipt.language]

    def money(value: Decimal | None) -> str:
        if value is None:
            return "__________"
        return format_money(value, receipt.currency, receipt.language)

    amount, tip, total = (
        f"{labels[key]}: {money(value)}"
        for key, value in (
            ("amount", receipt.amount),
            ("tip", receipt.tip or Decimal(0)),
            ("total", receipt.total),
        )
    )
    return f"{_lines([amount, tip])}<br/><b>{_text(total)}</b>"


def _signature_table(receipt: Receipt, width: float, styles: dict):
    from reportlab.platypus import Paragraph, Table, TableStyle

    labels = LABELS[receipt.language]
    place_and_date = ", ".join(
        part
        for part in (receipt.signing_place, format_date(receipt.signing_date, receipt.language))
        if part
    )
    data = [
        [Paragraph(_text(place_and_date), styles["value"]), "", ""],
        [
            Paragraph(_text(labels["place_date"]), styles["small"]),
            "",
            Paragraph(_text(labels["signature"]), styles["small"]),
        ],
    ]
    table = Table(data, colWidths=[0.42 * width, 0.08 * width, 0.5 * width], rowHeights=[40, None])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LINEBELOW", (0, 0), (0, 0), 0.75, "#000000"),
                ("LINEBELOW", (2, 0), (2, 0), 0.75, "#000000"),
            ]
        )
    )
    return table


def _text(value: str) -> str:
    """Plain text made safe for ReportLab's paragraph markup."""
    return escape(value)


def _lines(values) -> str:
    """Several plain-text values as paragraph markup, one per line (empty ones left out)."""
    return "<br/>".join(_text(value) for value in values if value) or "&nbsp;"


@cache
def _styles() -> dict:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    _register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=15)
    grey = HexColor("#444444")
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=20, leading=26),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, textColor=grey),
        "label": ParagraphStyle("label", base, fontName=FONT_BOLD),
        "value": base,
        "note": ParagraphStyle("note", base, fontSize=10, leading=13),
    }


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = files("font_source_sans_pro") / "files"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "SourceSansPro-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "SourceSansPro-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
