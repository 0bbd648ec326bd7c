"""A development plan as a file: the items as rows (CSV, xlsx) and the whole plan as an A4 PDF.

Everything is built from the plan overview (``selectors.plan_overview``), plus one query for the log
entries of all items in the PDF: the number of queries does not grow with the number of items.
"""

import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ontwikkelwijzer.core.pdf import render_pdf
from ontwikkelwijzer.core.spreadsheets import safe_cell, spreadsheet_csv
from ontwikkelwijzer.plans.charts import plan_hours_chart
from ontwikkelwijzer.plans.coverage import coverage_rows
from ontwikkelwijzer.plans.models import LogEntry, PlanItem
from ontwikkelwijzer.plans.selectors import PlanOverview

PLAN_SHEET = "Ontwikkelplan"
HOURS_SHEET = "Uren"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int  # xlsx column width in characters
    wrap: bool = False


COLUMNS = [
    Column("name", gettext_lazy("Activity"), 36, wrap=True),
    Column("category", gettext_lazy("Category"), 20),
    Column("learning", gettext_lazy("Informal/formal"), 10),
    Column("aspects", gettext_lazy("Aspects"), 30, wrap=True),
    Column("goal", gettext_lazy("Goal"), 50, wrap=True),
    Column("start", gettext_lazy("Start"), 12),
    Column("end", gettext_lazy("End"), 12),
    Column("estimated_hours", gettext_lazy("Estimated hours"), 10),
    Column("hours_spent", gettext_lazy("Hours spent"), 10),
    Column("status", gettext_lazy("Status"), 16),
    Column("log_count", gettext_lazy("Log entries"), 10),
    Column("reflections", gettext_lazy("Reflections"), 60, wrap=True),
    Column("follow_up", gettext_lazy("Follow-up"), 40, wrap=True),
]
HOURS_COLUMNS = ("estimated_hours", "hours_spent")
# Control characters that an xlsx file cannot hold (openpyxl refuses them); tab and newlines stay.
XLSX_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def item_category(item: PlanItem) -> str:
    return item.activity.category.short_name if item.activity_id else _("Own activity")


def item_learning(item: PlanItem) -> str:
    return item.activity.learning_mark if item.activity_id else ""


def reflections_summary(item: PlanItem) -> str:
    """ "Aspect: 4/5 – what it yielded" per reflection, joined by "; "."""
    return "; ".join(
        f"{r.aspect.short_name}: {r.rating}/5 – {' '.join(r.text.split())}" for r in item.reflections.all()
    )


def plan_rows(overview: PlanOverview) -> list[dict]:
    """One row per item, in the plan's order, keyed by the ``COLUMNS`` keys."""
    return [
        {
            "name": item.name,
            "category": item_category(item),
            "learning": item_learning(item),
            "aspects": ", ".join(a.short_name for a in item.aspects.all()),
            "goal": item.goal,
            "start": item.start_date,
            "end": item.end_date,
            "estimated_hours": item.estimated_hours,
            "hours_spent": item.hours_spent or Decimal(0),
            "status": item.get_status_display(),
            "log_count": item.log_count,
            "reflections": reflections_summary(item),
            "follow_up": item.follow_up,
        }
        for item in overview.items
    ]


def hours_account(overview: PlanOverview) -> list[tuple[str, Decimal]]:
    """Budget, planned (cancelled and carried-over items left out), spent, and what is left to spend."""
    budget = overview.plan.budget_hours
    return [
        (_("Budget"), budget),
        (_("Planned"), overview.hours_planned),
        (_("Spent"), overview.hours_spent),
        (_("Remaining"), budget - overview.hours_spent),
    ]


def plan_csv(overview: PlanOverview) -> bytes:
    return spreadsheet_csv(
        (c.label for c in COLUMNS), ([row[c.key] for c in COLUMNS] for row in plan_rows(overview))
    )


def xlsx_value(value: object) -> object:
    """Numbers and dates stay typed; text goes through safe_cell, so it is never stored as a formula."""
    if isinstance(value, int | Decimal | float | date):
        return value
    return XLSX_ILLEGAL.sub("", safe_cell(value))


def plan_xlsx(overview: PlanOverview) -> bytes:
    from openpyxl import Workbook  # lazy: only needed for this download
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    sheet.append([xlsx_value(c.label) for c in COLUMNS])
    for row in plan_rows(overview):
        sheet.append([xlsx_value(row[c.key]) for c in COLUMNS])
    bold, top = Font(bold=True), Alignment(vertical="top")
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = Alignment(vertical="top", wrap_text=True) if column.wrap else top
            if column.key in ("start", "end"):
                cell.number_format = "yyyy-mm-dd"
            elif column.key in HOURS_COLUMNS:
                cell.number_format = "0.0"

    hours = workbook.create_sheet(HOURS_SHEET)
    hours.append([xlsx_value(_("Hours")), xlsx_value(overview.plan.school_year)])
    for label, value in hours_account(overview):
        hours.append([xlsx_value(label), value])
    for cell in hours[1]:
        cell.font = bold
    for (cell,) in hours.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "0.0"
    hours.column_dimensions["A"].width = 24
    hours.column_dimensions["B"].width = 12

    return workbook_bytes(workbook, title=f"{PLAN_SHEET} {overview.plan.school_year}")


def workbook_bytes(workbook, *, title: str) -> bytes:
    """The finished workbook as the bytes of an .xlsx file."""
    workbook.properties.creator = "Ontwikkelwijzer"
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _css_string(text: str) -> str:
    """A quoted CSS string that cannot end the string or the <style> element it sits in."""
    escaped = (
        re.sub(r"\s+", " ", text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("<", "\\3c ")
        .replace(">", "\\3e ")
    )
    return f'"{escaped}"'


def page_counter_css() -> str:
    """The footer's `content`, "pagina X van Y" as one translatable sentence around the page counters."""
    marker = "\x00"
    sentence = _("page %(page)s of %(pages)s") % {
        "page": f"{marker}page{marker}",
        "pages": f"{marker}pages{marker}",
    }
    parts = sentence.split(marker)
    # The odd parts are the placeholders' names, the even parts the words around them.
    return " ".join(
        f"counter({part})" if i % 2 else _css_string(part) for i, part in enumerate(parts) if part
    )


def plan_pdf(overview: PlanOverview, user) -> bytes:
    plan = overview.plan
    log: dict[int, list[LogEntry]] = defaultdict(list)
    for entry in LogEntry.objects.filter(item__plan=plan).order_by("date", "pk"):
        log[entry.item_id].append(entry)
    person = user.get_full_name() or user.email
    items = [
        {
            "item": item,
            "category": item_category(item),
            "learning": item_learning(item),
            "hours_spent": item.hours_spent or Decimal(0),
            "log": log.get(item.pk, []),
        }
        for item in overview.items
    ]
    context = {
        "overview": overview,
        "plan": plan,
        "person": person,
        "items": items,
        "hours": hours_account(overview),
        "coverage_rows": coverage_rows(overview.coverage, overview.aspects, overview.categories),
        "hours_chart": plan_hours_chart(overview),
        "categories": overview.categories,
        "learning_marks": [("I", _("informal")), ("F", _("formal"))],
        "page_counter": page_counter_css(),
        "running_head": _css_string(f"{_('Development plan')} · {person} · {plan.school_year}"),
        "today": date.today(),
    }
    return render_pdf("plans/pdf.html", context)
