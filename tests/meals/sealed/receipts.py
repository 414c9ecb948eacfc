"""Bills made here and PDFs read back: a photo rendered with Pillow (stored sideways with an
EXIF orientation, as phones do), a PDF made with ReportLab; PDFs are read with pypdf."""

import datetime as dt
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from pypdf import PdfReader

from tafelrunde.meals import sealing
from tafelrunde.meals.models import Meal, ReceiptVersion

OCCASION = "Abstimmung Rahmenvertrag 2027 mit Müller GmbH"
APPROVED = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)
CHANGED = dt.datetime(2027, 3, 16, 9, 0, tzinfo=dt.UTC)


def pages_of(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pages_of(pdf)).split())


def photo_of_a_bill(width=600, height=300, orientation=None, kind="JPEG") -> bytes:
    """A bill as a phone stores it: pixels sideways (landscape) and an EXIF orientation that
    says how to turn them; the dark strip marks the bill's top once upright."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 40, height), fill="black")
    draw.text((60, 20), "BRAUHAUS MUELLER  SUMME 123,40", fill="black")
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, kind, exif=exif.tobytes() if orientation else b"")
    return out.getvalue()


def bill_as_pdf(pages=2) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    for number in range(1, pages + 1):
        drawing.drawString(72, 720, f"KASSENBON 4711 Seite {number}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def attach(meal: Meal, name: str, content: bytes) -> Meal:
    meal.bill_photo.save(name, ContentFile(content))
    return meal


def approve_on(meal, owner):
    return sealing.approve(meal, owner)


def stored(version: ReceiptVersion) -> bytes:
    with version.pdf.open("rb") as handle:
        return handle.read()
