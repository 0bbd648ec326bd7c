"""A CSV download opens in columns in the spreadsheet of the person's language."""

import codecs
from datetime import date
from decimal import Decimal

from django.utils import translation

from ontwikkelwijzer.core.spreadsheets import spreadsheet_csv

ROWS = [["Docentstage", Decimal("12.5"), 3, date(2027, 8, 1), "=1+1", "-2"]]
HEADER = ["Activiteit", "Uren", "Aantal", "Start", "Doel", "Noot"]


def test_in_dutch_semicolons_and_decimal_commas_after_a_byte_order_mark():
    with translation.override("nl"):
        content = spreadsheet_csv(HEADER, ROWS)
    assert content.startswith(codecs.BOM_UTF8)
    lines = content[len(codecs.BOM_UTF8) :].decode().splitlines()
    assert lines == ["Activiteit;Uren;Aantal;Start;Doel;Noot", "Docentstage;12,5;3;2027-08-01;'=1+1;'-2"]


def test_in_english_commas_and_decimal_points():
    with translation.override("en"):
        lines = spreadsheet_csv(HEADER, ROWS)[len(codecs.BOM_UTF8) :].decode().splitlines()
    assert lines[1] == "Docentstage,12.5,3,2027-08-01,'=1+1,'-2"
