"""Cells of the CSV exports that people open in a spreadsheet (leads, registrations), made safe to open.

Excel, LibreOffice and Google Sheets run a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@``,
also after leading spaces or line breaks, also in the full-width forms ``＝ ＋ － ＠`` (U+FF1D, U+FF0B, U+FF0D,
U+FF20) that Japanese and Chinese input methods type, and a leading tab or carriage return can hide one. Such a
cell gets an apostrophe in front, which every one of them reads as "this is text" (OWASP's advice for CSV
injection). Every CSV export writes its cells, header and rows, through ``spreadsheet_cell``.
"""

FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
HIDING_STARTS = ("\t", "\r")


def spreadsheet_cell(value: object) -> str:
    """``value`` as CSV cell text, with an apostrophe in front if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(HIDING_STARTS) or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text
