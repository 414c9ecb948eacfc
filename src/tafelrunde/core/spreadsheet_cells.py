"""CSV text that spreadsheets open safely: UTF-8 with a byte-order mark (so Excel reads it as
UTF-8), and no cell that a spreadsheet would run as a formula.

Cells starting with = + - @, tab or carriage return get a leading apostrophe. That includes
phone numbers ("'+4935148642222"): Excel shows them as text, instead of evaluating "+49…" to
a rounded number.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe if a spreadsheet would take it for a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
