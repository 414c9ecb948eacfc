"""Everything an owner has, out and back in: the JSON export (and restore), vCard and CSV."""

from tafelrunde.network.exchange.export_csv import export_csv
from tafelrunde.network.exchange.export_json import FORMAT, VERSION, export_json
from tafelrunde.network.exchange.export_vcard import export_vcard
from tafelrunde.network.exchange.import_json import import_json, is_tafelrunde_export

__all__ = [
    "FORMAT",
    "VERSION",
    "export_csv",
    "export_json",
    "export_vcard",
    "import_json",
    "is_tafelrunde_export",
]
