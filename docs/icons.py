"""The app icons for the home screen: a round table set for six, in the site's colours.

uv run python docs/icons.py

Writes the PNG files the web app manifest and base.html name into
src/tafelrunde/web/static/tafelrunde/icons/. Run once; the files are committed.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src/tafelrunde/web/static/tafelrunde/icons"
ACCENT, PAPER = "#7a2e12", "#ffffff"  # --accent and --paper in site.css
SCALE = 4  # drawn this much larger, then scaled down: smooth edges


def icon(size: int, *, maskable: bool) -> Image.Image:
    """The table in the middle; a maskable icon keeps it inside the safe circle (80%)."""
    big = size * SCALE
    image = Image.new("RGB", (big, big), ACCENT)
    draw = ImageDraw.Draw(image)
    middle = big / 2
    reach = big * (0.36 if maskable else 0.44)  # to the outer edge of a seat
    table, seat = reach * 0.58, reach * 0.16
    draw.ellipse([middle - table, middle - table, middle + table, middle + table], fill=PAPER)
    for n in range(6):
        angle = math.pi / 2 + n * math.pi / 3
        x = middle + (reach - seat) * math.cos(angle)
        y = middle - (reach - seat) * math.sin(angle)
        draw.ellipse([x - seat, y - seat, x + seat, y + seat], fill=PAPER)
    small = image.resize((size, size), Image.Resampling.LANCZOS)
    return small.quantize(colors=16)  # two colours and their edges: a few hundred bytes


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),  # iOS rounds the corners itself, no transparency
    ):
        icon(size, maskable=maskable).save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
