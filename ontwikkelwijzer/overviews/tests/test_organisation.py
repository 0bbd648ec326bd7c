import io
from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.overviews import stats, team_overview
from ontwikkelwijzer.overviews.org_exports import ACTIVITIES_SHEET, TEAMS_SHEET, TRENDS_SHEET
from ontwikkelwijzer.overviews.org_overview import organisation_overview
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES, ItemStatus
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Sharing, Team
from tests.support import add, csv_dicts, csv_rows, own, person, scan

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
PREVIOUS = schoolyear.previous_school_year(YEAR)
PAGES = ["organisation", "organisation_xlsx", "organisation_csv", "organisation_research"]

_bulk_serial = count(1)


def url(name: str, organisation: Organisation, **query) -> str:
    address = reverse(f"overviews:{name}", args=[organisation.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="ROC Midden", min_group_size=5)


@pytest.fixture
def zorg(organisation):
    return Team.objects.create(organisation=organisation, name="Zorg en welzijn")


@pytest.fixture
def techniek(organisation):
    return Team.objects.create(organisation=organisation, name="Techniek")


@pytest.fixture
def hr(organisation):
    return person(organisation, None, Role.HR)


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


class OrganisationAccessTests:
    def test_hr_and_the_administrator_see_the_page_and_every_download(self, client, organisation, hr, zorg):
        admin = person(organisation, None, Role.ADMIN)
        for user in (hr, admin):
            client.force_login(user)
            for name in PAGES:
                response = client.get(url(name, organisation))
                assert response.status_code == 200, name
                assert "no-store" in response["Cache-Control"], name

    def test_nobody_else_gets_in(self, client, organisation, zorg, framework):
        other = Organisation.objects.create(name="ROC Oost")
        outsiders = [
            person(organisation, zorg, Role.TEAM_LEADER),
            person(organisation, zorg, Role.TEACHER),
            person(organisation, None, Role.CURRICULUM),
            person(other, None, Role.HR),
            person(other, None, Role.ADMIN),
        ]
        for outsider in outsiders:
            client.force_login(outsider)
            for name in PAGES:
                assert client.get(url(name, organisation)).status_code == 404, (outsider.email, name)

    def test_a_visitor_is_sent_to_log_in(self, client, organisation):
        for name in PAGES:
            response = client.get(url(name, organisation))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def school(organisation, zorg, techniek, framework):
    """Zorg: three teachers (two with a plan); Techniek: two, one of whom also teaches in Zorg."""
    z = [person(organisation, zorg, Role.TEACHER) for _ in range(3)]
    t = [person(organisation, techniek, Role.TEACHER)]
    Membership.objects.create(user=z[0], organisation=organisation, team=techniek, role=Role.TEACHER)
    person(organisation, zorg, Role.TEAM_LEADER)
    first = services.plan_get_or_create(user=z[0], school_year=YEAR)
    second = services.plan_get_or_create(user=z[1], school_year=YEAR)
    third = services.plan_get_or_create(user=t[0], school_year=YEAR)
    before = services.plan_get_or_create(user=z[2], school_year=PREVIOUS)
    done = add(first, framework, "docentstage", ("competence",), status=ItemStatus.DONE)
    add(first, framework, "vakliteratuur", ("competence", "identity"), estimated_hours=Decimal("4"))
    add(second, framework, "docentstage", ("workfield",), status=ItemStatus.IN_PROGRESS)
    add(second, framework, "plg", status=ItemStatus.CANCELLED)
    own(second, framework, ("identity",))
    add(third, framework, "co-teaching", ("competence",))
    add(before, framework, "plg", ("identity",))
    services.log_entry_create(item=done, day=date.today(), description="Dag", hours_spent=Decimal("3"))
    return {"zorg": z, "techniek": t, "done": done}


class OrganisationOverviewTests:
    def test_it_counts_per_team_and_for_the_whole(self, organisation, zorg, techniek, school):
        o = organisation_overview(organisation=organisation, school_year=YEAR)

        teams = {g.team.name: g for g in o.teams}
        assert [g.team.name for g in o.teams] == ["Techniek", "Zorg en welzijn"]
        z, t = teams["Zorg en welzijn"], teams["Techniek"]
        assert (z.teachers, z.teachers_with_plan) == (3, 2)
        assert (t.teachers, t.teachers_with_plan) == (2, 2)  # z[0] teaches in both
        assert (o.total.teachers, o.total.teachers_with_plan) == (4, 3)
        assert z.by_status == [2, 1, 1] and z.year.progress.by_status[ItemStatus.CANCELLED] == 1
        assert t.by_status == [2, 0, 1]  # z[0]'s two items and co-teaching
        assert o.total.by_status == [3, 1, 1] and o.total.year.coverage.total == 4 + 1
        assert z.year.coverage.by_aspect == {"competence": 2, "identity": 2, "workfield": 1}
        assert z.own == 1 and o.total.own == 1
        assert z.year.hours.budget == Decimal("118") and o.total.year.hours.budget == Decimal("177")
        # the log is z[0]'s, who does not share it: in no figure, and never per team
        assert z.year.hours.spent is None and o.total.year.hours.spent is None
        assert z.year.progress.with_log is None and o.total.year.progress.with_reflection is None
        assert o.total.year.hours.planned == sum(
            PlanItem.objects.filter(plan__school_year=YEAR, status__in=COUNTED_STATUSES).values_list(
                "estimated_hours", flat=True
            )
        )
        assert (z.informal, z.formal) == (1, 2)  # vakliteratuur; docentstage twice
        assert o.total.gaps and all(isinstance(gap, str) for gap in z.gaps)
        assert [y.school_year for y in o.trends] == [PREVIOUS, YEAR]
        assert (o.trends[0].plans, o.trends[0].progress.counted, o.trends[1].plans) == (1, 1, 3)
        assert o.trends[0].coverage.by_aspect["identity"] == 1
        assert o.school_years[:2] == [YEAR, PREVIOUS]

    def test_it_leaves_out_other_roles_and_other_organisations(self, organisation, zorg, framework):
        other = Organisation.objects.create(name="ROC Oost")
        elsewhere = Team.objects.create(organisation=other, name="Zorg")
        teacher = person(organisation, zorg, Role.TEACHER)
        Membership.objects.create(user=teacher, organisation=other, team=elsewhere, role=Role.TEACHER)
        Membership.objects.create(user=teacher, organisation=organisation, team=zorg, role=Role.TEAM_LEADER)
        stranger = person(other, elsewhere, Role.TEACHER)
        add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "docentstage")
        add(services.plan_get_or_create(user=stranger, school_year=YEAR), framework, "docentstage")

        o = organisation_overview(organisation=organisation, school_year=YEAR)

        assert o.teams[0].year.progress.counted == 1 and o.teams[0].teachers == 1
        assert o.total.year.progress.counted == 1 and o.total.year.plans == 1
        stage = next(u for u in o.activities if u.activity.code == "docentstage")
        assert (stage.items, stage.teachers, stage.shown) == (1, 1, False)  # one teacher: not shown

    def test_a_team_has_the_same_figures_as_in_the_team_overview(self, organisation, school):
        o = organisation_overview(organisation=organisation, school_year=YEAR)

        for g in o.teams:
            team = team_overview.team_overview(team=g.team, school_year=YEAR, for_leader=False).current
            assert g.year == team, g.team.name

    def test_most_and_least_used_activities(self, organisation, zorg, framework):
        organisation.min_group_size = 3
        organisation.save()
        a, b, c = (person(organisation, zorg, Role.TEACHER) for _ in range(3))
        first, second, third = (services.plan_get_or_create(user=u, school_year=YEAR) for u in (a, b, c))
        for plan in (first, second, third):
            add(plan, framework, "plg")
        add(first, framework, "vakliteratuur")
        add(first, framework, "vakliteratuur", ("identity",))
        add(second, framework, "docentstage", status=ItemStatus.CANCELLED)  # not counted
        add(services.plan_get_or_create(user=a, school_year=PREVIOUS), framework, "co-teaching")

        o = organisation_overview(organisation=organisation, school_year=YEAR)

        assert [(u.activity.code, u.items, u.teachers) for u in o.most_used] == [("plg", 3, 3)]
        uses = {u.activity.code: u for u in o.activities}
        assert (uses["vakliteratuur"].items, uses["vakliteratuur"].teachers) == (2, 1)
        assert not uses["vakliteratuur"].shown  # one teacher
        hidden = {code for code, u in uses.items() if not u.shown}
        assert o.activities_hidden == len(hidden) >= 2  # and one more, or total minus plg gives it away
        shown_unused = [
            u.activity for u in sorted(o.activities, key=lambda u: u.activity.position) if u.shown
        ]
        assert [u.activity for u in o.least_used] == [a for a in shown_unused if uses[a.code].items == 0][:10]
        assert all(u.items == 0 and u.shown for u in o.least_used)
        assert {"docentstage", "co-teaching"} <= {u.activity.code for u in o.activities if not u.items}
        assert len(o.activities) == framework.activities.count()


class OrganisationScanTests:
    def test_a_small_team_is_hidden_and_the_organisations_line_is_over_the_teams_shown(
        self, organisation, framework
    ):
        a, b, c = (Team.objects.create(organisation=organisation, name=n) for n in ("A", "B", "C"))
        for team, size, value in ((a, 6, 5), (b, 7, 4), (c, 2, 1)):
            for _ in range(size):
                scan(person(organisation, team, Role.TEACHER), framework, value)

        o = organisation_overview(organisation=organisation, school_year=YEAR)

        scans = {g.team.name: g.scans for g in o.teams}
        assert scans["C"].scanned == 2 and not scans["C"].shown
        assert all(s.score is None for s in scans["C"].scores)
        assert scans["A"].shown and [s.score for s in scans["A"].scores] == [5.0, 5.0, 5.0]
        assert scans["B"].shown and [s.score for s in scans["B"].scores] == [4.0, 4.0, 4.0]
        assert o.total.scans.shown and o.total.scans.scanned == 15  # a count: everyone
        assert not o.scans_complete and o.scans_together == 13
        assert [s.people for s in o.total.scans.scores] == [13] * 3  # the mean is over A and B only
        assert o.total.scans.scores[0].score == round((6 * 5 + 7 * 4) / 13, 1)

    def test_a_teacher_in_two_teams_counts_in_one_for_the_scans(self, organisation, framework):
        a, b = (Team.objects.create(organisation=organisation, name=n) for n in ("A", "B"))
        for team in (a, b):
            for _ in range(5):
                scan(person(organisation, team, Role.TEACHER), framework, 3)
        both = person(organisation, a, Role.TEACHER)
        Membership.objects.create(user=both, organisation=organisation, team=b, role=Role.TEACHER)
        scan(both, framework, 3)

        o = organisation_overview(organisation=organisation, school_year=YEAR)

        assert sorted(g.scans.scanned for g in o.teams) == [5, 6]
        assert o.total.scans.scanned == 11

    def test_a_small_organisation_shows_no_scan_results(self, hr_client, organisation, zorg, framework):
        for _ in range(4):
            scan(person(organisation, zorg, Role.TEACHER), framework, 4)

        response = hr_client.get(url("organisation", organisation))

        assert not response.context["overview"].total.scans.shown and "chart" not in response.context
        html = response.content.decode()
        assert 'class="scan-hidden"' in html and 'id="organisation-scan-chart-title"' not in html


class OrganisationPageTests:
    def test_the_page_is_built_as_the_others(self, hr_client, organisation, school, framework):
        for team in Team.objects.all():
            for _ in range(5):
                scan(person(organisation, team, Role.TEACHER), framework, 4)

        response = hr_client.get(url("organisation", organisation))

        html = response.content.decode()
        assert html.count("<h1>") == 1 and 'class="coverage"' in html and 'class="figures"' in html
        assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
        assert 'class="gaps"' in html and 'for="organisation-year"' in html and 'name="jaar"' in html
        assert "style=" not in html and "<script" not in html
        assert 'id="organisation-scan-chart-title"' in html and "Zorg en welzijn" in html
        for name in PAGES[1:]:
            assert reverse(f"overviews:{name}", args=[organisation.pk]) in html
        for user in school["zorg"]:
            assert user.email not in html and user.first_name not in html

    @pytest.mark.parametrize("value", ["bogus", "2026-2028", "0000-0001", "9998-9999", "2026-2027%00"])
    def test_a_bogus_school_year_shows_the_current_one(self, hr_client, organisation, value):
        response = hr_client.get(url("organisation", organisation, jaar=value))

        assert response.status_code == 200
        assert response.context["school_year"] == YEAR and response.context["notice"]
        assert hr_client.get(url("organisation_xlsx", organisation, jaar=value)).status_code == 200

    def test_another_school_year_when_asked(self, hr_client, organisation, school):
        response = hr_client.get(url("organisation", organisation, jaar=PREVIOUS))

        assert response.context["school_year"] == PREVIOUS and not response.context["notice"]
        assert response.context["overview"].total.year.progress.counted == 1


class OrganisationExportTests:
    def test_the_xlsx_has_the_teams_the_activities_and_the_trends(self, hr_client, organisation, school):
        from openpyxl import load_workbook

        response = hr_client.get(url("organisation_xlsx", organisation))

        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert response["Content-Disposition"].endswith(f'{YEAR}.xlsx"')
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == [TEAMS_SHEET, ACTIVITIES_SHEET, TRENDS_SHEET]
        teams = workbook[TEAMS_SHEET]
        assert teams.freeze_panes == "B2" and teams["A1"].font.bold
        names = [row[0] for row in teams.iter_rows(min_row=2, values_only=True)]
        assert names[:2] == ["Techniek", "Zorg en welzijn"] and len(names) == 3
        zorg_row = next(teams.iter_rows(min_row=3, max_row=3, values_only=True))
        assert zorg_row[1:6] == (3, 2, 2, 1, 1)
        activities = list(workbook[ACTIVITIES_SHEET].iter_rows(min_row=2, values_only=True))
        hidden = [row[0] for row in activities if row[4:6] == (None, None)]
        assert "docentstage" in hidden  # two teachers: as in the research export, not shown
        # the hidden rows come last, in the framework's order: where they stand tells nothing of their count
        assert [row[0] for row in activities[-len(hidden) :]] == hidden
        order = list(
            Activity.objects.filter(code__in=hidden).order_by("position").values_list("code", flat=True)
        )
        assert hidden == order
        trends = list(workbook[TRENDS_SHEET].iter_rows(min_row=2, values_only=True))
        assert [row[0] for row in trends] == [PREVIOUS, YEAR]

    def test_the_csv_has_the_table_of_teams(self, hr_client, organisation, school):
        response = hr_client.get(url("organisation_csv", organisation))

        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = csv_rows(response.content)
        assert [row[0] for row in rows[1:]][:2] == ["Techniek", "Zorg en welzijn"]
        assert rows[2][1:3] == ["3", "2"]

    def test_team_names_cannot_become_formulas(self, hr_client, organisation):
        Team.objects.create(organisation=organisation, name="=HYPERLINK(1)")

        text = hr_client.get(url("organisation_csv", organisation)).content.decode()

        assert "\n'=HYPERLINK(1)" in text or '"\'=HYPERLINK(1)"' in text


class ResearchExportTests:
    def test_it_has_counts_only_and_hides_small_ones(
        self, hr_client, organisation, zorg, techniek, framework
    ):
        users = [person(organisation, zorg, Role.TEACHER, name=f"Docentnaam{i}") for i in range(6)]
        users.append(person(organisation, techniek, Role.TEACHER, name="Eenling"))
        for user in users[:5]:
            add(services.plan_get_or_create(user=user, school_year=YEAR), framework, "plg", ("competence",))
        add(services.plan_get_or_create(user=users[5], school_year=YEAR), framework, "docentstage")
        add(services.plan_get_or_create(user=users[6], school_year=YEAR), framework, "docentstage")

        response = hr_client.get(url("organisation_research", organisation))

        assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
        text = response.content.decode()
        everyone = [*User.objects.all()]
        for user in everyone:
            assert user.email not in text and user.first_name not in text and user.last_name not in text
        assert "Zorg" not in text and "Techniek" not in text and organisation.name not in text
        rows = csv_dicts(response.content)
        plg = next(r for r in rows if r["breakdown"] == "activity" and r["activity"] == "plg")
        assert (plg["school_year"], plg["items"], plg["teachers"], plg["note"]) == (YEAR, "5", "5", "")
        stage = next(r for r in rows if r["breakdown"] == "activity" and r["activity"] == "docentstage")
        assert (stage["items"], stage["teachers"]) == ("", "") and stage["note"]
        cell = next(
            r
            for r in rows
            if r["breakdown"] == "aspect"
            and r["aspect"] == "competence"
            and r["activity"] == ""
            and r["items"]
        )
        assert int(cell["teachers"]) >= 5
        assert all(r["items"] == "" or int(r["teachers"]) >= 5 for r in rows)
        assert all(r["note"] for r in rows if r["items"] == "")


def _organisation_of(organisation: Organisation, framework, teams: int, size: int, per_teacher: int = 4):
    """teams teams of size teachers, each with plans this year and last year, items, a log entry and a
    reflection, and a scan; one teacher of each team also teaches in the next team. Made in bulk."""
    activities = list(framework.activities.all())
    aspects = list(framework.aspects.all())
    statements = list(framework.scan_statements.all())
    statuses = [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CANCELLED]
    made = Team.objects.bulk_create(Team(organisation=organisation, name=f"Team {i}") for i in range(teams))
    serial = next(_bulk_serial)
    users = User.objects.bulk_create(
        User(email=f"bulk{serial}-{i}@school.nl", password="!") for i in range(teams * size)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisation, team=made[i // size], role=Role.TEACHER)
        for i, u in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(
            user=users[t * size], organisation=organisation, team=made[(t + 1) % teams], role=Role.TEACHER
        )
        for t in range(teams)
        if teams > 1
    )
    plans = DevelopmentPlan.objects.bulk_create(
        DevelopmentPlan(user=u, school_year=year, framework=framework, budget_hours=Decimal("59"))
        for u in users
        for year in (YEAR, PREVIOUS)
    )
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            activity=activities[(p + i) % len(activities)] if i % 3 else None,
            title="" if i % 3 else "Eigen",
            goal="Doel",
            start_date=schoolyear.bounds(plan.school_year)[0],
            end_date=schoolyear.bounds(plan.school_year)[1],
            estimated_hours=Decimal("4"),
            status=statuses[i % len(statuses)],
        )
        for p, plan in enumerate(plans)
        for i in range(per_teacher)
    )
    PlanItem.aspects.through.objects.bulk_create(
        PlanItem.aspects.through(planitem=item, aspect=aspect)
        for n, item in enumerate(items)
        for aspect in aspects[: 1 + n % len(aspects)]
    )
    LogEntry.objects.bulk_create(
        LogEntry(item=item, date=date.today(), description="Gedaan", hours_spent=Decimal("2"))
        for item in items[::per_teacher]
    )
    Reflection.objects.bulk_create(
        Reflection(item=item, aspect=aspects[0], rating=4, text="Goed") for item in items[::per_teacher]
    )
    scans = Scan.objects.bulk_create(Scan(user=u, framework=framework) for u in users)
    ScanAnswer.objects.bulk_create(
        ScanAnswer(scan=s, statement=statement, value=1 + n % 5)
        for n, s in enumerate(scans)
        for statement in statements
    )
    stats.rebuild(organisation)  # bulk inserts send no signals


class OrganisationQueryTests:
    def test_the_number_of_queries_does_not_grow_with_the_organisation(self, client, framework):
        small = Organisation.objects.create(name="Klein", min_group_size=5)
        large = Organisation.objects.create(name="Groot", min_group_size=5)
        _organisation_of(small, framework, 2, 3)
        _organisation_of(large, framework, 6, 12)
        hr = person(small, None, Role.HR)
        Membership.objects.create(user=hr, organisation=large, role=Role.HR)
        client.force_login(hr)
        client.get(url("organisation", small))  # warm up: the session, the framework, the first publication
        client.get(url("organisation", large))

        counts: dict[str, list[int]] = {}
        for organisation in (small, large):
            with CaptureQueriesContext(connection) as queries:
                o = organisation_overview(organisation=organisation, school_year=YEAR)
            counts.setdefault("selector", []).append(len(queries))
            for name in PAGES:
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url(name, organisation)).status_code == 200
                counts.setdefault(name, []).append(len(queries))

        assert all(small == large for small, large in counts.values()), counts
        assert len(o.teams) == 6 and o.total.teachers == 72 and o.total.year.plans == 72
        assert o.total.scans.shown and sum(g.scans.scanned for g in o.teams) == 72
        assert o.total.year.coverage.total == 72 * 3  # a quarter of the items is cancelled


class OrganisationPagesOfTeamsTests:
    def test_a_large_school_shows_its_teams_a_page_at_a_time_and_downloads_them_all(
        self, hr_client, organisation
    ):
        Team.objects.bulk_create(Team(organisation=organisation, name=f"Team {i:02d}") for i in range(27))

        first = hr_client.get(url("organisation", organisation))
        second = hr_client.get(url("organisation", organisation, pagina=2))
        sheet = hr_client.get(url("organisation_csv", organisation))

        assert [g.team.name for g in first.context["overview"].teams] == [f"Team {i:02d}" for i in range(25)]
        assert [g.team.name for g in second.context["overview"].teams] == ["Team 25", "Team 26"]
        html = second.content.decode()
        assert (
            'aria-current="page"' in html and "pagina=1" in html and "Teams 26 tot en met 27 van 27" in html
        )
        rows = csv_rows(sheet.content)
        assert sum(row[0].startswith("Team ") for row in rows) == 27

    def test_a_page_that_does_not_exist_shows_the_first_with_a_notice(self, hr_client, organisation, zorg):
        for asked in ("9", "x", "-1"):
            response = hr_client.get(url("organisation", organisation, pagina=asked))

            assert response.status_code == 200
            assert [g.team for g in response.context["overview"].teams] == [zorg]
            assert f"Er is geen pagina {asked} met teams" in response.content.decode()


class LogFiguresTests:
    """Hours spent and the items with a log entry, a reflection or a follow-up come from what teachers share
    with their team leader only: never on the organisation overview, for no team and not for the whole
    (a live total would move by one person's hours when they log, stop sharing or leave)."""

    def test_they_are_in_no_figure_of_the_organisation_however_many_share(
        self, organisation, zorg, framework
    ):
        organisation.min_group_size = 3
        organisation.save()
        teachers = [person(organisation, zorg, Role.TEACHER) for _ in range(6)]
        for n, teacher in enumerate(teachers):
            item = add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "plg")
            services.log_entry_create(
                item=item, day=date.today(), description="x", hours_spent=Decimal(n + 1)
            )
            Sharing.objects.create(user=teacher, share_reflections=True)

        o = organisation_overview(organisation=organisation, school_year=YEAR)

        for figures in (o.total.year, o.trends[-1], *(g.year for g in o.teams)):
            assert figures.hours.spent is None and figures.progress.with_log is None
            assert figures.progress.with_reflection is None and figures.progress.with_follow_up is None
        assert o.total.year.hours.planned > 0  # the plan's own figures stay

    def test_the_downloads_have_no_hours_spent(self, hr_client, organisation, school):
        from openpyxl import load_workbook

        rows = csv_rows(hr_client.get(url("organisation_csv", organisation)).content)
        workbook = load_workbook(io.BytesIO(hr_client.get(url("organisation_xlsx", organisation)).content))
        headers = [*rows[0], *(cell.value for sheet in workbook for cell in sheet[1])]

        assert not any("bestede" in str(cell).lower() or "spent" in str(cell).lower() for cell in headers)


@pytest.mark.django_db
def test_the_trends_have_a_chart_on_the_page_and_in_the_spreadsheet_with_the_tables_numbers(
    hr_client, organisation, zorg, framework
):
    from openpyxl import load_workbook

    for _ in range(3):
        plan = services.plan_get_or_create(user=person(organisation, zorg, Role.TEACHER), school_year=YEAR)
        add(plan, framework, "plg", ("competence",))
    html = hr_client.get(url("organisation", organisation)).content.decode()
    assert 'id="organisation-trends-chart-title"' in html
    assert f"{YEAR}, Beroepsbekwaamheid: 3" in html  # the bar says its number, as the table does
    workbook = load_workbook(io.BytesIO(hr_client.get(url("organisation_xlsx", organisation)).content))
    trends = workbook.worksheets[-1]
    assert len(trends._charts) == 1
    assert trends.cell(row=2, column=6).value == 3
