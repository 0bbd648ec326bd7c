from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.overviews.team_overview import team_overview
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import Entry, coverage, coverage_from_counts, gaps
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.plans.selectors import item_entry
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams import services as services_teams
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from tests.support import add, person, queries_per_get, scan
from tests.support import own as own_item

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
PREVIOUS = schoolyear.previous_school_year(YEAR)
COMPETENCE = "Beroepsbekwaamheid"


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="ROC Midden", min_group_size=5)


@pytest.fixture
def team(organisation):
    return Team.objects.create(organisation=organisation, name="Techniek")


@pytest.fixture
def leader(organisation, team):
    return person(organisation, team, Role.TEAM_LEADER)


@pytest.fixture
def teachers(organisation, team):
    return [person(organisation, team, Role.TEACHER) for _ in range(3)]


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


def share(user: User) -> None:
    sharing = services_teams.sharing_of(user=user)
    sharing.share_reflections = True
    sharing.save()


def url(team: Team, **query) -> str:
    address = reverse("overviews:team", args=[team.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class CoverageFromCountsTests:
    def test_it_gives_the_same_coverage_as_counting_entries(self):
        entries = [
            Entry(frozenset({"competence", "identity"}), "practice", frozenset({"informal"})),
            Entry(frozenset({"competence"}), "expertise", frozenset({"informal", "formal"})),
            Entry(frozenset({"workfield"}), None, frozenset()),
            Entry(frozenset(), "development", frozenset({"formal"})),
        ]
        aspects, categories = (
            ["competence", "identity", "workfield"],
            ["practice", "expertise", "development"],
        )
        counts = {
            ("competence", "practice", True, False): 1,
            ("identity", "practice", True, False): 1,
            ("competence", "expertise", True, True): 1,
        }
        result = coverage_from_counts(
            counts,
            {"workfield": 1},
            {"practice": 1, "expertise": 1, "development": 1},
            4,
            aspects,
            categories,
        )
        assert result == coverage(entries, aspects, categories)

    def test_it_names_a_team_without_the_work_field_only_when_asked(self):
        result = coverage(
            [Entry(frozenset({"competence"}), "expertise", frozenset({"informal"}))],
            ["competence"],
            ["expertise"],
        )
        names = ({"competence": "Beroepsbekwaamheid"}, {"expertise": "Expertise"})
        sentence = "Nobody in the team has planned an activity with the work field."
        with translation.override("en"):
            assert sentence not in gaps(result, *names)
            assert sentence not in gaps(result, *names, workfield_count=2)
            assert sentence in gaps(result, *names, workfield_count=0)


class SchoolYearParseTests:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (None, ("2026-2027", False)),
            ("", ("2026-2027", False)),
            ("2000-2001", ("2000-2001", False)),
            ("2099-2100", ("2099-2100", False)),
            ("1999-2000", ("2026-2027", True)),
            ("2100-2101", ("2026-2027", True)),
            ("2026-2028", ("2026-2027", True)),
            ("2026-2027\n", ("2026-2027", True)),
            (" 2026-2027", ("2026-2027", True)),
            ("\u0662\u0660\u0662\u0666-\u0662\u0660\u0662\u0667", ("2026-2027", True)),  # not ASCII
        ],
    )
    def test_it_takes_school_years_from_2000_to_2099_only(self, value, expected):
        assert schoolyear.parse(value, default="2026-2027") == expected


class TeamOverviewTests:
    def test_it_counts_the_matrix_like_the_items(self, leader_client, team, teachers, framework):
        first, second = (services.plan_get_or_create(user=t, school_year=YEAR) for t in teachers[:2])
        counted = [
            add(first, framework, "docentstage", ("competence",)),
            add(first, framework, "presentaties-collegas"),
            add(second, framework, "docentstage", ("competence", "identity"), status=ItemStatus.DONE),
            add(second, framework, "co-teaching", ("workfield",), status=ItemStatus.IN_PROGRESS),
            own_item(second, framework, ("identity",), title="Eigen onderzoek"),
        ]
        add(second, framework, "plg", status=ItemStatus.CANCELLED)
        add(first, framework, "plg", status=ItemStatus.CARRIED_OVER)

        response = leader_client.get(url(team))

        assert response.status_code == 200
        o = response.context["overview"]
        items = PlanItem.objects.filter(pk__in=[i.pk for i in counted]).prefetch_related("aspects")
        expected = coverage(
            [item_entry(i) for i in items.select_related("activity__category")],
            [a.code for a in o.aspects],
            [c.code for c in o.categories],
        )
        assert o.current.coverage == expected
        assert o.current.coverage.cells[("competence", "practice", "formal")] == 2
        assert o.current.coverage.cells[("competence", "expertise", "informal")] == 1
        assert o.current.coverage.cells[("competence", "expertise", "formal")] == 1
        assert o.current.coverage.by_aspect["identity"] == 2  # docentstage, own item
        assert o.current.coverage.total == 5
        assert o.current.workfield == 3  # docentstage twice, co-teaching
        assert o.teachers == 3 and o.teachers_with_plan == 2
        html = response.content.decode()
        assert html.count("<h1>") == 1 and 'class="coverage"' in html and "<caption" in html
        assert 'class="figures"' in html and 'for="overview-year"' in html and "style=" not in html

    def test_it_names_gaps_in_words(self, leader_client, team, teachers, framework):
        plan = services.plan_get_or_create(user=teachers[0], school_year=YEAR)
        add(plan, framework, "vakliteratuur")  # informal, not with the work field

        response = leader_client.get(url(team))

        html = response.content.decode()
        with translation.override("nl"):
            no_formal = gettext("No formal activities aimed at %(aspect)s.") % {"aspect": COMPETENCE}
            nobody = gettext("Nobody in the team has planned an activity with the work field.")
        assert escape(no_formal) in html and escape(nobody) in html
        assert '<ul class="gaps">' in html

    def test_it_drops_the_work_field_gap_once_someone_plans_one(
        self, leader_client, team, teachers, framework
    ):
        plan = services.plan_get_or_create(user=teachers[0], school_year=YEAR)
        add(plan, framework, "vakliteratuur")
        add(plan, framework, "werkbezoeken")

        with translation.override("en"):
            found = team_overview(team=team, school_year=YEAR, for_leader=True).gaps
        assert "Nobody in the team has planned an activity with the work field." not in found
        assert "No formal activities aimed at Beroepsbekwaamheid." in found

    def test_it_adds_up_the_hours_and_the_cycle(self, leader_client, team, teachers, framework):
        first, second = (services.plan_get_or_create(user=t, school_year=YEAR) for t in teachers[:2])
        DevelopmentPlan.objects.filter(pk=second.pk).update(budget_hours=Decimal("29.5"))
        done = add(
            first, framework, "docentstage", estimated_hours=Decimal("10"), follow_up="Volgend jaar weer"
        )
        running = add(second, framework, "vakliteratuur", estimated_hours=Decimal("4.5"))
        add(second, framework, "plg", estimated_hours=Decimal("100"), status=ItemStatus.CANCELLED)
        services.log_entry_create(item=done, day=date.today(), description="Dag 1", hours_spent=Decimal("3"))
        services.log_entry_create(
            item=done, day=date.today(), description="Dag 2", hours_spent=Decimal("2.5")
        )
        services.log_entry_create(item=running, day=date.today(), description="H1", hours_spent=Decimal("1"))
        services.reflection_save(item=done, aspect=done.aspects.first(), rating=4, text="Veel geleerd")
        share(teachers[0])  # the second teacher does not share their log: their hour is in no figure

        response = leader_client.get(url(team))

        o = response.context["overview"]
        assert o.current.hours.budget == Decimal("59") + Decimal("29.5")
        assert o.current.hours.planned == Decimal("14.5")
        assert o.current.hours.spent == Decimal("5.5")
        assert o.current.plans == 2 and o.current.sharing == 1
        progress = o.current.progress
        assert progress.by_status[ItemStatus.IN_PROGRESS] == 2  # a log entry starts an item
        assert progress.by_status[ItemStatus.CANCELLED] == 1
        assert (progress.counted, progress.with_log, progress.with_reflection, progress.with_follow_up) == (
            2,
            1,
            1,
            1,
        )
        assert "over de 1 docent met een plan die ze met de teamleider deelt" in response.content.decode()

    def test_an_unshared_log_moves_no_figure(self, leader_client, team, teachers, framework):
        plan = services.plan_get_or_create(user=teachers[0], school_year=YEAR)
        item = add(plan, framework, "docentstage", follow_up="Volgend jaar weer")
        before = leader_client.get(url(team)).context["overview"].current

        services.log_entry_create(item=item, day=date.today(), description="Dag", hours_spent=Decimal("7"))
        services.reflection_save(item=item, aspect=item.aspects.first(), rating=4, text="Veel geleerd")
        after = leader_client.get(url(team)).context["overview"].current

        assert (after.hours.spent, after.progress.with_log, after.progress.with_reflection) == (0, 0, 0)
        assert after.progress.with_follow_up == 0 and after.hours == before.hours
        share(teachers[0])  # once shared, the leader sees it in the figures too
        shared = leader_client.get(url(team)).context["overview"].current
        assert (shared.hours.spent, shared.progress.with_log, shared.progress.with_reflection) == (7, 1, 1)

    def test_an_administrator_sees_no_log_figures_of_a_team(
        self, client, organisation, team, teachers, framework
    ):
        item = add(services.plan_get_or_create(user=teachers[0], school_year=YEAR), framework, "docentstage")
        services.log_entry_create(item=item, day=date.today(), description="Dag", hours_spent=Decimal("7"))
        share(teachers[0])
        client.force_login(person(organisation, None, Role.ADMIN))

        response = client.get(url(team))

        o = response.context["overview"]
        assert o.current.hours.spent is None and o.current.progress.with_log is None
        assert o.current.hours.planned == item.estimated_hours
        assert "Alleen de eigen leider van het team ziet de bestede uren" in response.content.decode()

    def test_it_compares_with_the_previous_school_year(self, leader_client, team, teachers, framework):
        now = services.plan_get_or_create(user=teachers[0], school_year=YEAR)
        before = services.plan_get_or_create(user=teachers[0], school_year=PREVIOUS)
        add(now, framework, "vakliteratuur", ("competence",))
        add(before, framework, "docentstage", ("competence",), estimated_hours=Decimal("20"))
        add(before, framework, "plg", ("competence",), estimated_hours=Decimal("8"))

        response = leader_client.get(url(team))

        o = response.context["overview"]
        assert o.previous.school_year == PREVIOUS
        assert o.current.coverage.by_aspect["competence"] == 1
        assert o.previous.coverage.by_aspect["competence"] == 2
        assert o.previous.coverage.by_aspect_learning[("competence", "formal")] == 2
        assert o.previous.hours.planned == Decimal("28")
        row = response.context["comparison_rows"][0]
        assert row["years"] == [(1, 1, 0), (2, 0, 2)]

    def test_it_shows_another_school_year_when_asked(self, leader_client, team, teachers, framework):
        before = services.plan_get_or_create(user=teachers[0], school_year=PREVIOUS)
        add(before, framework, "docentstage")

        response = leader_client.get(url(team, jaar=PREVIOUS))

        assert response.context["school_year"] == PREVIOUS and not response.context["notice"]
        assert response.context["overview"].current.coverage.total == 1

    @pytest.mark.parametrize("value", ["bogus", "2026-2028", "0000-0001", "9998-9999", "2026-2027%00"])
    def test_it_shows_the_current_year_for_a_bogus_school_year(self, leader_client, team, value):
        response = leader_client.get(url(team, jaar=value))

        assert response.status_code == 200
        assert response.context["school_year"] == YEAR and response.context["notice"]
        assert 'class="notice"' in response.content.decode()


class TeamScanProfileTests:
    def test_it_hides_the_profile_of_a_group_smaller_than_the_minimum(
        self, leader_client, organisation, team, framework
    ):
        scanned = [person(organisation, team, Role.TEACHER) for _ in range(4)]
        for teacher in scanned:
            scan(teacher, framework, 4)

        response = leader_client.get(url(team))

        o = response.context["overview"]
        assert o.scans.scanned == 4 and not o.scans.shown and o.scans.scores == []
        assert "chart" not in response.context
        assert 'class="scan-hidden"' in response.content.decode()

    def test_it_shows_the_mean_of_the_latest_scans_from_the_minimum_on(
        self, leader_client, organisation, team, framework
    ):
        scanned = [person(organisation, team, Role.TEACHER) for _ in range(5)]
        scan(scanned[0], framework, 1)  # an earlier scan: left out
        for teacher, value in zip(scanned, (5, 4, 4, 3, 3), strict=True):
            scan(teacher, framework, value)
        outsider = person(organisation, None, Role.HR)
        scan(outsider, framework, 1)

        response = leader_client.get(url(team))

        o = response.context["overview"]
        assert o.scans.scanned == 5 and o.scans.shown
        assert [s.score for s in o.scans.scores] == [3.8, 3.8, 3.8]
        assert o.scans.scores[0].answered == 5 * 4
        html = response.content.decode()
        assert 'id="team-scan-chart-title"' in html and "3,8" in html and 'class="scan-hidden"' not in html

    def test_it_leaves_out_scans_made_after_the_school_year(
        self, leader_client, organisation, team, framework
    ):
        for teacher in [person(organisation, team, Role.TEACHER) for _ in range(5)]:
            scan(teacher, framework, 4)

        o = leader_client.get(url(team, jaar=PREVIOUS)).context["overview"]

        assert o.scans.scanned == 0 and not o.scans.shown

    def test_it_shows_a_team_as_the_organisation_overview_does(self, client, organisation, framework):
        """Teams of 6, 6 and 2 with k = 5: the 2 is hidden, on its team page and on the organisation page,
        and the organisation's line is over the 12 shown, so that it minus the two teams shown is nothing.
        The administrator sees both pages: they must agree."""
        teams = {name: Team.objects.create(organisation=organisation, name=name) for name in "ABC"}
        for name, size, value in (("A", 6, 5), ("B", 6, 4), ("C", 2, 1)):
            for _ in range(size):
                scan(person(organisation, teams[name], Role.TEACHER), framework, value)
        admin = person(organisation, None, Role.ADMIN)
        client.force_login(admin)

        page = client.get(reverse("overviews:organisation", args=[organisation.pk])).context["overview"]
        on_page = {g.team.name: g.scans.shown for g in page.teams}
        responses = {name: client.get(url(team)) for name, team in teams.items()}

        assert on_page == {"A": True, "B": True, "C": False}
        assert [s.people for s in page.total.scans.scores] == [12] * 3 and not page.scans_complete
        assert [s.score for s in page.total.scans.scores] == [4.5] * 3
        for name, response in responses.items():
            scans = response.context["overview"].scans
            html = response.content.decode()
            assert scans.shown == on_page[name], name
            if scans.shown:
                assert 'id="team-scan-chart-title"' in html and 'class="scan-hidden"' not in html
                assert [s.score for s in scans.scores] == [{"A": 5.0, "B": 4.0}[name]] * 3
            else:
                assert scans.scores == [] and "chart" not in response.context
                assert 'class="scan-hidden"' in html and 'id="team-scan-chart-title"' not in html
        assert responses["C"].context["overview"].scans.scanned == 2


class TeamOverviewAccessTests:
    def test_it_is_for_the_team_leader_only(self, client, organisation, team, teachers, framework):
        other_team = Team.objects.create(organisation=organisation, name="Zorg")
        other_organisation = Organisation.objects.create(name="ROC Oost")
        elsewhere = Team.objects.create(organisation=other_organisation, name="Techniek")
        outsiders = [
            teachers[0],
            person(organisation, other_team, Role.TEAM_LEADER),
            person(other_organisation, elsewhere, Role.TEAM_LEADER),
        ]
        for outsider in outsiders:
            client.force_login(outsider)
            assert client.get(url(team)).status_code == 404

    def test_it_sends_a_visitor_to_log_in(self, client, team):
        response = client.get(url(team))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def _big_team(organisation: Organisation, framework, name: str, size: int, per_teacher: int) -> Team:
    """A team of size teachers, each with a plan this year and last year of per_teacher items, a log
    entry and a reflection on the first, and a scan; made with bulk_create for speed."""
    team = Team.objects.create(organisation=organisation, name=name)
    users = User.objects.bulk_create(User(email=f"{name}-{i}@school.nl", password="!") for i in range(size))
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisation, team=team, role=Role.TEACHER) for u in users
    )
    plans = DevelopmentPlan.objects.bulk_create(
        DevelopmentPlan(user=u, school_year=year, framework=framework, budget_hours=Decimal("59"))
        for u in users
        for year in (YEAR, PREVIOUS)
    )
    activities = list(framework.activities.prefetch_related("contributions__aspect"))
    statuses = [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CANCELLED]
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            activity=activities[(p + i) % len(activities)] if i % 5 else None,
            title="" if i % 5 else "Eigen activiteit",
            goal="Doel",
            start_date=schoolyear.bounds(plan.school_year)[0],
            end_date=schoolyear.bounds(plan.school_year)[1],
            estimated_hours=Decimal("4"),
            status=statuses[i % len(statuses)],
            follow_up="Verder" if i % 3 == 0 else "",
        )
        for p, plan in enumerate(plans)
        for i in range(per_teacher)
    )
    aspects = list(framework.aspects.all())
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
    statements = list(framework.scan_statements.all())
    scans = Scan.objects.bulk_create(Scan(user=u, framework=framework) for u in users)
    ScanAnswer.objects.bulk_create(
        ScanAnswer(scan=s, statement=statement, value=3) for s in scans for statement in statements
    )
    stats.rebuild(organisation)  # bulk inserts send no signals
    return team


class TeamOverviewQueryTests:
    def test_it_needs_as_many_queries_for_a_large_team_as_for_a_small_one(
        self, client, organisation, framework
    ):
        # In an organisation of its own: with both in one, the small team's 3 teachers would follow from the
        # organisation total minus the large team, so the large team's profile would be hidden too.
        elsewhere = Organisation.objects.create(name="ROC Klein", min_group_size=5)
        small = _big_team(elsewhere, framework, "klein", 3, 4)
        large = _big_team(organisation, framework, "groot", 30, 10)
        leader = person(elsewhere, small, Role.TEAM_LEADER)
        Membership.objects.create(user=leader, organisation=organisation, team=large, role=Role.TEAM_LEADER)
        client.force_login(leader)
        client.get(url(small))  # warm up: the session, the framework, the first publication of the scans
        client.get(url(large))

        counts, response = queries_per_get(client, [url(small), url(large)])

        assert counts[0] == counts[1]
        o = response.context["overview"]
        assert o.teachers == 30 and o.current.plans == 30 and o.scans.shown
        assert o.current.coverage.total == 30 * 10 - 30 * 2  # a quarter of the items is cancelled
