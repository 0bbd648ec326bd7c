"""The framework as plain data: for the JSON API and for `manage.py export_framework`."""

import csv
import io

from ontwikkelwijzer.core.spreadsheets import safe_cell
from ontwikkelwijzer.framework import selectors
from ontwikkelwijzer.framework.models import Activity, Framework

CSV_COLUMNS = [
    "code",
    "name",
    "category",
    "learning",
    "involves_workfield",
    "competence",
    "identity",
    "workfield",
    "sources",
]


def activity_as_dict(activity: Activity, aspect_codes: list[str]) -> dict:
    texts = {c.aspect.code: c.text for c in activity.contributions.all()}
    return {
        "code": activity.code,
        "name": activity.name,
        "category": activity.category.code,
        "learning": activity.learning,
        "involves_workfield": activity.involves_workfield,
        "contributions": {code: texts.get(code) for code in aspect_codes},
        "sources": [{"source": link.source.code, "note": link.note} for link in activity.source_links.all()],
    }


def framework_as_dict(framework: Framework) -> dict:
    """The whole framework, read from its snapshot (``selectors.framework_snapshot``): no query of its own."""
    snapshot = selectors.framework_snapshot(framework=framework)
    structure = snapshot.structure
    aspect_codes = structure.aspect_codes
    content = framework.content
    # Each statement's activities, in the framework's order (the snapshot's activities are by position).
    addressed_by: dict[str, list[str]] = {}
    for a in snapshot.activities:
        for code in snapshot.statements_of.get(a.code, ()):
            addressed_by.setdefault(code, []).append(a.code)
    return {
        "framework": {
            "id": framework.code,
            "version": framework.version,
            "title": framework.title,
            "subtitle": framework.subtitle,
            "published": framework.published,
            "authors": content.get("authors", []),
            "summary": framework.summary,
        },
        "aspects": [
            {
                "code": a.code,
                "number": a.number,
                "name": a.name,
                "short_name": a.short_name,
                "description": a.description,
            }
            for a in structure.aspects
        ],
        "categories": [
            {
                "code": c.code,
                "number": c.number,
                "name": c.name,
                "short_name": c.short_name,
                "description": c.description,
            }
            for c in structure.categories
        ],
        "learning_modes": content.get("learning_modes", []),
        "audiences": content.get("audiences", []),
        "sources": [
            {
                "code": s.code,
                "kind": s.kind,
                "short": s.short,
                "citation": s.citation,
                "findings": s.findings,
            }
            for s in structure.sources
        ],
        "activities": [activity_as_dict(a, aspect_codes) for a in snapshot.activities],
        "scan_statements": [
            {
                "code": s.code,
                "aspect": s.aspect.code,
                "text": s.text,
                "activities": addressed_by.get(s.code, []),
            }
            for s in snapshot.statements
        ],
        "phase1_overview": content.get("phase1_overview"),
        "texts": content.get("texts", {}),
        "corrections": content.get("corrections", []),
    }


def framework_as_csv(framework: Framework) -> str:
    """One row per activity, the contribution texts in a column per aspect."""
    data = framework_as_dict(framework)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for a in data["activities"]:
        row = [
            a["code"],
            a["name"],
            a["category"],
            "/".join(a["learning"]),
            "ja" if a["involves_workfield"] else "nee",
            a["contributions"].get("competence"),
            a["contributions"].get("identity"),
            a["contributions"].get("workfield"),
            "; ".join(s["source"] for s in a["sources"]),
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
