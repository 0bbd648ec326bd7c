"""The self-scan figures of groups are published snapshots (``overviews.snapshots``), not live: no sequence of
views lets a viewer work out one person's answers, and the snapshot catches up once enough people scanned.

``Model`` is the publication rule on plain data (what each person has in the published figures), driven by
random sequences of scans, joins, leaves, moves, deleted accounts and weeks, with a view after every event.
The property tests check on it what a viewer could compute, and the model-based test drives the real
services (scans, memberships, account deletion, the pages' reads) through the same sequences and checks that
the published figures in the database are the model's.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews import snapshots, stats
from ontwikkelwijzer.overviews.models import ScanPublication
from ontwikkelwijzer.overviews.snapshots import Change, release
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from tests.support import person, scan

ASPECTS = ("competence", "identity", "workfield")
STATEMENTS = 4  # per aspect in the framework
K = 3  # the smallest group shown (the floor), so that small worlds show something
DAYS = snapshots.DEFAULT_DAYS
MINUTE = 1
DAY = 24 * 60
YEAR = schoolyear.school_year_for(timezone.localdate())


def counters(values: tuple[int | None, ...]) -> dict[str, int]:
    """A scan's counters as overviews.stats has them: every statement of an aspect answered with its value."""
    found = {"scan": 1}
    for aspect, value in zip(ASPECTS, values, strict=True):
        if value is not None:
            found |= {
                f"scan_people:{aspect}": 1,
                f"scan_sum:{aspect}": STATEMENTS * value,
                f"scan_answers:{aspect}": STATEMENTS,
            }
    return found


@dataclass
class Someone:
    cell: int | None = None  # home team (1, 2), 0: in the organisation without a team; None: not in it
    scans: list[tuple[int | None, ...]] = field(default_factory=list)  # their answers, latest last
    scanned_at: int = -1  # minute of the latest scan
    gone: bool = False


class Model:
    """The publication rule on plain data; ``states`` has, per publication, what each person has in it."""

    def __init__(self) -> None:
        self.people: dict[int, Someone] = {}
        self.now = 0  # minutes
        self.published_at: int | None = None
        self.pending: dict[str, tuple | None] = {}  # as in ScanPublication.pending: key -> state then
        self.dirty = False
        self.states: list[dict[int, tuple]] = []  # per publication: person -> (cell, (person, scan number))
        self.keys: dict[int, str] = {}  # person -> their key in pending (a token once their account is gone)

    def state(self, p: int) -> tuple | None:
        """What the person has in the live counters: (cell, (person, scan number)), or None."""
        someone = self.people[p]
        if someone.gone or someone.cell is None or not someone.scans:
            return None
        return (someone.cell, (p, len(someone.scans) - 1))

    def part(self, state: tuple | None):
        """A state as overviews.snapshots has it: (cell, scan counters)."""
        if state is None:
            return None
        cell, (p, number) = state
        return (cell, counters(self.people[p].scans[number]))

    def key(self, p: int) -> str:
        return self.keys.setdefault(p, str(p))

    def live(self) -> dict[int, tuple]:
        return {p: s for p in self.people if (s := self.state(p)) is not None}

    def event(self, kind: str, *args) -> bool:
        """Apply an event; False when it does not apply (nothing happened)."""
        self.now += MINUTE
        if kind == "wait":
            self.now += args[0] * DAY
            return True
        p = args[0]
        someone = self.people.setdefault(p, Someone())
        if someone.gone:
            return False
        before = self.state(p)
        if kind == "scan":
            someone.scans.append(args[1])
            someone.scanned_at = self.now
        elif kind == "join" and someone.cell is None:
            someone.cell = args[1]
        elif kind == "leave" and someone.cell is not None:
            someone.cell = None
        elif kind == "move" and someone.cell not in (None, args[1]):
            someone.cell = args[1]
        elif kind == "delete":
            someone.gone = True
            key = self.key(p)
            if self.published_at is not None and (key in self.pending or before is not None):
                was = self.pending.pop(key) if key in self.pending else before
                self.keys[p] = f"gone-{p}"
                self.pending[self.keys[p]] = was
                self.dirty = True
            return True
        else:
            return False
        if self.published_at is not None and self.part(self.state(p)) != self.part(before):
            self.pending.setdefault(self.key(p), before)
            self.dirty = True
        return True

    def view(self) -> None:
        """A page is read: publish when the rule says so (``snapshots.current``)."""
        if self.published_at is None:
            if self.live():
                self.states.append(self.live())
                self.published_at = self.now
            return
        if not (self.dirty and self.now - self.published_at >= DAYS * DAY):
            return
        person = {key: p for p, key in self.keys.items()}
        changes = {}
        for key, was in self.pending.items():
            someone = self.people[person[key]]
            now = self.state(person[key])
            if self.part(was) != self.part(now):  # what the counters hold, as in the database
                changes[key] = (was, now, not someone.gone and someone.scanned_at > self.published_at)
        chosen = release(
            {key: Change(self.part(was), self.part(now), fresh) for key, (was, now, fresh) in changes.items()}
        )
        if chosen:
            state = dict(self.states[-1])
            for key in chosen:
                now = changes[key][1]
                if now is None:
                    state.pop(person[key], None)
                else:
                    state[person[key]] = now
            self.states.append(state)
            self.published_at = self.now
        self.pending = {key: was for key, (was, _now, _fresh) in changes.items() if key not in chosen}
        self.dirty = False

    def figures(self, state: dict | None = None) -> dict[int, dict[str, int]]:
        """Per cell the counters of the latest publication (or of the state given)."""
        if state is None:
            state = self.states[-1] if self.states else {}
        cells: dict[int, dict[str, int]] = {}
        for cell, (p, number) in state.values():
            mine = cells.setdefault(cell, {})
            for name, n in counters(self.people[p].scans[number]).items():
                mine[name] = mine.get(name, 0) + n
        return cells


people = st.integers(0, 9)
cells = st.integers(0, 2)
answers = st.tuples(*(st.one_of(st.none(), st.integers(1, 5)) for _ in ASPECTS))
changes = st.lists(
    st.one_of(
        st.tuples(st.just("scan"), people, answers),
        st.tuples(st.just("scan"), people, answers),
        st.tuples(st.just("join"), people, cells),
        st.tuples(st.just("leave"), people),
        st.tuples(st.just("move"), people, cells),
        st.tuples(st.just("delete"), people),
        st.tuples(st.just("wait"), st.integers(1, 5)),
        st.tuples(st.just("wait"), st.integers(1, 5)),
    ),
    max_size=30,
)
founders = st.lists(st.tuples(cells, answers), min_size=3, max_size=8)


def _world(founded: list, then: list) -> list[tuple]:
    """The founders join their group and scan, then the changes."""
    joined = [("join", p, cell) for p, (cell, _answers) in enumerate(founded)]
    return [*joined, *(("scan", p, answers) for p, (_cell, answers) in enumerate(founded)), *then]


events = st.builds(_world, founders, changes)
A_WEEK = ("wait", DAYS)
JOINED = [("join", p, 1) for p in range(4)] + [("scan", p, (4, 4, 4)) for p in range(4)]


# --- What a viewer can compute ------------------------------------------------------------------------


def _echelon(rows: list[dict]) -> dict:
    """The rows (column -> value) in echelon form, exactly: pivot column -> row, each reduced by the earlier
    pivots when it was added."""
    pivots: dict = {}
    for row in rows:
        row = _reduce(pivots, row)
        if row:
            column = min(row, key=str)
            pivots[column] = {c: v / row[column] for c, v in row.items()}
    return pivots


def _reduce(pivots: dict, row: dict) -> dict:
    row = {c: Fraction(v) for c, v in row.items() if v}
    for column, pivot in pivots.items():
        if column in row:
            factor = row[column]
            row = {c: row.get(c, 0) - factor * pivot.get(c, 0) for c in row.keys() | pivot.keys()}
            row = {c: v for c, v in row.items() if v}
    return row


def what_a_viewer_sees(model: Model) -> list[dict]:
    """Every figure shown in every publication (a group's sum of answers on an aspect, shown from K people
    on), as an equation over the unknown answers: (person, scan number, aspect) -> 1. The viewer is as
    strong as can be: they know who is behind each figure, only not the answers."""
    rows = []
    for state in model.states:
        for cell in {c for c, _scan in state.values()}:
            for a, aspect in enumerate(ASPECTS):
                behind = [
                    (p, number)
                    for c, (p, number) in state.values()
                    if c == cell and model.people[p].scans[number][a] is not None
                ]
                if len(behind) >= K:
                    rows.append({(p, number, aspect): 1 for p, number in behind})
    return rows


def worked_out(model: Model) -> list:
    """The answers of one person (one scan on one aspect), or the change between two of one person's scans
    on an aspect, that follow from the figures shown: vectors in the span of what the viewer sees."""
    rows = what_a_viewer_sees(model)
    pivots = _echelon(rows)
    unknowns = sorted({x for row in rows for x in row})
    found = [x for x in unknowns if not _reduce(pivots, {x: 1})]
    for x in unknowns:
        for y in unknowns:
            if (x[0], x[2]) == (y[0], y[2]) and x[1] < y[1] and not _reduce(pivots, {x: 1, y: -1}):
                found.append((x, y))
    return found


def one_person_steps(model: Model) -> list:
    """Consecutive publications in which a group's figure on an aspect changed by one person only."""
    found = []
    for before, after in zip(model.states, model.states[1:], strict=False):
        for cell in {c for c, _scan in [*before.values(), *after.values()]}:
            for a, aspect in enumerate(ASPECTS):

                def mine(state, p, cell=cell, a=a):
                    s = state.get(p)
                    if s is None or s[0] != cell or model.people[p].scans[s[1][1]][a] is None:
                        return None
                    return s[1]

                changed = [p for p in before.keys() | after.keys() if mine(before, p) != mine(after, p)]
                if len(changed) == 1:
                    found.append((cell, aspect, changed))
    return found


def run(model: Model, sequence) -> None:
    for event in sequence:
        if model.event(*event):
            model.view()


def catch_up_events(model: Model) -> list[tuple]:
    """Enough changes: two new teachers join and scan in every group a waiting change touches, and a week
    goes by (nobody looks in between; then someone does, ``catch_up``)."""
    person = {key: p for p, key in model.keys.items()}
    touched = set()
    for key, was in model.pending.items():
        for state in (was, model.state(person[key])):
            if state is not None:
                touched.add(state[0])
    found, newcomer = [], 100
    for cell in sorted(touched):
        for _ in range(snapshots.FRESH):
            found += [("join", newcomer, cell), ("scan", newcomer, (3, 3, 3))]
            newcomer += 1
    return [*found, A_WEEK, ("wait", 1)]


def catch_up(model: Model, world: "World | None" = None) -> None:
    for event in catch_up_events(model):
        if model.event(*event) and world is not None:
            world.apply(model, *event)
    model.view()


class SnapshotPropertyTests:
    @settings(max_examples=300, deadline=None)
    @given(sequence=events)
    @example(sequence=[*JOINED, A_WEEK, ("scan", 0, (1, 1, 1)), A_WEEK, ("scan", 1, (2, 2, 2))])
    @example(sequence=[*JOINED, A_WEEK, ("leave", 0), A_WEEK, ("join", 0, 1), ("scan", 1, (1, 1, 1))])
    @example(  # leave and rejoin around someone's rescans: a before and after two weeks apart
        sequence=[*JOINED, A_WEEK, ("scan", 1, (1, 1, 1)), ("leave", 0), A_WEEK, ("join", 0, 1)]
        + [("scan", 1, (2, 2, 2)), A_WEEK]
    )
    @example(sequence=[*JOINED, ("join", 5, 2), A_WEEK, ("move", 0, 2), ("scan", 5, (1, 2, 3)), A_WEEK])
    @example(sequence=[*JOINED, A_WEEK, ("delete", 0), A_WEEK, ("scan", 1, (5, 5, 5)), A_WEEK])
    @example(  # a rescan that keeps its identity answer: identity must still wait for a second new scan
        sequence=[("join", 0, 1), ("join", 1, 0), ("join", 2, 1), ("scan", 0, (None, 2, None))]
        + [("scan", 1, (None, None, None)), ("scan", 2, (1, None, None)), ("scan", 0, (1, 2, None))]
        + [("scan", 1, (None, None, None)), ("wait", 2), ("wait", 5)]
    )
    def test_no_sequence_of_views_gives_one_persons_answers(self, sequence):
        model = Model()
        run(model, sequence)

        assert one_person_steps(model) == []
        assert worked_out(model) == []
        catch_up(model)
        assert one_person_steps(model) == []
        assert worked_out(model) == []

    @settings(max_examples=300, deadline=None)
    @given(sequence=events)
    def test_with_enough_changes_and_a_week_the_snapshot_catches_up(self, sequence):
        model = Model()
        run(model, sequence)

        catch_up(model)

        if model.live():
            assert model.figures() == model.figures(model.live())
            assert model.pending == {}

    def test_at_most_one_publication_a_week(self):
        model = Model()
        run(model, JOINED)
        for day in range(30):
            newcomer = 10 + day
            run(model, [("join", newcomer, 1), ("scan", newcomer, (day % 5 + 1,) * 3), ("wait", 1)])

        assert len(model.states) == 1 + 30 // DAYS


class ReleaseTests:
    def test_one_new_scan_waits_for_a_second_in_the_same_group(self):
        one = Change(was=(1, counters((3, 3, 3))), now=(1, counters((5, 5, 5))), fresh=True)
        other_group = Change(was=None, now=(2, counters((4, 4, 4))), fresh=True)
        second = Change(was=(1, counters((2, 2, 2))), now=(1, counters((3, 3, 3))), fresh=True)
        identity_only = Change(was=(1, counters((2, 2, 2))), now=(1, counters((2, 3, 2))), fresh=True)
        # c's rescan counts on every aspect it answers, also the two whose answers stayed the same: two fresh
        # changes on each figure, so both go (whether c goes must not depend on what c answered).
        assert release({"a": one, "c": identity_only}) == {"a", "c"}

        assert release({"a": one, "b": other_group}) == set()
        assert release({"a": one, "b": other_group, "c": second}) == {"a", "c"}

    def test_a_leave_waits_for_two_new_scans_and_a_move_for_two_in_each_group(self):
        leave = Change(was=(1, counters((3, 3, 3))), now=None)
        move = Change(was=(1, counters((3, 3, 3))), now=(2, counters((3, 3, 3))))
        new = [
            Change(was=(c, counters((2, 2, 2))), now=(c, counters((4, 4, 4))), fresh=True) for c in (1, 1, 2)
        ]

        assert release({"leave": leave, "x": new[0]}) == set()
        assert release({"leave": leave, "x": new[0], "y": new[1]}) == {"leave", "x", "y"}
        assert release({"move": move, "x": new[0], "y": new[1]}) == {"x", "y"}  # group 2 has one new scan
        assert release({"move": move, "x": new[0], "y": new[1], "z": new[2]}) == {"x", "y"}
        z2 = Change(was=None, now=(2, counters((1, 1, 1))), fresh=True)
        assert release({"move": move, "x": new[0], "y": new[1], "z": new[2], "w": z2}) == {
            "move",
            "x",
            "y",
            "z",
            "w",
        }

    def test_a_new_scan_counts_only_on_the_aspects_it_answers(self):
        a = Change(was=None, now=(1, counters((3, None, None))), fresh=True)
        b = Change(was=None, now=(1, counters((4, 4, 4))), fresh=True)
        c = Change(was=None, now=(1, counters((5, 5, None))), fresh=True)

        assert release({"a": a, "b": b}) == set()  # identity: b alone
        assert release({"a": a, "b": b, "c": c}) == set()  # workfield: b alone; then identity: c alone
        d = Change(was=None, now=(1, counters((1, 1, 1))), fresh=True)
        assert release({"a": a, "b": b, "c": c, "d": d}) == {"a", "b", "c", "d"}


# --- The real thing ---------------------------------------------------------------------------------
class World:
    """The model's people, groups and clock as users, teams, memberships and scans in the database."""

    def __init__(self, framework) -> None:
        self.framework = framework
        self.organisation = Organisation.objects.create(name="ROC Snapshot", min_group_size=K)
        self.teams = {
            c: Team.objects.create(organisation=self.organisation, name=f"Team {c}") for c in (1, 2)
        }
        self.statements = {
            aspect: list(framework.scan_statements.filter(aspect__code=aspect).values_list("code", flat=True))
            for aspect in ASPECTS
        }
        assert all(len(codes) == STATEMENTS for codes in self.statements.values())
        self.users: dict[int, User] = {}
        self.start = timezone.now().replace(microsecond=0)

    def user(self, p: int) -> User:
        if p not in self.users:
            self.users[p] = User.objects.create_user(email=f"model{p}@school.nl", password="x")
        return self.users[p]

    def at(self, minute: int):
        return self.start + timedelta(minutes=minute)

    def apply(self, model: Model, kind: str, *args) -> None:
        """The event as the model applied it (call after model.event answered True)."""
        if kind == "wait":
            return
        user = self.user(args[0])
        if kind == "scan":
            values = dict(zip(ASPECTS, args[1], strict=True))
            made = scan_create(
                user=user,
                framework=self.framework,
                data=ScanInput(answers={code: values[a] for a in ASPECTS for code in self.statements[a]}),
            )
            Scan.objects.filter(pk=made.pk).update(created_at=self.at(model.now))
            stats.touched(user.pk)
        elif kind == "join":
            team = self.teams.get(args[1])
            Membership.objects.create(user=user, organisation=self.organisation, team=team, role=Role.TEACHER)
        elif kind == "leave":
            for membership in Membership.objects.filter(user=user, organisation=self.organisation):
                membership.delete()
        elif kind == "move":
            membership = Membership.objects.get(user=user, organisation=self.organisation)
            membership.team = self.teams.get(args[1])
            membership.save()
        elif kind == "delete":
            user.delete()

    def published(self, model: Model) -> dict[int, dict[str, int]]:
        found = snapshots.published(self.organisation, YEAR, now=self.at(model.now))
        cells = {c: found.teams[team.pk] for c, team in self.teams.items() if found.teams.get(team.pk)}
        if found.no_team:
            cells[0] = found.no_team
        return cells


@pytest.mark.django_db
class SnapshotModelTests:
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(sequence=events)
    @example(sequence=[*JOINED, A_WEEK, ("scan", 0, (1, 1, 1)), A_WEEK, ("scan", 1, (2, None, 2)), A_WEEK])
    @example(sequence=[*JOINED, ("join", 4, 0), A_WEEK, ("delete", 0), ("move", 1, 2), A_WEEK])
    def test_the_database_publishes_what_the_rule_says(self, framework, sequence):
        with transaction.atomic():
            world = World(framework)
            model = Model()
            for step in sequence:
                if model.event(*step):
                    world.apply(model, *step)
                    model.view()
                    assert world.published(model) == model.figures(), step
            catch_up(model, world)
            assert world.published(model) == model.figures() == model.figures(model.live())
            transaction.set_rollback(True)


# --- The pages ----------------------------------------------------------------------------------------


def _week_later() -> None:
    """As if the last publication was more than a week ago."""
    ScanPublication.objects.update(published_at=timezone.now() - timedelta(days=DAYS, minutes=1))


@pytest.mark.django_db
class SnapshotPageTests:
    @pytest.fixture
    def organisation_with_team(self, framework):
        """A team of five teachers who scanned (all 4s), and its leader."""
        organisation = Organisation.objects.create(name="ROC Midden", min_group_size=5)
        team = Team.objects.create(organisation=organisation, name="Techniek")
        teachers = [person(organisation, team, Role.TEACHER) for _ in range(5)]
        for teacher in teachers:
            scan(teacher, framework, 4)
        leader = person(organisation, team, Role.TEAM_LEADER)
        return organisation, team, teachers, leader

    def test_one_teachers_new_scan_does_not_move_the_team_mean_until_a_second_one(
        self, client, framework, organisation_with_team
    ):
        organisation, team, teachers, leader = organisation_with_team
        client.force_login(leader)
        page = reverse("overviews:team", args=[team.pk])

        def scores():
            return [s.score for s in client.get(page).context["overview"].scans.scores]

        first = scores()
        scan(teachers[0], framework, 1)
        _week_later()
        one = scores()
        scan(teachers[1], framework, 1)
        two = scores()
        scan(teachers[2], framework, 1)
        scan(teachers[3], framework, 1)
        within_the_week = scores()
        _week_later()
        later = scores()

        assert first == [4.0] * 3
        assert one == [4.0] * 3  # a week on, but one new scan only: not yet
        assert two == [round((3 * 4 + 2 * 1) / 5, 1)] * 3
        assert within_the_week == two  # two more, but the last publication is not a week old
        assert later == [round((4 + 4 * 1) / 5, 1)] * 3

    def test_a_teacher_who_joins_or_leaves_with_a_scan_waits_for_two_new_scans(
        self, client, framework, organisation_with_team
    ):
        organisation, team, teachers, leader = organisation_with_team
        newcomer = person(organisation, None, Role.HR)
        earlier = scan(newcomer, framework, 1)  # a month ago: not a new scan since the last publication
        Scan.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=30))
        client.force_login(leader)
        page = reverse("overviews:team", args=[team.pk])
        client.get(page)

        Membership.objects.create(user=newcomer, organisation=organisation, team=team, role=Role.TEACHER)
        Membership.objects.filter(user=teachers[4], team=team).delete()
        _week_later()
        waiting = client.get(page).context["overview"].scans
        scan(teachers[0], framework, 2)
        waiting_still = client.get(page).context["overview"].scans
        scan(teachers[1], framework, 2)
        after = client.get(page).context["overview"].scans

        for scans in (waiting, waiting_still):
            assert scans.scanned == 5 and [s.score for s in scans.scores] == [4.0] * 3
        assert after.scanned == 5
        assert [s.score for s in after.scores] == [round((2 * 4 + 2 * 2 + 1) / 5, 1)] * 3

    def test_the_pages_say_as_of_when(self, client, framework, organisation_with_team):
        organisation, team, teachers, leader = organisation_with_team
        hr = person(organisation, None, Role.HR)
        client.force_login(leader)
        team_page = client.get(reverse("overviews:team", args=[team.pk]))
        client.force_login(hr)
        school_page = client.get(reverse("overviews:organisation", args=[organisation.pk]))

        published = ScanPublication.objects.get(organisation=organisation).published_at
        assert (
            team_page.context["overview"].scans.as_of
            == published
            == school_page.context["overview"].scans_as_of
        )
        day = str(timezone.localdate(published).day)
        for response in (team_page, school_page):
            html = response.content.decode()
            paragraph = html[html.index('class="as-of"') :].split("</p>")[0]
            assert f">{day} " in paragraph or f" {day} " in paragraph

    def test_a_deleted_account_leaves_no_link_in_what_waits(self, client, framework, organisation_with_team):
        organisation, team, teachers, leader = organisation_with_team
        client.force_login(leader)
        client.get(reverse("overviews:team", args=[team.pk]))
        gone = teachers[2].pk

        with stats.deferred():  # as in a request
            teachers[2].delete()

        pending = ScanPublication.objects.get(organisation=organisation).pending
        assert list(pending) != [] and all(key.startswith("gone-") for key in pending)
        assert str(gone) not in pending and len(pending) == 1
        published = snapshots.published(organisation, YEAR, team=team)
        assert published.teams[team.pk]["scan"] == 5  # still in the figures until two new scans

    def test_a_school_year_that_is_over_stays_as_last_published(self, framework, organisation_with_team):
        organisation, team, teachers, leader = organisation_with_team
        last_year = timezone.now() - timedelta(days=365)
        previous = schoolyear.school_year_for(timezone.localdate(last_year))
        Scan.objects.update(created_at=last_year)
        stats.rebuild(organisation)
        first = snapshots.published(organisation, previous, team=team)

        Membership.objects.filter(user=teachers[0], team=team).delete()
        publication = ScanPublication.objects.get(organisation=organisation, school_year=previous)
        later = snapshots.published(
            organisation, previous, team=team, now=timezone.now() + timedelta(days=30)
        )

        assert first.teams[team.pk]["scan"] == 5 == later.teams[team.pk]["scan"]
        assert publication.pending == {} and not publication.dirty  # a change after the end is not kept
        # what waited from before the end and cannot go is dropped at the next look
        waiting = {str(teachers[1].pk): [team.pk, first.teams[team.pk] | {"scan": 1}]}
        ScanPublication.objects.filter(pk=publication.pk).update(
            pending=waiting, dirty=True, published_at=last_year
        )
        snapshots.published(organisation, previous, team=team)
        publication.refresh_from_db()
        assert publication.pending == {} and not publication.dirty

    def test_reading_costs_the_same_whatever_the_size_and_publishing_too(self, framework):
        small = Organisation.objects.create(name="Klein", min_group_size=3)
        large = Organisation.objects.create(name="Groot", min_group_size=3)
        for organisation, teams, size in ((small, 2, 3), (large, 8, 12)):
            for t in range(teams):
                team = Team.objects.create(organisation=organisation, name=f"T{t}")
                for _ in range(size):
                    scan(person(organisation, team, Role.TEACHER), framework, 3)
        counts: dict[str, list[int]] = {"first": [], "read": [], "publish": [], "nothing yet": []}
        for organisation in (small, large):
            with CaptureQueriesContext(connection) as queries:
                snapshots.published(organisation, YEAR)
            counts["first"].append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                snapshots.published(organisation, YEAR)
            counts["read"].append(len(queries))
            for teacher in Membership.objects.filter(organisation=organisation, role=Role.TEACHER)[:4]:
                scan(teacher.user, framework, 5)
            later = timezone.now() + timedelta(days=DAYS)
            with CaptureQueriesContext(connection) as queries:
                snapshots.published(organisation, YEAR, now=later)
            counts["publish"].append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                snapshots.published(organisation, "2001-2002")
            counts["nothing yet"].append(len(queries))

        assert all(a == b for a, b in counts.values()), counts
        assert counts["read"][0] == 2
        published = snapshots.published(large, YEAR)
        assert sum(g["scan"] for g in published.teams.values()) == 8 * 12
