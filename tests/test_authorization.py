"""The authorisation matrix: every role against every guarded page, allowed or refused as specified.

Refused means a 404 for someone logged in (nobody learns that an object exists by guessing its id) and
a redirect to the login page for a visitor. Public pages are open to all.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans import schoolyear, services
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
ROLES = ["visitor", "owner", "colleague", "team_leader", "other_team_leader", "hr", "outsider"]


@pytest.fixture
def world(framework, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    school = Organisation.objects.create(name="ROC Oost")
    other_school = Organisation.objects.create(name="ROC West")
    zorg = Team.objects.create(organisation=school, name="Zorg")
    techniek = Team.objects.create(organisation=school, name="Techniek")
    elsewhere = Team.objects.create(organisation=other_school, name="Zorg")

    def person(name, org=None, team=None, role=None):
        user = User.objects.create_user(email=f"{name}@school.nl", password="x")
        if org:
            Membership.objects.create(user=user, organisation=org, team=team, role=role)
        return user

    users = {
        "owner": person("owner", school, zorg, Role.TEACHER),
        "colleague": person("colleague", school, zorg, Role.TEACHER),
        "team_leader": person("leader", school, zorg, Role.TEAM_LEADER),
        "other_team_leader": person("leader2", school, techniek, Role.TEAM_LEADER),
        "hr": person("hr", school, None, Role.HR),
        "outsider": person("outsider", other_school, elsewhere, Role.TEAM_LEADER),
    }
    owner = users["owner"]
    plan = services.plan_get_or_create(user=owner, school_year=YEAR)
    activity = framework.activities.get(code="docentstage")
    aspect = framework.aspects.get(code="competence")
    item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=[aspect])
    entry = services.log_entry_create(
        item=item,
        day=date.today(),
        description="x",
        hours_spent=Decimal(1),
        evidence_file=SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 x"),
    )
    scan = scan_create(user=owner, framework=framework, data=ScanInput(answers={}))
    urls = {
        "plan": reverse("plans:detail", args=[YEAR]),
        "item": reverse("plans:item", args=[item.pk]),
        "item_edit": reverse("plans:item_edit", args=[item.pk]),
        "evidence": reverse("plans:evidence", args=[entry.pk]),
        "export_pdf": reverse("plans:export_pdf", args=[YEAR]),
        "scan": reverse("scan:detail", args=[scan.pk]),
        "team": reverse("teams:team", args=[zorg.pk]),
        "members": reverse("teams:members", args=[zorg.pk]),
        "import": reverse("teams:import", args=[zorg.pk]),
        "member_plan": reverse("teams:member_plan", args=[zorg.pk, owner.pk, YEAR]),
        "team_plan": reverse("teams:team_plan", args=[zorg.pk]),
        "member_conversation": reverse("teams:member_conversation", args=[zorg.pk, owner.pk, YEAR]),
        "organisation": reverse("teams:organisation", args=[school.pk]),
        "organisation_xlsx": reverse("teams:organisation_xlsx", args=[school.pk]),
        "organisation_csv": reverse("teams:organisation_csv", args=[school.pk]),
        "organisation_research": reverse("teams:organisation_research", args=[school.pk]),
        "privacy": reverse("teams:privacy"),
        "organisation_home": reverse("teams:home"),
        "account": reverse("accounts:profile"),
        "account_export": reverse("accounts:export"),
    }
    return users, urls


# Who may open which page; everyone else is refused. "own" pages are by year or id of the owner's data:
# the plan page by year shows each person their OWN plan, so it is allowed to all logged-in people, but
# only the owner sees the owner's plan there (checked separately below).
ALLOWED = {
    "plan": {"owner", "colleague", "team_leader", "other_team_leader", "hr", "outsider"},
    "item": {"owner"},
    "item_edit": {"owner"},
    "evidence": {"owner"},
    "export_pdf": {"owner"},
    "scan": {"owner"},
    "team": {"team_leader"},
    "members": {"team_leader"},
    "import": {"team_leader"},
    "member_plan": {"team_leader"},
    "team_plan": {"team_leader"},
    "organisation": {"hr"},
    "organisation_xlsx": {"hr"},
    "organisation_csv": {"hr"},
    "organisation_research": {"hr"},
    # Pages about the person themselves: everyone logged in opens their own.
    "privacy": {"owner", "colleague", "team_leader", "other_team_leader", "hr", "outsider"},
    "organisation_home": {"owner", "colleague", "team_leader", "other_team_leader", "hr", "outsider"},
    "account": {"owner", "colleague", "team_leader", "other_team_leader", "hr", "outsider"},
    "account_export": {"owner", "colleague", "team_leader", "other_team_leader", "hr", "outsider"},
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(client, world, page, role):
    users, urls = world
    if role != "visitor":
        client.force_login(users[role])
    response = client.get(urls[page])
    if role == "visitor":
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    elif role in ALLOWED[page]:
        assert response.status_code == 200, f"{role} should open {page}"
    else:
        assert response.status_code == 404, f"{role} should not open {page}"


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("visitor", "owner")])
@pytest.mark.parametrize("page", ["plan", "account_export", "privacy"])
def test_own_pages_never_show_someone_elses_data(client, world, role, page):
    users, urls = world
    client.force_login(users[role])
    html = client.get(urls[page]).content.decode()
    assert "Docentstage" not in html and "owner@school.nl" not in html


@pytest.mark.parametrize("method_and_page", ["post:item_edit", "post:member_conversation"])
@pytest.mark.parametrize("role", ["colleague", "other_team_leader", "hr", "outsider"])
def test_writes_to_someone_elses_data_are_refused(client, world, role, method_and_page):
    users, urls = world
    client.force_login(users[role])
    _, page = method_and_page.split(":")
    assert client.post(urls[page], {"text": "x", "date": "2026-01-01", "goal": "x"}).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/activiteiten/",
        "/activiteiten/docentstage/",
        "/kader/",
        "/zelfscan/",
        "/api/v1/framework",
        "/api/v1/activities",
        "/health",
    ],
)
def test_public_pages_are_open_to_visitors(client, framework, path):
    assert client.get(path).status_code == 200
