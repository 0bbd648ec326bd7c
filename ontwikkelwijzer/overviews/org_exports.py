"""The organisation overview as files: xlsx (teams, activities, trends), a CSV of the per-team table, and
an anonymised CSV for research.

The xlsx and the per-team CSV are built from ``org_overview.organisation_overview``: the scan means in them
are the page's (published, shown per group from k people on, the organisation's line over the groups shown),
and so are the counts per activity (hidden where the page and the research export hide them). The research
CSV has counts only (``org_overview.research_counts``), never per person and without team names; a count
with fewer than k teachers behind it, or one that would follow from the others and the sums the file and the
overview show, is left empty (items and teachers both) with a note: primary and complementary cell
suppression, decided per school year for the whole organisation.

Every cell goes through ``core.spreadsheets.safe_cell`` (in the xlsx: through ``plans.exports``'s typed
variant, which keeps numbers numbers).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from ontwikkelwijzer.core.spreadsheets import spreadsheet_csv
from ontwikkelwijzer.overviews import suppression
from ontwikkelwijzer.overviews.org_overview import GroupFigures, OrganisationOverview, research_counts
from ontwikkelwijzer.plans.exports import workbook_bytes, xlsx_value
from ontwikkelwijzer.teams.models import Organisation

TEAMS_SHEET = "Teams"
ACTIVITIES_SHEET = "Activiteiten"
TRENDS_SHEET = "Trends"
RESEARCH_COLUMNS = [
    "school_year",
    "breakdown",
    "aspect",
    "category",
    "learning_mode",
    "activity",
    "items",
    "teachers",
    "note",
]


def team_header(overview: OrganisationOverview) -> list[str]:
    return [
        _("Team"),
        _("Teachers"),
        _("Plans"),
        _("Planned"),
        _("In progress"),
        _("Done"),
        _("Budget"),
        _("Estimated hours"),
        *(_("Activities: %(aspect)s") % {"aspect": a.short_name} for a in overview.aspects),
        _("Informal"),
        _("Formal"),
        _("Own activity"),
        _("Teachers with a self-scan"),
        *(_("Mean score: %(aspect)s") % {"aspect": a.short_name} for a in overview.aspects),
    ]


def _team_row(label: str, group: GroupFigures, overview: OrganisationOverview) -> list:
    year = group.year
    return [
        label,
        group.teachers,
        group.teachers_with_plan,
        *group.by_status,
        year.hours.budget,
        year.hours.planned,
        *(year.coverage.by_aspect[a.code] for a in overview.aspects),
        group.informal,
        group.formal,
        group.own,
        group.scans.scanned,
        *(s.score if s.shown else None for s in group.scans.scores),
    ]


def team_rows(overview: OrganisationOverview) -> list[list]:
    """One row per team, then the whole organisation; a hidden scan mean is None (an empty cell).

    The organisation's scan means are over the groups shown. When a group is hidden they are not the whole
    organisation's, so they go on a row of their own, with the teachers they are over, and the row of the
    whole organisation has none.
    """
    rows = [_team_row(group.team.name, group, overview) for group in overview.teams]
    whole = _team_row(_("Whole organisation"), overview.total, overview)
    if overview.scans_complete:
        rows.append(whole)
        return rows
    scans = len(overview.aspects)
    rows.append([*whole[:-scans], *([None] * scans)])
    together = [None] * (len(whole) - scans - 1)
    together[0] = _("Groups shown together (self-scan)")
    rows.append(
        [
            *together,
            overview.scans_together,
            *(s.score if s.shown else None for s in overview.total.scans.scores),
        ]
    )
    return rows


def activity_rows(overview: OrganisationOverview) -> tuple[list[str], list[list]]:
    header = [_("Code"), _("Activity"), _("Category"), _("Informal/formal"), _("Activities"), _("Teachers")]
    rows = [
        [
            use.activity.code,
            use.activity.name,
            use.activity.category.short_name,
            use.activity.learning_mark,
            use.items if use.shown else None,  # hidden: an empty cell, as in the research export
            use.teachers if use.shown else None,
        ]
        for use in overview.activities
    ]
    return header, rows


TREND_ASPECTS_FROM = 6  # the trend sheet's first column of activities per aspect (after year, plans, ...)


def trend_rows(overview: OrganisationOverview) -> tuple[list[str], list[list]]:
    header = [
        _("School year"),
        _("Plans"),
        _("Activities"),
        _("Budget"),
        _("Estimated hours"),
        *(_("Activities: %(aspect)s") % {"aspect": a.short_name} for a in overview.aspects),
    ]
    rows = [
        [
            year.school_year,
            year.plans,
            year.progress.counted,
            year.hours.budget,
            year.hours.planned,
            *(year.coverage.by_aspect[a.code] for a in overview.aspects),
        ]
        for year in overview.trends
    ]
    return header, rows


def teams_csv(overview: OrganisationOverview) -> bytes:
    return spreadsheet_csv(team_header(overview), team_rows(overview))


def organisation_xlsx(overview: OrganisationOverview) -> bytes:
    from openpyxl import Workbook  # lazy: only needed for this download
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheets = [
        (TEAMS_SHEET, team_header(overview), team_rows(overview), "B2"),
        (ACTIVITIES_SHEET, *activity_rows(overview), "A2"),
        (TRENDS_SHEET, *trend_rows(overview), "B2"),
    ]
    bold = Font(bold=True)
    for index, (title, header, rows, freeze) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append([xlsx_value(cell) for cell in header])
        for row in rows:
            sheet.append([None if cell is None else xlsx_value(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = freeze
        if sheet.max_row > 1:
            sheet.auto_filter.ref = sheet.dimensions
        for number, label in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = max(10, min(40, len(str(label)) + 2))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal | float):
                    cell.number_format = "0.0"
        if title == TRENDS_SHEET and rows:
            _trends_chart(sheet, len(rows), len(overview.aspects))
    return workbook_bytes(workbook, title=f"{overview.organisation.name} {overview.school_year}")


def _trends_chart(sheet, years: int, aspects: int) -> None:
    """The trend sheet's picture, as on the page: per school year a column per aspect, next to the table."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = _("Activities per aspect in the organisation's plans, per school year")
    chart.y_axis.title = _("Activities")
    first = TREND_ASPECTS_FROM
    chart.add_data(
        Reference(sheet, min_col=first, max_col=first + aspects - 1, min_row=1, max_row=years + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=years + 1))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"A{years + 4}")


def research_csv(organisation: Organisation) -> bytes:
    """Counts by school year × aspect × category × learning mode and by activity; no people, no teams.

    A hidden count (``research_counts``) is left empty (both the items and the teachers), with a note; k
    is the organisation's smallest group for aggregated results.
    """
    k = suppression.threshold(organisation.min_group_size)
    note = _("not shown: fewer than %(k)s teachers, or it would follow from the other counts") % {"k": k}
    rows = []
    for cell in research_counts(organisation=organisation):
        rows.append(
            [
                cell.school_year,
                cell.breakdown,
                cell.aspect,
                cell.category,
                cell.learning,
                cell.activity,
                cell.items if cell.shown else "",
                cell.teachers if cell.shown else "",
                "" if cell.shown else note,
            ]
        )
    return spreadsheet_csv(RESEARCH_COLUMNS, rows)
