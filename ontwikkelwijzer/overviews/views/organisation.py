"""The organisation overview for HR/policy advisors and administrators, and its downloads.

Only ``access.get_organisation_for_overseer`` lets anyone in (HR or administrator of that organisation,
everyone else a 404). Aggregates only; never cached. The page shows the teams a page at a time (a large
school has hundreds); the downloads have them all, with the same figures for each team: what is hidden is
decided for the whole organisation, never per page (``org_overview.organisation_overview``).
"""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Page, Paginator
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.charts import Bar, Group, bar_chart, column_chart, hours_chart
from ontwikkelwijzer.core.http import attachment
from ontwikkelwijzer.overviews import org_exports, snapshots
from ontwikkelwijzer.overviews.aggregates import ScanScore
from ontwikkelwijzer.overviews.org_overview import GroupFigures, OrganisationOverview, organisation_overview
from ontwikkelwijzer.plans.coverage import coverage_rows
from ontwikkelwijzer.plans.views.exports import XLSX_TYPE
from ontwikkelwijzer.teams import access
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation

CSV_TYPE = "text/csv; charset=utf-8"
TEAMS_PER_PAGE = 25  # the page shows this many teams at a time; the downloads have every team
PAGE_PARAMETER = "pagina"


def _overview(request, pk: int) -> tuple[OrganisationOverview, str]:
    organisation, roles = access.get_organisation_for_overseer(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    leader = Role.TEAM_LEADER in roles
    return organisation_overview(organisation=organisation, school_year=school_year, leader=leader), notice


def _teams_page(request, organisation: Organisation) -> tuple[Page, str]:
    """The page of teams asked for (``pagina``); the first, with a notice, when there is no such page."""
    paginator = Paginator(organisation.teams.order_by("name", "pk"), TEAMS_PER_PAGE)
    asked = request.GET.get(PAGE_PARAMETER, "1")
    try:
        return paginator.page(asked), ""
    except InvalidPage:
        notice = _("There is no page %(page)s of teams; the first page is shown.") % {"page": asked[:20]}
        return paginator.page(1), notice


class _Cells:
    """The cells of a team's table rows, written as the template writes them (``{{ n }}``, hours and scores
    with ``floatformat:1``), but here: a page has 25 teams of a dozen figures each, and the template language
    takes longer over each figure than over anything else on the page. The same value is written once."""

    def __init__(self) -> None:
        # ``{{ n }}`` of a whole number is the number itself unless numbers are grouped in thousands
        self.grouped = settings.USE_THOUSAND_SEPARATOR
        self.numbers: dict[int, str] = {}
        self.decimals: dict[tuple[type, Decimal | float | None], str] = {}
        self.separator = get_format("DECIMAL_SEPARATOR")
        self.no_thin_spots = _("No thin spots.")
        self.not_shown = format_html(
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>', _("not shown")
        )

    def one_decimal(self, value: Decimal | float | None) -> str:
        """``{{ value|floatformat:1 }}``. Hours are tenths (``aggregates.hours``): such a number is written
        here as floatformat writes it, without its cost; anything else by floatformat itself."""
        key = (type(value), value)
        found = self.decimals.get(key)
        if found is None:
            if (
                type(value) is Decimal
                and not self.grouped
                and value.is_finite()
                and value.as_tuple()[2] in (0, -1)
            ):
                found = f"{value:.1f}".replace(".", self.separator) if value else f"0{self.separator}0"
            else:
                found = floatformat(value, 1)
            self.decimals[key] = found
        return found

    def thin_spots(self, group: GroupFigures) -> SafeString:
        """The team's thin spots, folded away under its name and their number."""
        if group.gaps:
            spots = format_html(
                '<ul class="gaps">{}</ul>', format_html_join("", "<li>{}</li>", ((g,) for g in group.gaps))
            )
        else:
            spots = format_html("<p>{}</p>", self.no_thin_spots)
        return format_html(
            "<details>\n    <summary>{} ({})</summary>\n    {}\n  </details>",
            group.team.name,
            self._text(len(group.gaps)),
            spots,
        )

    def of(self, values: Iterable[int | str]) -> SafeString:
        """The cells of the values: whole numbers, or text written already (safe)."""
        return mark_safe("".join(f"<td>{self._text(v)}</td>" for v in values))  # noqa: S308 (escaped)

    def scores(self, scores: Iterable[ScanScore]) -> SafeString:
        return self.of(self.one_decimal(s.score) if s.shown else self.not_shown for s in scores)

    def _text(self, value: int | str) -> str:
        if type(value) is not int:
            return conditional_escape(value)
        if value not in self.numbers:
            self.numbers[value] = str(value) if not self.grouped else conditional_escape(localize(value))
        return self.numbers[value]


@login_required
@never_cache
def overview(request, pk: int):
    organisation, roles = access.get_organisation_for_overseer(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    page, page_notice = _teams_page(request, organisation)
    school_overview = organisation_overview(
        organisation=organisation,
        school_year=school_year,
        teams=list(page),
        leader=Role.TEAM_LEADER in roles,
    )
    total = school_overview.total
    coverage = total.year.coverage
    rows = coverage_rows(coverage, school_overview.aspects, school_overview.categories)
    cells = _Cells()
    team_rows = [
        {
            "group": group,
            "figures": cells.of(
                [
                    group.teachers,
                    group.teachers_with_plan,
                    *group.by_status,
                    cells.one_decimal(group.year.hours.budget),
                    cells.one_decimal(group.year.hours.planned),
                    *(group.year.coverage.by_aspect[aspect.code] for aspect in school_overview.aspects),
                    group.informal,
                    group.formal,
                ]
            ),
            "scans": cells.scores(group.scans.scores),
            "thin_spots": cells.thin_spots(group),
        }
        for group in school_overview.teams
    ]
    trend_rows = [
        {
            "year": year,
            "aspects": [year.coverage.by_aspect[aspect.code] for aspect in school_overview.aspects],
        }
        for year in school_overview.trends
    ]
    context = {
        "overview": school_overview,
        "organisation": school_overview.organisation,
        "school_year": school_overview.school_year,
        "notice": notice,
        "page_notice": page_notice,
        "page": page,
        "page_parameter": PAGE_PARAMETER,
        "coverage_rows": rows,
        "team_rows": team_rows,
        "total_aspects": [coverage.by_aspect[aspect.code] for aspect in school_overview.aspects],
        "trend_rows": trend_rows,
        "scan_days": snapshots.period().days,
        "administers": Role.ADMIN in roles,
    }
    if trend_rows:
        context["trends_chart"] = column_chart(
            [Group(row["year"].school_year, row["aspects"]) for row in trend_rows],
            [aspect.short_name for aspect in school_overview.aspects],
            title=_("Activities per aspect in the organisation's plans, per school year"),
            chart_id="organisation-trends-chart",
        )
    context["hours_chart"] = hours_chart(
        [(_("Budget"), total.year.hours.budget), (_("Planned"), total.year.hours.planned)],
        title=_("Hours of the organisation's plans in %(year)s") % {"year": school_overview.school_year},
        chart_id="organisation-hours-chart",
    )
    if total.scans.shown:
        context["chart"] = bar_chart(
            [Bar(s.aspect.short_name, s.score) for s in total.scans.scores if s.shown],
            title=_("Mean score of the organisation per aspect (1 to 5)"),
            chart_id="organisation-scan-chart",
        )
    return render(request, "overviews/organisation.html", context)


@login_required
@never_cache
def export_xlsx(request, pk: int):
    overview, _notice = _overview(request, pk)
    filename = f"schooloverzicht-{overview.organisation.pk}-{overview.school_year}.xlsx"
    return attachment(org_exports.organisation_xlsx(overview), XLSX_TYPE, filename)


@login_required
@never_cache
def export_csv(request, pk: int):
    overview, _notice = _overview(request, pk)
    filename = f"schooloverzicht-{overview.organisation.pk}-{overview.school_year}.csv"
    return attachment(org_exports.teams_csv(overview), CSV_TYPE, filename)


@login_required
@never_cache
def export_research(request, pk: int):
    organisation, _roles = access.get_organisation_for_overseer(request.user, pk)
    filename = f"onderzoek-{organisation.pk}.csv"
    return attachment(org_exports.research_csv(organisation), CSV_TYPE, filename)
