"""The organisation overview for HR/policy advisors and administrators, and its downloads.

Only ``access.get_organisation_for_overseer`` lets anyone in (HR or administrator of that organisation,
everyone else a 404). Aggregates only; never cached. The page shows the teams a page at a time (a large
school has hundreds); the downloads have them all, with the same figures for each team: what is hidden is
decided for the whole organisation, never per page (``org_overview.organisation_overview``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Page, Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.charts import Bar, bar_chart
from ontwikkelwijzer.core.http import attachment
from ontwikkelwijzer.plans.coverage import coverage_rows
from ontwikkelwijzer.plans.views.exports import XLSX_TYPE
from ontwikkelwijzer.teams import access, org_exports, services, snapshots
from ontwikkelwijzer.teams.models import Organisation
from ontwikkelwijzer.teams.org_overview import OrganisationOverview, organisation_overview
from ontwikkelwijzer.teams.school_forms import SchoolSettingsForm

CSV_TYPE = "text/csv; charset=utf-8"
TEAMS_PER_PAGE = 25  # the page shows this many teams at a time; the downloads have every team
PAGE_PARAMETER = "pagina"


def _overview(request, pk: int) -> tuple[OrganisationOverview, str]:
    organisation = access.get_organisation_for_overseer(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    leader = access.leads_in(request.user, organisation)
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


@login_required
@never_cache
def overview(request, pk: int):
    organisation = access.get_organisation_for_overseer(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    page, page_notice = _teams_page(request, organisation)
    o = organisation_overview(
        organisation=organisation,
        school_year=school_year,
        teams=list(page),
        leader=access.leads_in(request.user, organisation),
    )
    total = o.total
    coverage = total.year.coverage
    rows = coverage_rows(coverage, o.aspects, o.categories)
    team_rows = [{"g": g, "aspects": [g.year.coverage.by_aspect[a.code] for a in o.aspects]} for g in o.teams]
    trend_rows = [
        {"year": year, "aspects": [year.coverage.by_aspect[a.code] for a in o.aspects]} for year in o.trends
    ]
    context = {
        "o": o,
        "organisation": o.organisation,
        "school_year": o.school_year,
        "notice": notice,
        "page_notice": page_notice,
        "page": page,
        "page_parameter": PAGE_PARAMETER,
        "coverage_rows": rows,
        "team_rows": team_rows,
        "total_aspects": [coverage.by_aspect[a.code] for a in o.aspects],
        "trend_rows": trend_rows,
        "scan_days": snapshots.period().days,
        "administers": o.organisation in access.organisations_administered_by(request.user),
    }
    if total.scans.shown:
        context["chart"] = bar_chart(
            [Bar(s.aspect.short_name, s.score) for s in total.scans.scores if s.shown],
            title=_("Mean score of the organisation per aspect (1 to 5)"),
            chart_id="organisation-scan-chart",
        )
    return render(request, "teams/organisation.html", context)


@login_required
@never_cache
def export_xlsx(request, pk: int):
    o, _notice = _overview(request, pk)
    filename = f"schooloverzicht-{o.organisation.pk}-{o.school_year}.xlsx"
    return attachment(org_exports.organisation_xlsx(o), XLSX_TYPE, filename)


@login_required
@never_cache
def export_csv(request, pk: int):
    o, _notice = _overview(request, pk)
    filename = f"schooloverzicht-{o.organisation.pk}-{o.school_year}.csv"
    return attachment(org_exports.teams_csv(o), CSV_TYPE, filename)


@login_required
@never_cache
def export_research(request, pk: int):
    organisation = access.get_organisation_for_overseer(request.user, pk)
    filename = f"onderzoek-{organisation.pk}.csv"
    return attachment(org_exports.research_csv(organisation), CSV_TYPE, filename)


@login_required
def school_settings(request, pk: int):
    """A school's settings, for its administrators: its e-mail domains (who counts, who may be invited as
    team leader), the development hours for a full-time job, and the smallest group for figures."""
    organisation = access.get_organisation_for_admin(request.user, pk)
    form = SchoolSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.school_settings_save(organisation=form.save(commit=False), by=request.user)
        messages.success(request, _("The school's settings were saved."))
        return redirect("teams:school_settings", organisation.pk)
    status = 400 if form.errors else 200
    return render(
        request, "teams/school_settings.html", {"organisation": organisation, "form": form}, status=status
    )
