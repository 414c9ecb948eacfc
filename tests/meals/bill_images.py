"""Bills made by the tests: a printed receipt drawn with Pillow, with a real DSFinV-K QR code
(segno) where asked, in several layouts, turned as pixels or by an EXIF tag, as JPEG or PNG."""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIGNATURE = "MEUCIQDPLgRHbnT7aIpEuvBqVf0oZnq2V0hbGA3A0oHDIZ8bSgIgNjn2f7YrS7Yy6P2e7zYxvKAbpVXvYlEHj"
PUBLIC_KEY = "BHhWOeisRpPBTGQ1W4VUH95TXx2GARf8e2NYZXJoInjtGqnxJ8sZ3CQpYgjI+LYEmW5A37sLWHsyU7nSJUB"

# A German restaurant's bill of 28 November 2026, 19:02 to 21:47 in Hamburg.
CODE = ";".join(
    [
        "V0",
        "a41e9c0f7d3b",
        "Kassenbeleg-V1",
        "Beleg^75.33_7.99_0.00_0.00_0.00^83.32:Unbar",
        "4711",
        "9876",
        "2026-11-28T18:02:11.000Z",
        "2026-11-28T20:47:36.000Z",
        "ecdsa-plain-SHA256",
        "utcTime",
        SIGNATURE,
        PUBLIC_KEY,
    ]
)
LINES = [
    "Gasthaus Zum Anker",
    "Elbchaussee 12",
    "22763 Hamburg",
    "",
    "Rechnung 815   Tisch 7",
    "Datum 28.11.2026 21:47",
    "",
    "2 Labskaus          37,00",
    "1 Scholle           24,90",
    "3 Pils              14,40",
    "1 Apfelschorle       7,02",
    "",
    "Summe EUR           83,32",
    "Trinkgeld            6,68",
]


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    folder = files("font_source_sans_pro") / "files"
    return ImageFont.truetype(str(folder / "SourceSansPro-Regular.ttf"), size)


def qr_image(payload: str, module: int) -> Image.Image:
    """The QR code of the payload, `module` pixels a module, with its quiet zone."""
    buffer = io.BytesIO()
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=module, border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def receipt(lines=LINES, code: str | None = CODE, layout: str = "bottom", size: int = 30):
    """The bill as a grayscale image: the lines in `size` px type, the code under the text
    ("bottom"), to its right ("beside") or small in a corner ("small")."""
    line_height = round(size * 1.35)
    text_width = round(size * 14)
    text_height = line_height * len(lines) + 2 * size
    qr = None
    if code is not None:
        qr = qr_image(code, {"bottom": 4, "beside": 4, "small": 2}[layout])
    width, height = text_width + 2 * size, text_height + 2 * size
    if qr is not None and layout == "beside":
        width += qr.width + size
        height = max(height, qr.height + 2 * size)
    elif qr is not None:
        height += qr.height + size
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for index, line in enumerate(lines):
        draw.text((size, size + index * line_height), line, fill=0, font=font(size))
    if qr is not None:
        if layout == "beside":
            page.paste(qr, (text_width + 2 * size, size))
        elif layout == "small":
            page.paste(qr, (width - qr.width - size, text_height + size))
        else:
            page.paste(qr, ((width - qr.width) // 2, text_height + size))
    return page


def photo(
    image: Image.Image,
    *,
    turn: int = 0,
    exif_orientation: int | None = None,
    quality: int = 90,
    kind: str = "JPEG",
    blur: float = 0,
) -> bytes:
    """The image as a file: turned `turn` degrees counterclockwise as pixels, with an EXIF
    orientation tag if given, blurred if asked, at that JPEG quality."""
    if turn:
        image = image.rotate(turn, expand=True, fillcolor=255)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(buffer, kind, quality=quality, exif=exif.tobytes())
    elif kind == "JPEG":
        image.save(buffer, kind, quality=quality)
    else:
        image.save(buffer, kind)
    return buffer.getvalue()


def bill_photo(**options) -> bytes:
    """The standard bill with its code, as a JPEG; options as `photo` takes them."""
    return photo(receipt(), **options)
