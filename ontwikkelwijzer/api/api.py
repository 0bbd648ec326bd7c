"""The JSON API, /api/v1: the same selectors as the pages, as data."""

from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

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
from ontwikkelwijzer.scan.selectors import recommendation_candidates

api = NinjaAPI(
    title="Ontwikkelwijzer API",
    version="1",
    description="Het kader Versterken beroepsgerichte didactiek als open data.",
    urls_namespace="api",
    docs_url=None,
)


def _framework(version: str | None = None):
    framework = selectors.framework_current(version=version or None)
    if framework is None:
        raise HttpError(404, "Geen kader gevonden" + (f" met versie {version}" if version else "") + ".")
    return framework


class FrameworkParams(Schema):
    version: str | None = None


@api.get("/framework", response={200: FrameworkOut, 404: ErrorOut}, summary="Het hele kader")
@decorate_view(public_cache)
def framework(request, params: Query[FrameworkParams]):
    return framework_as_dict(_framework(params.version))


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
    return {
        "activities": [activity_as_dict(a, structure.aspect_codes) for a in found],
        "ignored": list(filters.ignored),
    }


@api.post(
    "/recommendations",
    response={200: RecommendationsOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Een gebalanceerde mix van activiteiten bij scores per aspect",
)
def recommendations(request, body: RecommendationsIn):
    """The self-scan's recommendation engine: scores 1-5 per aspect (null: not applicable) and preferences."""
    fw = _framework()
    names = {a.code: a.name for a in fw.activities.all()}
    aspect_names = dict(fw.aspects.values_list("code", "short_name"))
    found = recommend(
        recommendation_candidates(framework=fw),
        body.scores.model_dump(),
        Preferences(
            learning=body.preferences.learning,
            max_items=body.preferences.max_items,
            exclude=frozenset(body.preferences.exclude),
            hours_available=body.preferences.hours_available,
        ),
        aspect_names=aspect_names,
    )
    return {
        "items": [
            {
                "activity": r.code,
                "name": names[r.code],
                "aspects": list(r.aspects),
                "learning": list(r.learning),
                "category": r.category,
                "hours": r.hours,
                "reason": r.reason,
            }
            for r in found
        ]
    }
