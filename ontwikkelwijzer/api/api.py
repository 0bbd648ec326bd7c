"""The JSON API, /api/v1: the same selectors as the pages, as data.

What depends only on the framework (the whole framework document, each activity as data) is made once
per framework snapshot (``selectors.framework_snapshot``: per version and checksum, the same for everyone)
and kept in the process. Those answers are returned as a ready ``HttpResponse``, so django-ninja does not
validate them against their response schema on every request (with 340 activities that took most of the
time); the schemas still document them in the OpenAPI document, and the tests check that the data has
exactly the shape, and the order, that validating it would give.
"""

from collections.abc import Callable

from django.http import Http404, HttpResponse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from ontwikkelwijzer.api import errors
from ontwikkelwijzer.api.schemas import (
    ActivityListOut,
    ErrorOut,
    FrameworkOut,
    RecommendationsIn,
    RecommendationsOut,
    ValidationErrorOut,
)
from ontwikkelwijzer.framework import selectors
from ontwikkelwijzer.framework.cache import public_cache
from ontwikkelwijzer.framework.exports import activity_as_dict, framework_as_dict
from ontwikkelwijzer.framework.filters import parse_catalogue_filters
from ontwikkelwijzer.scan.recommend import Preferences, recommend
from ontwikkelwijzer.scan.scoring import aspect_scores
from ontwikkelwijzer.scan.selectors import engine_statements, recommendation_candidates, scan_statements

api = NinjaAPI(
    title="Ontwikkelwijzer API",
    version="1",
    description="Het kader Versterken beroepsgerichte didactiek als open data.",
    urls_namespace="api",
    docs_url=None,
)


def _framework(version: str | None = None):
    if version:
        framework = selectors.framework_current(version=version)
    else:
        try:  # the current one, as the pages have it: no query while its marker is remembered
            framework = selectors.framework_get_current()
        except Http404:
            framework = None
    if framework is None:
        raise HttpError(404, "Geen kader gevonden" + (f" met versie {version}" if version else "") + ".")
    return framework


def _per_snapshot[T](name: str, framework, make: Callable[[], T]) -> T:
    """``make()``, made once per snapshot of this framework and kept in it (``Snapshot.memo``): only for
    what depends on nothing but the framework (never on the request, the person or their school)."""
    memo = selectors.framework_snapshot(framework=framework).memo
    key = ("api", name)
    if key not in memo:
        memo[key] = make()
    return memo[key]  # type: ignore[no-any-return]


def _json(request, data) -> HttpResponse:
    """``data`` as JSON, as django-ninja renders a 200 answer, without validating it again."""
    return api.create_response(request, data, status=200)


def _activity_dicts(framework) -> dict[str, dict]:
    """Every activity of the framework as the API gives it (``ActivityOut``), by code."""

    def make() -> dict[str, dict]:
        aspect_codes = selectors.framework_structure(framework=framework).aspect_codes
        return {
            a.code: activity_as_dict(a, aspect_codes)
            for a in selectors.framework_snapshot(framework=framework).activities
        }

    return _per_snapshot("activities", framework, make)


class FrameworkParams(Schema):
    version: str | None = None


@api.get("/framework", response={200: FrameworkOut, 404: ErrorOut}, summary="Het hele kader")
@decorate_view(public_cache)
def framework(request, params: Query[FrameworkParams]):
    fw = _framework(params.version)
    content = _per_snapshot("framework", fw, lambda: _json(request, framework_as_dict(fw)).content)
    return HttpResponse(content, content_type=api.get_content_type())


class ActivityParams(Schema):
    q: str | None = None
    aspect: str | None = None
    category: str | None = None
    learning: str | None = None
    workfield: str | None = None


@api.get("/activities", response={200: ActivityListOut, 404: ErrorOut}, summary="Activiteiten, gefilterd")
@decorate_view(public_cache)
def activities(request, params: Query[ActivityParams]):
    """Same filters as the catalogue page, combined with AND. What can't be used is listed in `ignored`."""
    fw = _framework()
    structure = selectors.framework_structure(framework=fw)
    filters = parse_catalogue_filters(
        dict(request.GET.lists()), aspects=structure.aspect_codes, categories=structure.category_codes
    )
    found = selectors.activity_list(framework=fw, filters=filters)
    as_dict = _activity_dicts(fw)
    return _json(request, {"activities": [as_dict[a.code] for a in found], "ignored": list(filters.ignored)})


def _error(kind: str, loc: list[str], msg: str) -> dict:
    return {"type": kind, "loc": ["body", *loc], "msg": msg}


def _recommendation_problems(body: RecommendationsIn, codes: set[str]) -> list[dict]:
    """What the schema cannot say of a request for recommendations: one of scores and answers is needed,
    scores need one aspect, answers are to statements of the framework."""
    if body.answers is None and body.scores is None:
        return [_error("missing", ["answers"], "Geef antwoorden per stelling, scores per aspect of beide.")]
    problems = []
    if body.scores is not None and not body.scores.model_fields_set:
        problems.append(_error("too_short", ["scores"], "Geef een score (of null) voor minstens één aspect."))
    problems += [
        _error(
            "unknown_statement",
            ["answers", code],
            f"Onbekende stelling: {code}; zie scan_statements in /framework.",
        )
        for code in sorted(set(body.answers or {}) - codes)
    ]
    return problems


@api.exception_handler(ValidationError)
def _validation_error(request, error: ValidationError):
    """Schema errors with a path to the field and a Dutch message (``api.errors``)."""
    return api.create_response(request, {"detail": errors.clean(error.errors)}, status=422)


@api.post(
    "/recommendations",
    response={200: RecommendationsOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Een gebalanceerde mix van activiteiten bij scores per aspect of antwoorden per stelling",
)
def recommendations(request, body: RecommendationsIn):
    """The self-scan's recommendation engine. `scores`: 1-5 per aspect (null: not applicable);
    `answers`: 1-5 per scan statement code from `GET /framework` (null: not applicable); either or both.
    Each item names the statements it answers and why it is in the mix."""
    fw = _framework()
    statements = scan_statements(framework=fw)
    answers = body.answers or {}
    if problems := _recommendation_problems(body, {s.code for s in statements}):
        return Status(422, {"detail": problems})
    structure = selectors.framework_structure(framework=fw)
    means = aspect_scores(answers, {s.code: s.aspect.code for s in statements}, structure.aspect_codes)
    given = body.scores.model_dump() if body.scores else {}
    profile = {m.aspect: given.get(m.aspect) or m.score for m in means}
    by_code = selectors.framework_snapshot(framework=fw).by_code
    found = recommend(
        recommendation_candidates(framework=fw),
        profile,
        Preferences(
            learning=body.preferences.learning,
            max_items=body.preferences.max_items,
            exclude=frozenset(body.preferences.exclude),
            hours_available=body.preferences.hours_available,
        ),
        answers=answers,
        statements=engine_statements(statements),
        aspect_names={a.code: a.short_name for a in structure.aspects},
    )
    return {
        "items": [
            {
                "activity": r.code,
                "name": by_code[r.code].name,
                "aspect": r.aspect,
                "aspects": list(r.aspects),
                "statements": list(r.statements),
                "learning": list(r.learning),
                "category": r.category,
                "hours": r.hours,
                "reason": r.reason,
            }
            for r in found
        ]
    }
