"""The owner's export in each of its formats, as the export page and `tafelrunde export` give it.

Everything as JSON (export_json), or the contacts alone as vCard or CSV.
"""

from __future__ import annotations

import json

# format: (file extension, content type)
FORMATS = {
    "json": ("json", "application/json"),
    "vcard": ("vcf", "text/vcard; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


def export_text(owner, fmt: str) -> str:
    """The owner's export in `fmt` (one of FORMATS) as text."""
    # Imported here: `tafelrunde export --help` reads FORMATS before Django is set up.
    from tafelrunde.exchange.export_csv import export_csv
    from tafelrunde.exchange.export_json import export_json
    from tafelrunde.exchange.export_vcard import export_vcard

    if fmt == "vcard":
        return export_vcard(owner)
    if fmt == "csv":
        return export_csv(owner)
    if fmt == "json":
        return json.dumps(export_json(owner), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"No export format {fmt!r}.")
