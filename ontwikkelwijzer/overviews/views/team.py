from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.charts import Bar, Group, bar_chart, column_chart, hours_chart
from ontwikkelwijzer.overviews import snapshots
from ontwikkelwijzer.overviews.team_overview import team_overview as overview_of
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import coverage_rows
from ontwikkelwijzer.teams import access


@login_required
def team_overview(request, pk: int):
    team = access.get_team_for_leader(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    overview = overview_of(team=team, school_year=school_year, for_leader=access.leads(request.user, team))
    now, before = overview.current, overview.previous
    rows = coverage_rows(now.coverage, overview.aspects, overview.categories)
    comparison_rows = [
        {
            "aspect": aspect,
            "years": [
                (
                    figures.coverage.by_aspect[aspect.code],
                    figures.coverage.by_aspect_learning[(aspect.code, "informal")],
                    figures.coverage.by_aspect_learning[(aspect.code, "formal")],
                )
                for figures in (now, before)
            ],
        }
        for aspect in overview.aspects
    ]
    statuses = [(label, now.progress.by_status[value]) for value, label in ItemStatus.choices]
    context = {
        "overview": overview,
        "team": team,
        "school_year": school_year,
        "notice": notice,
        "coverage_rows": rows,
        "comparison_rows": comparison_rows,
        "statuses": statuses,
        "own_items": now.coverage.total - sum(now.coverage.by_category.values()),
        "scan_days": snapshots.period().days,
    }
    context["comparison_chart"] = column_chart(
        [
            Group(figures.school_year, [figures.coverage.by_aspect[a.code] for a in overview.aspects])
            for figures in (before, now)
        ],
        [aspect.short_name for aspect in overview.aspects],
        title=_("Activities per aspect in the team's plans, last school year and this one"),
        chart_id="team-comparison-chart",
    )
    context["hours_chart"] = hours_chart(
        [
            (_("Budget"), now.hours.budget),
            (_("Planned"), now.hours.planned),
            *([(_("Spent (from the log)"), now.hours.spent)] if now.hours.spent is not None else []),
        ],
        title=_("Hours of the team's plans in %(year)s") % {"year": school_year},
        chart_id="team-hours-chart",
    )
    if overview.scans.shown:
        context["chart"] = bar_chart(
            [Bar(s.aspect.short_name, s.score) for s in overview.scans.scores],
            title=_("Mean score of the team per aspect (1 to 5)"),
            chart_id="team-scan-chart",
        )
    return render(request, "overviews/team.html", context)
