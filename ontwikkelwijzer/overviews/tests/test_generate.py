from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.framework.models import Contribution
from ontwikkelwijzer.overviews.generate import school_years
from ontwikkelwijzer.plans.models import DevelopmentPlan, PlanItem
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

pytestmark = pytest.mark.django_db
SMALL = {"organisations": 1, "teams": 3, "teachers": 12, "items": 60, "seed": 7}


def generate(**changes) -> Organisation:
    before = set(Organisation.objects.values_list("pk", flat=True))
    out = StringIO()
    call_command("generate_data", **(SMALL | changes), stdout=out)
    assert "generate_data took" in out.getvalue()
    (made,) = Organisation.objects.exclude(pk__in=before)
    return made


def activity_codes(organisation: Organisation) -> list[str | None]:
    items = PlanItem.objects.filter(plan__user__memberships__organisation=organisation).order_by("pk")
    return list(items.values_list("activity__code", flat=True))


def test_generates_exactly_the_counts_asked_for(framework):
    organisation = generate()
    assert organisation.name == "Generated 1"
    members = Membership.objects.filter(organisation=organisation)
    teams = Team.objects.filter(organisation=organisation)
    assert teams.count() == 3
    assert members.filter(role=Role.TEACHER).count() == 12
    assert set(Counter(members.filter(role=Role.TEACHER).values_list("team", flat=True)).values()) == {4}
    assert members.filter(role=Role.TEAM_LEADER).count() == 3
    assert set(members.filter(role=Role.TEAM_LEADER).values_list("team", flat=True)) == set(
        teams.values_list("pk", flat=True)
    )
    assert members.filter(role=Role.HR, team=None).count() == 1
    teachers = User.objects.filter(memberships__organisation=organisation, memberships__role=Role.TEACHER)
    assert sorted(teachers.values_list("email", flat=True))[0] == "t00001@gen.example"
    assert not any(u.has_usable_password() for u in teachers)
    # A plan per teacher for the current and the previous school year; the items split between them.
    plans = DevelopmentPlan.objects.filter(user__in=teachers)
    years = school_years(date.today(), 2)
    assert plans.count() == 24
    assert set(plans.values_list("school_year", flat=True)) == set(years)
    items = PlanItem.objects.filter(plan__in=plans)
    assert items.count() == 60
    assert items.filter(plan__school_year=years[0]).count() == 30
    # Items of a framework activity aim at the aspects the activity contributes to.
    for item in items.filter(activity__isnull=False).prefetch_related("aspects"):
        wanted = set(Contribution.objects.filter(activity=item.activity_id).values_list("aspect", flat=True))
        assert {a.pk for a in item.aspects.all()} == wanted
        assert item.start_date <= item.end_date


def test_the_same_seed_gives_the_same_items(framework):
    first = activity_codes(generate())
    second_org = generate()
    assert second_org.name == "Generated 2"
    assert activity_codes(second_org) == first
    assert len({code for code in first if code}) > 5
    assert activity_codes(generate(seed=8)) != first
    # Another organisation, other addresses.
    assert User.objects.filter(email="t00001@gen2.example").exists()


def test_the_team_overview_renders_generated_plans(client, framework):
    organisation = generate(scans=True)
    team = Team.objects.filter(organisation=organisation).first()
    leader = Membership.objects.get(team=team, role=Role.TEAM_LEADER).user
    client.force_login(leader)
    response = client.get(reverse("overviews:team", args=[team.pk]))
    assert response.status_code == 200
    assert response.context["overview"].teachers == 4
    assert response.context["overview"].current.plans == 4
