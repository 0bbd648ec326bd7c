from datetime import date

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ontwikkelwijzer.core.heat import heat_legend, heat_level
from ontwikkelwijzer.core.schoolyear import school_year_for
from ontwikkelwijzer.framework import extensions, selectors
from ontwikkelwijzer.framework.cache import public_cache
from ontwikkelwijzer.framework.complements import complements
from ontwikkelwijzer.framework.filters import parse_catalogue_filters
from ontwikkelwijzer.framework.models import Activity, Aspect
from ontwikkelwijzer.framework.search import parse_query
from ontwikkelwijzer.framework.selectors import Structure


def _cells(activity: Activity, aspects: list[Aspect]) -> list[tuple[Aspect, str | None]]:
    texts = {c.aspect_id: c.text for c in activity.contributions.all()}
    return [(aspect, texts.get(aspect.pk)) for aspect in aspects]


def _rows(
    activities: list[Activity], structure: Structure, *, show_category: bool = False
) -> list[SafeString]:
    """The catalogue table's rows. Each is the same for everyone: it is rendered once per framework version,
    language and process and then taken from the framework's snapshot (``Snapshot.memo``)."""
    memo = selectors.framework_snapshot(framework=structure.framework).memo
    language = get_language()
    rows = []
    for activity in activities:
        key = ("catalogue-row", language, show_category, activity.code)
        html = memo.get(key)
        if html is None:
            context = {
                "activity": activity,
                "cells": _cells(activity, structure.aspects),
                "show_category": show_category,
            }
            html = memo[key] = render_to_string("partials/activity_row.html", context)
        rows.append(html)
    return rows


def catalogue_url(**params: str) -> str:
    url = reverse("framework:catalogue")
    return f"{url}?{urlencode(params)}" if params else url


def _matrix(structure: Structure) -> dict:
    counts = selectors.category_aspect_counts(framework=structure.framework)
    top = max(counts.values(), default=0)
    rows = [
        {
            "category": category,
            "cells": [
                {
                    "aspect": aspect,
                    "count": (n := counts.get((category.code, aspect.code), 0)),
                    "heat": heat_level(n, top),
                    "url": catalogue_url(category=category.code, aspect=aspect.code),
                }
                for aspect in structure.aspects
            ],
        }
        for category in structure.categories
    ]
    return {"rows": rows, "legend": heat_legend(top)}


def _groups(structure: Structure, activities: list[Activity]) -> list[dict]:
    return [
        {
            "category": category,
            "rows": _rows([a for a in activities if a.category_id == category.pk], structure),
        }
        for category in structure.categories
    ]


@public_cache
def home(request):
    framework = selectors.framework_get_current()
    structure = selectors.framework_structure(framework=framework)
    return render(
        request,
        "framework/home.html",
        {
            "framework": framework,
            "structure": structure,
            "activity_count": framework.activities.count(),
            "audiences": audience_guides(framework),
            "matrix": _matrix(structure),
        },
    )


@public_cache
def catalogue(request):
    framework = selectors.framework_get_current()
    structure = selectors.framework_structure(framework=framework)
    filters = parse_catalogue_filters(
        dict(request.GET.lists()), aspects=structure.aspect_codes, categories=structure.category_codes
    )
    activities = selectors.activity_list(framework=framework, filters=filters)
    searched = bool(parse_query(filters.q))
    suggestion = (
        selectors.search_suggestion(framework=framework, text=filters.q)
        if searched and not activities
        else None
    )
    context = {
        "framework": framework,
        "no_words": bool(filters.q) and not searched,
        "suggestion": suggestion,
        "suggestion_url": catalogue_url(**{**filters.as_params(), "q": suggestion}) if suggestion else "",
        "structure": structure,
        "filters": filters,
        "activities": activities,
        "ranked_rows": _rows(activities, structure, show_category=True) if searched else None,
        "groups": None if searched else [g for g in _groups(structure, activities) if g["rows"]],
        "matrix": _matrix(structure),
        "learning_modes": framework.content.get("learning_modes", []),
        "share_url": request.build_absolute_uri(catalogue_url(**filters.as_params())),
    }
    return render(request, "framework/catalogue.html", context)


def _phase1_mentions(framework, code: str, structure: Structure) -> list[dict]:
    aspect_names = {a.code: a.appendix_name for a in structure.aspects}
    category_names = {c.code: c.name for c in structure.categories}
    content = framework.content
    mentions = []
    for row in (content.get("phase1_overview") or {}).get("rows", []):
        for mode in ("formal", "informal"):
            mentions += [
                {
                    "label": m["label"],
                    "where": aspect_names.get(row["aspect"], row["aspect"]),
                    "learning": _("formal") if mode == "formal" else _("informal"),
                }
                for m in row[mode]
                if m["activity"] == code
            ]
    for category, items in (content.get("phase1_by_category") or {}).items():
        mentions += [
            {"label": m["label"], "where": category_names.get(category, category), "learning": ""}
            for m in items
            if m["activity"] == code
        ]
    return mentions


@public_cache
def activity_detail(request, code: str):
    framework = selectors.framework_get_current()
    structure = selectors.framework_structure(framework=framework)
    activity = selectors.activity_get(framework=framework, code=code)
    profiles = selectors.activity_profiles(framework=framework)
    found = complements(next(p for p in profiles if p.code == activity.code), profiles)
    complement_activities = selectors.activities_by_code(framework=framework, codes=[c.code for c in found])
    aspect_names = {a.code: a.short_name for a in structure.aspects}
    context = {
        "framework": framework,
        "activity": activity,
        "cells": _cells(activity, structure.aspects),
        "source_links": list(activity.source_links.all()),
        "category_findings": [
            (source, source.findings.get(activity.category.code, []))
            for source in structure.sources
            if source.findings.get(activity.category.code)
        ],
        "phase1_mentions": _phase1_mentions(framework, activity.code, structure),
        "current_year": school_year_for(date.today()),
        "complements": [
            {
                "activity": complement_activities[c.code],
                "adds_aspects": [aspect_names[a] for a in aspect_names if a in c.adds_aspects],
                "adds_learning": [
                    (_("informal") if m == "informal" else _("formal"))
                    for m in sorted(c.adds_learning, reverse=True)
                ],
                "other_category": c.other_category,
            }
            for c in found
        ],
        **extensions.activity_page_context(request, activity.code),
    }
    return render(request, "framework/activity.html", context)


def _text_page(request, template: str, keys: tuple[str, ...], **extra):
    framework = selectors.framework_get_current()
    texts = framework.content.get("texts", {})
    context = {"framework": framework, "texts": [texts[k] for k in keys if k in texts], **extra}
    return render(request, template, context)


@public_cache
def about(request):
    return _text_page(request, "framework/about.html", ("basis", "types", "didactics", "purpose"))


@public_cache
def audiences(request):
    framework = selectors.framework_get_current()
    return render(
        request,
        "framework/audiences.html",
        {
            "framework": framework,
            "purpose": framework.content.get("texts", {}).get("purpose"),
            "audiences": audience_guides(framework),
        },
    )


@public_cache
def learning(request):
    framework = selectors.framework_get_current()
    text = framework.content.get("texts", {}).get("learning")
    shown = " ".join((text or {}).get("body", "").split())
    return render(
        request,
        "framework/learning.html",
        {
            "framework": framework,
            "text": text,
            # A mode's description repeats the introduction's definition word for word: each is shown once.
            "modes": [
                {
                    **mode,
                    "description": _not_in(mode["description"], shown),
                    "url": catalogue_url(learning=mode["code"]),
                }
                for mode in framework.content.get("learning_modes", [])
            ],
        },
    )


def _not_in(description: str, shown: str) -> str:
    """The paragraphs of a text that the page does not show already (compared with spaces normalised)."""
    return "\n\n".join(p for p in description.split("\n\n") if p.strip() and " ".join(p.split()) not in shown)


@public_cache
def justification(request):
    framework = selectors.framework_get_current()
    structure = selectors.framework_structure(framework=framework)
    texts = framework.content.get("texts", {})
    activity_names = dict(framework.activities.values_list("code", "name"))
    aspect_names = {a.code: a.appendix_name for a in structure.aspects}
    overview = framework.content.get("phase1_overview") or {"rows": []}
    return render(
        request,
        "framework/justification.html",
        {
            "framework": framework,
            "intro": texts.get("justification"),
            "contributions_text": texts.get("justification_contributions"),
            "categories": [
                {
                    "category": c,
                    "findings": [
                        (s, s.findings.get(c.code, [])) for s in structure.sources if s.findings.get(c.code)
                    ],
                }
                for c in structure.categories
            ],
            "phase1_rows": [
                {
                    "aspect": aspect_names.get(row["aspect"], row["aspect"]),
                    "formal": [{**m, "name": activity_names.get(m["activity"])} for m in row["formal"]],
                    "informal": [{**m, "name": activity_names.get(m["activity"])} for m in row["informal"]],
                }
                for row in overview["rows"]
            ],
            "sources": structure.sources,
            "corrections": framework.content.get("corrections", []),
        },
    )


def audience_guides(framework) -> list[dict]:
    """The framework's audiences, each with where in the application its part is."""
    links = {
        "teacher": [
            (_("Browse all activities"), catalogue_url()),
            (_("Informal and formal learning"), reverse("framework:learning")),
        ],
        "team_leader": [
            (_("Activities per category and aspect"), reverse("framework:catalogue") + "#matrix"),
            (_("What the framework is based on"), reverse("framework:justification")),
        ],
        "hr_policy": [
            (_("Justification from the literature"), reverse("framework:justification")),
            (_("Activities per category and aspect"), reverse("framework:catalogue") + "#matrix"),
        ],
        "curriculum": [
            (_("Activities aimed at education development"), catalogue_url(category="development")),
            (_("Activities together with the work field"), catalogue_url(workfield="1")),
        ],
        "workfield_partner": [
            (_("Activities together with the work field"), catalogue_url(workfield="1")),
            (_("Activities that strengthen work-field collaboration"), catalogue_url(aspect="workfield")),
        ],
    }
    return [
        {**audience, "links": links.get(audience["code"], [])}
        for audience in framework.content.get("audiences", [])
    ]
