"""The curriculum developers' view of a school: the framework activities that touch the curriculum
(``Activity.touches_curriculum``, our classification), with how much the school's teachers plan them in a
school year, the team activities planned for them, and the school's partners that offer them.

Open to the school's curriculum developers, HR and administrators; everyone else gets a 404. Aggregates
only: no names of teachers. A fixed number of queries whatever the size of the school: the plan figures
come from the organisation's counters (``overviews.stats``), the team activities and the partners each from
one grouped query.
"""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.overviews import aggregates
from ontwikkelwijzer.overviews.keys import Name
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans.models import TeamActivity
from ontwikkelwijzer.teams import access as teams_access
from ontwikkelwijzer.teams.models import Organisation
from ontwikkelwijzer.workfield.models import Offer


def _team_activities(school: Organisation, school_year: str, codes: list[str]) -> dict[str, list[dict]]:
    """Per activity code, the team activities of the school's teams in the school year (one query)."""
    found: dict[str, list[dict]] = defaultdict(list)
    rows = (
        TeamActivity.objects.filter(
            team_plan__team__organisation=school,
            team_plan__school_year=school_year,
            activity__code__in=codes,
        )
        .filter(Q(activity__organisation__isnull=True) | Q(activity__organisation=school))
        .values("activity__code", "team_plan__team__name", "title", "phase")
        .order_by("team_plan__team__name", "pk")
    )
    for row in rows:
        found[row["activity__code"]].append(
            {
                "team": row["team_plan__team__name"],
                "title": row["title"],
                "phase": TeamActivity.Phase(row["phase"]).label,
            }
        )
    return found


def _partners(school: Organisation, school_year: str, codes: list[str]) -> dict[str, list[dict]]:
    """Per activity code, the school's partners with offers for it that run in the school year (withdrawn
    ones left out) and their number (one query). Not how many requests they accepted: that counts teachers,
    often one, and the curriculum developers do not manage the offers."""
    first, last = schoolyear.bounds(school_year)
    rows = (
        Offer.objects.filter(
            partner__organisation=school,
            activity_code__in=codes,
            withdrawn=False,
            start_date__lte=last,
            end_date__gte=first,
        )
        .values("activity_code", "partner_id", "partner__name")
        .annotate(offers=Count("pk", distinct=True))
        .order_by("partner__name", "partner_id")
    )
    found: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        found[row["activity_code"]].append({"name": row["partner__name"], "offers": row["offers"]})
    return found


@login_required
@never_cache
def curriculum(request, pk: int):
    school = teams_access.get_organisation_for_curriculum(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    framework = framework_get_current()
    activities = list(
        Activity.everything.filter(framework=framework, touches_curriculum=True)
        .filter(Q(organisation__isnull=True) | Q(organisation=school))
        .select_related("category")
        .order_by("category__number", "position", "pk")
    )
    codes = [a.code for a in activities]
    # The whole organisation's counters (team empty), every school year: this year's figures and the years
    # to choose from, in one query.
    by_year = {
        row.school_year: row.counts
        for row in GroupStats.objects.filter(organisation=school, team__isnull=True).only(
            "school_year", "counts"
        )
    }
    counts = by_year.get(school_year, {})
    # Counts of too few teachers are hidden as on the organisation overview (and those that would give
    # them away).
    hidden = aggregates.hidden_in_year(
        by_year, school_year, aggregates.school_activities(school, framework), school.min_group_size
    )
    team_activities = _team_activities(school, school_year, codes)
    partners = _partners(school, school_year, codes)
    rows = [
        {
            "activity": activity,
            "shown": activity.code not in hidden,
            "items": counts.get(Name.ACTIVITY.of(activity.code), 0) if activity.code not in hidden else None,
            "teachers": counts.get(Name.ACTIVITY_PEOPLE.of(activity.code), 0)
            if activity.code not in hidden
            else None,
            "team_activities": team_activities.get(activity.code, []),
            "partners": partners.get(activity.code, []),
        }
        for activity in activities
    ]
    years = {year for year, c in by_year.items() if year and c.get("plans")}
    context = {
        "school": school,
        "framework": framework,
        "school_year": school_year,
        "school_years": schoolyear.SchoolYear.choices(saved=years, chosen=school_year),
        "notice": notice,
        "rows": rows,
    }
    return render(request, "overviews/curriculum.html", context)
