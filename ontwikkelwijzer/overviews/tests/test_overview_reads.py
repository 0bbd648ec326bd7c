"""The overviews read less per request than they did, with the same figures: the organisation's scan line from
what a publication keeps of it (``snapshots.Line``) instead of every team's figures, the activities' kinds
from the framework's snapshot, the counters of a family by the start of their names, and the cells of the
teams' rows written as the template wrote them. Each is compared here with the way before."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Aspect
from ontwikkelwijzer.overviews import aggregates, keys, snapshots
from ontwikkelwijzer.overviews.models import ScanPublication, ScanSnapshot
from ontwikkelwijzer.overviews.org_overview import ActivityUse, organisation_overview
from ontwikkelwijzer.overviews.views.organisation import _Cells
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from tests.support import add, person, scan

YEAR = schoolyear.school_year_for(date.today())
ASPECTS = ["competence", "identity", "workfield"]


def _aspects(codes) -> list[Aspect]:
    return [Aspect(code=code, short_name=code) for code in codes]


# --- The organisation's scan line, from the publication ------------------------------------------------

group = st.fixed_dictionaries(
    {"scan": st.integers(0, 30)},
    optional={
        f"scan_{name}:{aspect}": st.integers(0, 40)
        for aspect in [*ASPECTS, "old"]
        for name in ("people", "sum", "answers")
    },
)


class LineTests:
    @settings(max_examples=400, deadline=None)
    @given(
        teams=st.lists(group, max_size=12),
        no_team=group,
        k=st.integers(0, 12),
        aspects=st.lists(st.sampled_from([*ASPECTS, "old", "new"]), unique=True),
    )
    @example(teams=[{"scan": 3, "scan_people:competence": 3}], no_team={}, k=3, aspects=["competence"])
    def test_the_line_is_the_one_over_every_group_shown(self, teams, no_team, k, aspects):
        groups = [*teams, no_team]
        stored = snapshots._line(groups)
        line = snapshots._published(
            timezone.now(), [("organisation", None, {snapshots.LINE: stored}, len(teams))]
        ).line
        framework = _aspects(aspects)
        k = max(k, 0)

        assert stored["teams"] == len(teams) and line is not None
        assert aggregates.shown_together_on(line, framework, k) == aggregates.shown_together(
            groups, framework, k
        )
        if line.covers(aspects):
            threshold = aggregates.suppression.threshold(k)
            assert line.together(threshold) == sum(
                g.get("scan", 0)
                for g in groups
                if any(s.shown for s in aggregates.scan_scores(g, framework, k))
            )

    def test_a_line_of_other_team_rows_is_not_used(self):
        stored = snapshots._line([{"scan": 3, "scan_people:competence": 3}, {}])
        rows = [("organisation", None, {snapshots.LINE: stored, "scan": 3}, 0)]
        found = snapshots._published(timezone.now(), rows)
        assert found.line is None and found.everyone == {"scan": 3}


def _school(framework, sizes: dict[str, int]) -> tuple[Organisation, dict[str, Team]]:
    organisation = Organisation.objects.create(name="ROC Midden", min_group_size=3)
    teams = {}
    for name, size in sizes.items():
        teams[name] = Team.objects.create(organisation=organisation, name=name)
        for n in range(size):
            scan(person(organisation, teams[name], Role.TEACHER), framework, 1 + n % 5)
    return organisation, teams


def _line_of(o) -> tuple:
    return (o.total.scans, o.scans_complete, o.scans_together)


@pytest.mark.django_db
class PageOfTeamsTests:
    def test_a_page_has_the_line_of_every_group_and_reads_one_row_per_team_of_the_page(self, framework):
        organisation, teams = _school(framework, {"A": 4, "B": 1, "C": 3, "D": 6})
        every = organisation_overview(organisation=organisation, school_year=YEAR)
        page = [teams["A"], teams["B"]]

        with CaptureQueriesContext(connection) as queries:
            found = snapshots.published(organisation, YEAR, teams=[t.pk for t in page])
        o = organisation_overview(organisation=organisation, school_year=YEAR, teams=page)

        assert len(queries) == 1 and found.line is not None
        assert set(found.teams) == {teams["A"].pk, teams["B"].pk}  # of the page only (B's is not shown)
        assert _line_of(o) == _line_of(every)
        assert [g.scans for g in o.teams] == [g.scans for g in every.teams if g.team in page]

    def test_a_team_deleted_since_the_publication_is_out_of_the_line_as_before(self, framework):
        organisation, teams = _school(framework, {"A": 4, "C": 3, "D": 6})
        organisation_overview(organisation=organisation, school_year=YEAR)  # publishes
        teams["D"].delete()  # its published row goes with it; the publication waits for a week

        page = organisation_overview(organisation=organisation, school_year=YEAR, teams=[teams["A"]])
        every = organisation_overview(organisation=organisation, school_year=YEAR)

        assert _line_of(page) == _line_of(every)
        assert page.scans_together == 7  # A and C, no longer D

    def test_a_publication_from_before_lines_is_read_as_before(self, framework):
        organisation, teams = _school(framework, {"A": 4, "C": 3})
        every = organisation_overview(organisation=organisation, school_year=YEAR)
        row = ScanSnapshot.objects.get(group=ScanSnapshot.Group.ORGANISATION)
        row.counts.pop(snapshots.LINE)
        row.save()

        page = organisation_overview(organisation=organisation, school_year=YEAR, teams=[teams["C"]])

        assert _line_of(page) == _line_of(every)

    def test_a_publication_due_is_published_first_on_a_page_as_on_the_whole(self, framework):
        organisation, teams = _school(framework, {"A": 4, "C": 3})
        organisation_overview(organisation=organisation, school_year=YEAR)
        for teacher in [person(organisation, teams["C"], Role.TEACHER) for _ in range(2)]:
            scan(teacher, framework, 5)
        ScanPublication.objects.update(published_at=timezone.now() - timedelta(days=8))

        page = organisation_overview(organisation=organisation, school_year=YEAR, teams=[teams["C"]])

        assert page.teams[0].scans.scanned == 5 and page.scans_together == 9

    def test_the_team_page_reads_its_team_with_the_publication(self, framework):
        organisation, teams = _school(framework, {"A": 4, "C": 3})
        organisation_overview(organisation=organisation, school_year=YEAR)

        with CaptureQueriesContext(connection) as queries:
            found = snapshots.published(organisation, YEAR, team=teams["A"])
        nothing = snapshots.published(organisation, YEAR, team=Team.objects.create(organisation=organisation))

        assert len(queries) == 1
        assert found.teams == {teams["A"].pk: snapshots.published(organisation, YEAR).teams[teams["A"].pk]}
        assert nothing.teams == {} and nothing.published_at == found.published_at

    def test_without_any_scan_nothing_is_published_and_no_team_is_read_for_it(self, framework, monkeypatch):
        organisation = Organisation.objects.create(name="ROC Midden", min_group_size=3)
        team = Team.objects.create(organisation=organisation, name="Zorg")
        plan = services.plan_get_or_create(user=person(organisation, team, Role.TEACHER), school_year=YEAR)
        add(plan, framework, "plg")
        monkeypatch.setattr(snapshots, "_live", lambda *args: pytest.fail("the live figures were read"))

        for found in (
            snapshots.published(organisation, YEAR),
            snapshots.published(organisation, YEAR, team=team),
            snapshots.published(organisation, YEAR, teams=[team.pk]),
        ):
            assert found == snapshots.Published(published_at=None, teams={}, no_team={}, everyone={})
        assert not ScanPublication.objects.exists()

    def test_the_first_scan_is_published_at_the_next_look(self, framework):
        organisation, teams = _school(framework, {"A": 0})
        assert snapshots.published(organisation, YEAR).published_at is None
        for _ in range(3):
            scan(person(organisation, teams["A"], Role.TEACHER), framework, 4)

        found = snapshots.published(organisation, YEAR, teams=[teams["A"].pk])

        assert found.published_at is not None and found.teams[teams["A"].pk]["scan"] == 3


# --- The activities -----------------------------------------------------------------------------------


@pytest.mark.django_db
class ActivityTests:
    def test_the_kinds_and_the_hidden_are_the_same_as_from_the_rows(self, framework):
        organisation = Organisation.objects.create(name="ROC Midden", min_group_size=3)
        team = Team.objects.create(organisation=organisation, name="Zorg")
        for i in range(4):
            plan = services.plan_get_or_create(
                user=person(organisation, team, Role.TEACHER), school_year=YEAR
            )
            add(plan, framework, "vakliteratuur", ("competence",))
            if i == 0:
                add(plan, framework, "online-tutorials", ("competence",))
        listed = aggregates.school_activities(organisation, framework)
        rows = list(framework.activities.select_related("category").order_by("position", "pk"))
        counts = organisation_overview(organisation=organisation, school_year=YEAR)

        assert list(listed) == rows
        assert aggregates.activity_kinds(listed) == aggregates.activity_kinds(rows)
        by_year = {YEAR: dict(aggregates.counters(organisation, school_years=[YEAR]).get((None, YEAR), {}))}
        assert aggregates.hidden_in_year(by_year, YEAR, listed, 3) == aggregates.hidden_in_year(
            by_year, YEAR, rows, 3
        )
        assert "online-tutorials" in aggregates.hidden_in_year(by_year, YEAR, listed, 3)
        assert counts.activities_hidden >= 1

    def test_the_activity_lists_are_as_sorting_every_activity_gave_them(self, framework):
        organisation = Organisation.objects.create(name="ROC Midden", min_group_size=3)
        team = Team.objects.create(organisation=organisation, name="Zorg")
        codes = ["vakliteratuur", "plg", "online-tutorials", "docentstage"]
        for i in range(6):
            plan = services.plan_get_or_create(
                user=person(organisation, team, Role.TEACHER), school_year=YEAR
            )
            for code in codes[: 1 + i % 4]:
                add(plan, framework, code)

        o = organisation_overview(organisation=organisation, school_year=YEAR)

        uses = list(o.activities)
        before = sorted(
            [
                ActivityUse(u.activity, u.items, u.teachers, u.shown)
                for u in sorted(uses, key=lambda u: u.activity.position)
            ],
            key=lambda a: (not a.shown, -a.items if a.shown else 0),
        )
        assert uses == before and len(o.activities) == len(uses) and o.activities[0] == uses[0]
        assert o.most_used == [a for a in uses if a.items and a.shown][:10]
        shown = [a for a in uses if a.shown]
        assert o.least_used == sorted(shown, key=lambda a: (a.items, a.activity.position, a.activity.pk))[:10]
        assert o.activities_hidden == sum(not a.shown for a in uses)


# --- Counters by the start of their names -----------------------------------------------------------------

names = st.one_of(
    st.sampled_from(["plans", "total", "scan", "teachers", "cov", "act"]),
    st.builds(
        lambda kind, parts: keys.Name(kind).of(*parts),
        st.sampled_from([n.value for n in keys.Name]),
        st.lists(st.sampled_from(["a", "b", "x-y", ""]), min_size=1, max_size=4),
    ),
)


@settings(max_examples=300, deadline=None)
@given(counts=st.dictionaries(names, st.integers(-3, 9)), kind=st.sampled_from(list(keys.Name)))
def test_of_kind_finds_what_keys_of_kind_finds(counts, kind):
    assert list(aggregates.of_kind(counts, kind)) == list(keys.of_kind(counts, kind))


# --- The cells of the teams' rows ----------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-5, 10**7),
    st.decimals(min_value=-(10**6), max_value=10**6, places=1, allow_nan=False),
    st.decimals(min_value=-(10**6), max_value=10**6, places=0, allow_nan=False),
    st.decimals(min_value=-100, max_value=100, places=3, allow_nan=False),
    st.builds(lambda n: Decimal(n) / 10, st.integers(-100, 10**6)),
    st.floats(min_value=-10, max_value=10, allow_nan=False).map(lambda f: round(f, 1)),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(numbers, max_size=6), language=st.sampled_from(["nl", "en"]), grouped=st.booleans())
@example(
    values=[Decimal("-0.0"), Decimal("0"), Decimal("12"), Decimal("1234.5"), 3.0, None],
    language="nl",
    grouped=False,
)
def test_the_cells_are_what_the_template_wrote(values, language, grouped):
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=grouped):
        cells = _Cells()
        decimals = [v for v in values if not isinstance(v, int)]
        written = cells.of(cells.one_decimal(v) for v in decimals)
        expected = Template("{% for v in values %}<td>{{ v|floatformat:1 }}</td>{% endfor %}").render(
            Context({"values": decimals})
        )
        assert written == expected
        whole = [v for v in values if isinstance(v, int)]
        assert cells.of(whole) == Template("{% for v in values %}<td>{{ v }}</td>{% endfor %}").render(
            Context({"values": whole})
        )


@pytest.mark.django_db
def test_the_page_shows_the_teams_rows(client, framework):
    organisation, teams = _school(framework, {"Alfa & <b>": 4, "Beta": 1})
    client.force_login(person(organisation, None, Role.HR))

    html = client.get(reverse("overviews:organisation", args=[organisation.pk])).content.decode()

    assert html.count("Alfa &amp; &lt;b&gt;") == 3 and "Alfa & <b>" not in html  # teams, thin spots, scans
    assert html.count("<details>") == 2
