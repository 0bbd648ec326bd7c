"""Cells and CSV files that spreadsheets open as meant.

A cell of text that starts like a formula (``=``, ``+``, ``-``, ``@``) gets a quote first, so that a
spreadsheet shows it instead of running it. A CSV download is written for the spreadsheet of the
person's language: in Dutch with semicolons between the cells and decimal commas (Dutch Excel splits on a
semicolon, since the comma is its decimal separator), in English with commas and decimal points; both
with a UTF-8 byte-order mark, without which Excel reads UTF-8 as Windows-1252 ("beroepsidentiteit Ã©").
"""

import codecs
import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils.formats import get_format, number_format

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return safe_cell(value)
    if isinstance(value, Decimal | float):
        return number_format(value, use_l10n=True)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()  # a date every spreadsheet reads, in either language
    return safe_cell(value)


def spreadsheet_csv(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """The rows as a CSV file for the current language's spreadsheets (see the module's description)."""
    out = io.StringIO()
    delimiter = ";" if get_format("DECIMAL_SEPARATOR") == "," else ","
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    return codecs.BOM_UTF8 + out.getvalue().encode()
