"""The business-meal receipt (Bewirtungsbeleg, §4 Abs. 5 Satz 1 Nr. 2 EStG) as a PDF.

It holds what the law asks for: name and address of the restaurant, the day, every
participant by full name including the host, the specific occasion, the amount including
tip, place and date of signing, a line for the host's signature, and the note that the
restaurant's machine-printed bill is to be attached.

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

from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.core.place_names import name_in
from tafelrunde.meals.expenses import guest_names
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.meals.receipt_texts import LABELS, format_date, format_money

LANGUAGES = tuple(LABELS)
FONT = "TafelrundeSans"
FONT_BOLD = "TafelrundeSans-Bold"
# A TableStyle command: its name, the first and the last cell (column, row), its arguments.
TableCommand: TypeAlias = tuple[str, tuple[int, int], tuple[int, int], *tuple[object, ...]]


class NotABusinessMeal(ValueError):
    """A receipt is only made for business meals."""


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

    @property
    def participants(self) -> tuple[str, ...]:
        return (self.host, *self.guests)


def receipt_for(meal: Meal, language: str | None = None) -> Receipt:
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
    )


def build_receipt_pdf(meal: Meal, language: str | None = None) -> bytes:
    """The receipt of a business meal as PDF bytes. Raises ValueError for a private meal."""
    return render_pdf(receipt_for(meal, language))


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
    document.build(_story(receipt, document.width))
    return buffer.getvalue()


def _story(receipt: Receipt, width: float) -> list:
    from reportlab.platypus import Paragraph, Spacer

    styles = _styles()
    labels = LABELS[receipt.language]
    return [
        Paragraph(_text(labels["title"]), styles["title"]),
        Paragraph(_text(labels["law"]), styles["small"]),
        Spacer(0, 18),
        _facts_table(receipt, width, styles),
        Spacer(0, 36),
        _signature_table(receipt, width, styles),
        Spacer(0, 24),
        Paragraph(_text(labels["attach_bill"]), styles["note"]),
    ]


def _facts_table(receipt: Receipt, width: float, styles: dict):
    """Label and value per required fact; one row per participant, so a long list can break."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    labels = LABELS[receipt.language]
    sections = [
        (labels["restaurant"], [_lines([receipt.restaurant, receipt.restaurant_address])]),
        (labels["day"], [_lines([format_date(receipt.day, receipt.language)])]),
        (labels["participants"], [_lines([name]) for name in receipt.participants]),
        (labels["occasion"], [_lines([receipt.occasion])]),
        (labels["expenses"], [_money_markup(receipt)]),
    ]
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
