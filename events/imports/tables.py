"""CSV and XLSX tables: a header row of column names, then one record per row.

Column names are matched without regard to case, spaces and dashes (``Stand Number`` is ``stand_number``).
CSV may be UTF-8 (with or without BOM) or Windows-1252, separated by commas or semicolons (a German Excel
writes semicolons). XLSX is read from its first sheet, values as the cells show them: dates as ``YYYY-MM-DD``,
times as ``HH:MM``.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from typing import Any

from django.utils.translation import gettext as _

from events.imports.records import FileUnreadable, Table, TableRow

MAX_ROWS = 20_000
MAX_CELL = 20_000


def read_table(data: bytes, *, filename: str) -> Table:
    """Read a CSV or an XLSX file (told apart by content: an XLSX file is a zip archive)."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileUnreadable(_("The file is named .xlsx but is not an Excel workbook."))
    return _read_csv(data)


def column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower()).strip("_")


def _table(header: list[str], lines: list[tuple[int, list[str]]]) -> Table:
    columns = [column_key(name) for name in header]
    if not any(columns):
        raise FileUnreadable(_("The first row must name the columns."))
    duplicates = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicates:
        raise FileUnreadable(_("The column “%(column)s” appears twice.") % {"column": duplicates[0]})
    rows: list[TableRow] = []
    for number, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(rows) >= MAX_ROWS:
            raise FileUnreadable(_("The file holds more than %(count)s rows.") % {"count": MAX_ROWS})
        values = {
            name: (cells[index].strip() if index < len(cells) else "")[:MAX_CELL]
            for index, name in enumerate(columns)
            if name
        }
        rows.append(TableRow(row=number, values=values))
    return Table(columns=[name for name in columns if name], rows=rows)


def _read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover  (cp1252 decodes nearly everything)
        raise FileUnreadable(_("The file is not text in UTF-8 or Windows-1252."))
    if "\x00" in text:
        raise FileUnreadable(_("The file is not a CSV table."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise FileUnreadable(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from None
    if not records:
        raise FileUnreadable(_("The file is empty."))
    return _table(records[0], [(number, cells) for number, cells in enumerate(records[1:], start=2)])


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileUnreadable(_("The Excel file cannot be read: %(error)s.") % {"error": error}) from None
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise FileUnreadable(_("The file holds more than %(count)s rows.") % {"count": MAX_ROWS})
            lines.append((number, [_cell(value) for value in cells]))
    finally:
        workbook.close()
    if not lines:
        raise FileUnreadable(_("The workbook's first sheet is empty."))
    return _table(lines[0][1], lines[1:])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
