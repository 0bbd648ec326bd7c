import csv
import io
import json

import pytest
from django.core.management import call_command

from ontwikkelwijzer.core.spreadsheets import safe_cell

pytestmark = pytest.mark.django_db


class ExportCommandTests:
    def test_json_is_the_api_shape(self, client, framework, tmp_path):
        out = tmp_path / "fw.json"
        call_command("export_framework", "--format", "json", "--output", str(out))
        assert json.loads(out.read_text(encoding="utf-8")) == client.get("/api/v1/framework").json()

    def test_csv_has_a_row_per_activity(self, framework):
        buffer = io.StringIO()
        call_command("export_framework", "--format", "csv", stdout=buffer)
        rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
        assert len(rows) == 34
        docentstage = next(r for r in rows if r["code"] == "docentstage")
        assert docentstage["learning"] == "formal" and docentstage["identity"] == ""

    def test_csv_cells_cannot_start_a_formula(self):
        assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
        assert safe_cell("-1") == "'-1" and safe_cell("@x") == "'@x" and safe_cell("+1") == "'+1"
        assert safe_cell("Docentstage") == "Docentstage" and safe_cell(None) == ""
