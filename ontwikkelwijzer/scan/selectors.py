"""Reads for the self-scan: statements, a person's scans, and the result of a scan."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.framework.models import Activity, Contribution, Framework, ScanStatement
from ontwikkelwijzer.framework.selectors import framework_snapshot, framework_structure
from ontwikkelwijzer.scan.history import History, history_of
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.scan.recommend import Candidate, Preferences, Recommendation, Statement, recommend
from ontwikkelwijzer.scan.scoring import AspectScore, aspect_scores, growth_areas, strengths
from ontwikkelwijzer.scan.services import ScanInput


def scan_statements(*, framework: Framework) -> list[ScanStatement]:
    return list(framework_snapshot(framework=framework).statements)


def recommendation_candidates(*, framework: Framework, organisations: Iterable[int] = ()) -> list[Candidate]:
    """The framework's activities, and the own activities of these organisations (the person's schools),
    each with what it contributes per aspect and the scan statements the framework links to it."""
    return [*_framework_candidates(framework), *map(_candidate, _own_activities(framework, organisations))]


def _candidate(activity: Activity, statements: frozenset[str] = frozenset()) -> Candidate:
    return Candidate(
        code=activity.code,
        name=activity.name,
        category=activity.category.code,
        contributions=tuple(sorted((c.aspect.code, c.text) for c in activity.contributions.all())),
        learning=frozenset(activity.learning),
        hours=activity.estimated_hours,
        position=activity.position,
        statements=statements,
    )


_candidates: tuple[object, tuple[Candidate, ...]] | None = None


def _framework_candidates(framework: Framework) -> tuple[Candidate, ...]:
    """The framework's own candidates, made once per snapshot of the framework (the same for everyone)."""
    global _candidates
    snapshot = framework_snapshot(framework=framework)
    if _candidates is None or _candidates[0] is not snapshot:
        made = tuple(
            _candidate(a, snapshot.statements_of.get(a.code, frozenset())) for a in snapshot.activities
        )
        _candidates = (snapshot, made)
    return _candidates[1]


def _own_activities(framework: Framework, organisations: Iterable[int]) -> list[Activity]:
    """The own activities of these organisations (no query without any)."""
    organisations = list(organisations)
    if not organisations:
        return []
    return list(
        Activity.everything.filter(framework=framework, organisation__in=organisations)
        .select_related("category")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("aspect")))
    )


def engine_statements(statements: Iterable[ScanStatement]) -> list[Statement]:
    return [Statement(s.code, s.aspect.code, s.text) for s in statements]


def scan_list_for_user(*, user: User) -> list[Scan]:
    return list(Scan.objects.filter(user=user).select_related("framework"))


def scan_get_for_user(*, user: User, pk: int) -> Scan:
    """The one gate to a saved scan: only its owner gets it, anyone else a 404."""
    scan = Scan.objects.filter(user=user, pk=pk).select_related("framework").first()
    if scan is None:
        raise Http404("No such scan.")
    return scan


def scan_input_of(scan: Scan) -> ScanInput:
    return ScanInput(
        answers={a.statement.code: a.value for a in scan.answers.select_related("statement")},
        learning=scan.learning_preference,
        hours_available=scan.hours_available,
        done=tuple(scan.done_activities.values_list("code", flat=True)),
    )


@dataclass(frozen=True)
class ScanResult:
    scores: list[AspectScore]
    strengths: list[str]
    growth: list[str]
    recommendations: list[Recommendation]
    activities: dict[str, Activity]
    aspect_names: dict[str, str]
    statement_texts: dict[str, str]


def scan_scores(*, framework: Framework, data: ScanInput) -> list[AspectScore]:
    """The score per aspect of these answers (what a scan before this one is compared on)."""
    aspects = framework_structure(framework=framework).aspect_codes
    return aspect_scores(
        data.answers, {s.code: s.aspect.code for s in scan_statements(framework=framework)}, aspects
    )


def scan_result(
    *,
    framework: Framework,
    data: ScanInput,
    max_items: int = 5,
    organisations: Iterable[int] = (),
    user: User | None = None,
    moment: datetime | None = None,
) -> ScanResult:
    """The scores and the recommendations; with ``organisations``, their own activities are candidates too.

    With ``user``, what is in their plan at ``moment`` (default: now) is not recommended again and what
    they finished last school year only with a reason.
    """
    structure = framework_structure(framework=framework)
    statements = scan_statements(framework=framework)
    scores = scan_scores(framework=framework, data=data)
    aspect_names = {a.code: a.short_name for a in structure.aspects}
    history = (
        history_of(user, moment or timezone.now())
        if user is not None and user.is_authenticated
        else History()
    )
    own = _own_activities(framework, organisations)
    found = recommend(
        [*_framework_candidates(framework), *map(_candidate, own)],
        {s.aspect: s.score for s in scores},
        Preferences(
            learning=data.learning,
            max_items=max_items,
            exclude=frozenset(data.done) | history.this_year,
            hours_available=data.hours_available,
            done_before=history.last_year,
        ),
        answers=data.answers,
        statements=engine_statements(statements),
        aspect_names=aspect_names,
    )
    by_code = {**framework_snapshot(framework=framework).by_code, **{a.code: a for a in own}}
    activities = {r.code: by_code[r.code] for r in found}
    return ScanResult(
        scores=scores,
        strengths=strengths(scores),
        growth=growth_areas(scores),
        recommendations=found,
        activities=activities,
        aspect_names=aspect_names,
        statement_texts={s.code: s.text for s in statements},
    )


def scan_previous(*, scan: Scan) -> Scan | None:
    """The owner's scan before this one, on the same framework version, to show the change."""
    return (
        Scan.objects.filter(user=scan.user, framework=scan.framework, created_at__lt=scan.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )


SCANS_OVER_TIME = 6  # the most scans the result page draws side by side


def scan_history(*, scan: Scan) -> list[tuple[Scan, list[AspectScore]]]:
    """The owner's scans on this framework version up to and including this one (the last
    ``SCANS_OVER_TIME``, oldest first), each with its score per aspect: the profile over time. Two queries
    however many scans: the scans, and all their answers."""
    scans = list(
        Scan.objects.filter(
            user=scan.user, framework=scan.framework, created_at__lte=scan.created_at
        ).order_by("-created_at", "-pk")[:SCANS_OVER_TIME]
    )
    answers: dict[int, dict[str, int | None]] = {s.pk: {} for s in scans}
    rows = ScanAnswer.objects.filter(scan__in=answers).values_list("scan_id", "statement__code", "value")
    for scan_id, code, value in rows:
        answers[scan_id][code] = value
    return [
        (s, scan_scores(framework=scan.framework, data=ScanInput(answers=answers[s.pk])))
        for s in reversed(scans)
    ]
