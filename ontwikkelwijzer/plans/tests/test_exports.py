"""Exports of a development plan: PDF, xlsx and CSV, who may download them, and what they cost in queries."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.plans import exports, selectors, services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.views.exports import XLSX_TYPE
from tests.support import csv_rows

pytestmark = pytest.mark.django_db

YEAR = "2026-2027"
FORMULA_GOAL = "=SUM(1) hours of practice"
REFLECTION = "Ik geef nu gerichter feedback op stageverslagen."
OWN_TITLE = "Workshop feedback geven"
# Queries of one export request, whatever the number of items: session and user, the plan, the framework's
# structure, the items with their aspects and reflections, and (PDF) the log entries.
MAX_QUERIES = 14


@pytest.fixture
def teacher(db):
    return User.objects.create_user(
        email="anna@example.org", password="pw-for-tests-1", first_name="Anna", last_name="de Vries"
    )


@pytest.fixture
def plan(teacher, framework):
    return services.plan_get_or_create(user=teacher, school_year=YEAR)


def activities(framework) -> list[Activity]:
    return list(
        Activity.objects.filter(framework=framework)
        .prefetch_related("contributions__aspect")
        .order_by("position")
    )


def add_activity_items(plan, framework, count: int, *, start: int = 0) -> list:
    items = []
    for n, activity in enumerate(activities(framework)[start : start + count], start=start):
        item = services.plan_item_from_activity(
            plan=plan, activity=activity, aspects=[c.aspect for c in activity.contributions.all()]
        )
        services.log_entry_create(
            item=item, day=date(2026, 9, 1 + n % 28), description=f"Gedaan {n}", hours_spent=Decimal("1.5")
        )
        aspect = item.aspects.first()
        if aspect:
            services.reflection_save(item=item, aspect=aspect, rating=3, text=f"Opbrengst {n}")
        items.append(item)
    return items


@pytest.fixture
def filled_plan(plan, framework, settings, tmp_path):
    """Two items from the catalogue, one own item with a formula-like goal, a log and a reflection."""
    settings.MEDIA_ROOT = tmp_path
    aspects = {a.code: a for a in framework.aspects.all()}
    by_code = {a.code: a for a in activities(framework)}
    stage = services.plan_item_from_activity(
        plan=plan, activity=by_code["docentstage"], aspects=[aspects["competence"], aspects["workfield"]]
    )
    services.plan_item_from_activity(
        plan=plan, activity=by_code["vakliteratuur"], aspects=[aspects["identity"]]
    )
    own = services.plan_item_create(
        plan=plan,
        data=services.ItemData(
            title=OWN_TITLE,
            goal=FORMULA_GOAL,
            aspects=[aspects["competence"]],
            start_date=date(2026, 9, 1),
            end_date=date(2026, 12, 20),
            estimated_hours=Decimal("6"),
            follow_up="Volgend jaar met het hele team.",
        ),
    )
    services.log_entry_create(
        item=stage,
        day=date(2026, 10, 5),
        description="Twee dagen meegelopen bij een zorginstelling.",
        hours_spent=Decimal("16"),
        evidence_url="https://example.org/verslag-docentstage",
    )
    services.log_entry_create(
        item=own,
        day=date(2026, 9, 14),
        description="Workshop gevolgd.",
        hours_spent=Decimal("3.5"),
        evidence_file=SimpleUploadedFile("certificaat.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    services.reflection_save(item=stage, aspect=aspects["competence"], rating=4, text=REFLECTION)
    return plan


def url(name: str, year: str = YEAR) -> str:
    return reverse(name, args=[year])


def pdf_text(content: bytes, tmp_path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    source = tmp_path / "plan.pdf"
    source.write_bytes(content)
    result = subprocess.run([tool, "-layout", str(source), "-"], capture_output=True, text=True, check=True)
    return result.stdout


class RowsTests:
    def test_a_row_per_item_with_its_facts(self, filled_plan):
        with translation.override("en"):
            rows = exports.plan_rows(selectors.plan_overview(plan=filled_plan))
        assert len(rows) == 3
        by_name = {r["name"]: r for r in rows}
        stage = by_name["Docentstage"]
        assert stage["category"] == "Beroepspraktijk" and stage["learning"] == "F"
        assert stage["aspects"] == "Beroepsbekwaamheid, Samenwerking werkveld"
        assert stage["hours_spent"] == Decimal("16") and stage["log_count"] == 1
        assert stage["status"] == "In progress"
        assert stage["reflections"] == f"Beroepsbekwaamheid: 4/5 – {REFLECTION}"
        own = by_name[OWN_TITLE]
        assert own["category"] == "Own activity" and own["learning"] == ""
        assert own["goal"] == FORMULA_GOAL and own["follow_up"] == "Volgend jaar met het hele team."
        assert own["start"] == date(2026, 9, 1) and own["estimated_hours"] == Decimal("6")

    def test_hours_account(self, filled_plan):
        overview = selectors.plan_overview(plan=filled_plan)
        values = [value for _label, value in exports.hours_account(overview)]
        assert values == [
            filled_plan.budget_hours,
            overview.hours_planned,
            Decimal("19.5"),
            filled_plan.budget_hours - Decimal("19.5"),
        ]

    def test_page_counter_is_one_css_sentence(self):
        with translation.override("en"):
            assert exports.page_counter_css() == '"page " counter(page) " of " counter(pages)'

    def test_css_strings_cannot_break_out(self):
        assert exports._css_string('a"b\\c</style>\nd') == '"a\\"b\\\\c\\3c /style\\3e  d"'


class PdfTests:
    def test_the_whole_plan_in_a_pdf(self, client, teacher, filled_plan, tmp_path):
        client.force_login(teacher)
        response = client.get(url("plans:export_pdf"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="ontwikkelplan-2026-2027.pdf"'
        assert "no-store" in response["Cache-Control"]
        content = response.content
        assert content.startswith(b"%PDF") and len(content) > 10_000
        text = pdf_text(content, tmp_path)
        if text is None:
            pytest.skip("pdftotext is not installed: the text of the PDF is not checked")
        flat = " ".join(text.split())
        assert text.count("\f") >= 2  # more than one page
        for expected in ("Anna de Vries", YEAR, OWN_TITLE, "Docentstage", REFLECTION, "certificaat.pdf"):
            assert expected in flat
        assert "https://example.org/verslag-docentstage" in flat.replace(" ", "")

    def test_an_empty_plan_still_makes_a_pdf(self, client, teacher, plan):
        client.force_login(teacher)
        response = client.get(url("plans:export_pdf"))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    def test_in_english_with_page_numbers(self, client, teacher, filled_plan, tmp_path, settings):
        client.force_login(teacher)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        text = pdf_text(client.get(url("plans:export_pdf")).content, tmp_path)
        if text is None:
            pytest.skip("pdftotext is not installed")
        assert "Development plan" in text and "page 1 of" in text and "Own activity" in text


class SpreadsheetTests:
    def test_xlsx_has_a_row_per_item_and_the_hours(self, client, teacher, filled_plan):
        client.force_login(teacher)
        response = client.get(url("plans:export_xlsx"))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX_TYPE
        assert response["Content-Disposition"] == 'attachment; filename="ontwikkelplan-2026-2027.xlsx"'
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["Ontwikkelplan", "Uren"]
        sheet = workbook["Ontwikkelplan"]
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == 3
        assert {"Docentstage", OWN_TITLE} <= {row[0] for row in rows}
        own = next(row for row in rows if row[0] == OWN_TITLE)
        assert own[4] == "'" + FORMULA_GOAL  # the goal column, neutralised
        assert own[5].date() == date(2026, 9, 1) and own[7] == 6  # dates and hours stay typed
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        hours = [row[1] for row in workbook["Uren"].iter_rows(min_row=2, values_only=True)]
        assert hours[0] == float(filled_plan.budget_hours) and hours[2] == 19.5

    def test_csv_has_a_header_and_a_row_per_item(self, client, teacher, filled_plan):
        client.force_login(teacher)
        response = client.get(url("plans:export_csv"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="ontwikkelplan-2026-2027.csv"'
        rows = csv_rows(response.content)
        assert len(rows) == 1 + 3 and len(rows[0]) == len(exports.COLUMNS)
        assert all(len(row) == len(rows[0]) for row in rows)
        own = next(row for row in rows if row[0] == OWN_TITLE)
        assert own[4] == "'" + FORMULA_GOAL

    def test_csv_header_is_translated(self, filled_plan):
        with translation.override("en"):
            header = csv_rows(exports.plan_csv(selectors.plan_overview(plan=filled_plan)))[0]
        assert header[:5] == ["Activity", "Category", "Informal/formal", "Aspects", "Goal"]

    def test_formula_like_text_is_neutralised_everywhere(self, plan, framework):
        aspect = framework.aspects.first()
        services.plan_item_create(
            plan=plan,
            data=services.ItemData(
                title="-2+3",
                goal="@cmd",
                aspects=[aspect],
                start_date=date(2026, 9, 1),
                end_date=date(2026, 9, 2),
                estimated_hours=Decimal("1"),
                follow_up="+1\x07bell",
            ),
        )
        overview = selectors.plan_overview(plan=plan)
        row = csv_rows(exports.plan_csv(overview))[1]
        assert row[0] == "'-2+3" and row[4] == "'@cmd" and row[12].startswith("'+1")
        sheet = load_workbook(io.BytesIO(exports.plan_xlsx(overview)))["Ontwikkelplan"]
        values = next(sheet.iter_rows(min_row=2, values_only=True))
        assert values[0] == "'-2+3" and values[4] == "'@cmd" and values[12] == "'+1bell"


class AccessTests:
    @pytest.mark.parametrize("name", ["plans:export_pdf", "plans:export_xlsx", "plans:export_csv"])
    def test_someone_else_gets_404(self, client, filled_plan, name):
        other = User.objects.create_user(email="bram@example.org", password="pw-for-tests-2")
        client.force_login(other)
        assert client.get(url(name)).status_code == 404

    @pytest.mark.parametrize("name", ["plans:export_pdf", "plans:export_xlsx", "plans:export_csv"])
    def test_anonymous_is_sent_to_login(self, client, filled_plan, name):
        response = client.get(url(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_someone_elses_own_plan_holds_only_their_items(self, client, filled_plan):
        other = User.objects.create_user(email="bram@example.org", password="pw-for-tests-2")
        services.plan_get_or_create(user=other, school_year=YEAR)
        client.force_login(other)
        rows = csv_rows(client.get(url("plans:export_csv")).content)
        assert len(rows) == 1

    def test_unknown_year_is_404(self, client, teacher, filled_plan):
        client.force_login(teacher)
        assert client.get(url("plans:export_csv", "2030-2031")).status_code == 404


class QueryTests:
    @pytest.mark.parametrize("name", ["plans:export_pdf", "plans:export_xlsx", "plans:export_csv"])
    def test_queries_do_not_grow_with_the_items(
        self, client, teacher, plan, framework, name, django_assert_max_num_queries
    ):
        client.force_login(teacher)
        add_activity_items(plan, framework, 2)
        with django_assert_max_num_queries(MAX_QUERIES) as few:
            assert client.get(url(name)).status_code == 200
        add_activity_items(plan, framework, 18, start=2)
        assert plan.items.count() == 20
        with django_assert_max_num_queries(MAX_QUERIES) as many:
            assert client.get(url(name)).status_code == 200
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_cancelled_items_are_exported_but_not_planned(self, plan, framework):
        items = add_activity_items(plan, framework, 2)
        items[1].status = ItemStatus.CANCELLED
        items[1].save()
        overview = selectors.plan_overview(plan=plan)
        assert len(exports.plan_rows(overview)) == 2
        assert overview.hours_planned == items[0].estimated_hours
