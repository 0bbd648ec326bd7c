"""Writes and whole-person reads for accounts: the right of access and deletion."""

from django.db import transaction

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans.models import LogEntry, PlanItem
from ontwikkelwijzer.scan.models import Scan


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def user_data_export(*, user: User) -> dict:
    """Everything the application holds about this person, as plain data (right of access)."""
    scans = (
        Scan.objects.filter(user=user)
        .select_related("framework")
        .prefetch_related("answers__statement", "done_activities")
    )
    items = (
        PlanItem.objects.filter(plan__user=user)
        .select_related("plan", "activity")
        .prefetch_related("aspects", "log_entries", "reflections__aspect")
        .order_by("plan__school_year", "start_date", "pk")
    )
    plans: dict[str, dict] = {}
    for item in items:
        plan = plans.setdefault(
            item.plan.school_year,
            {"school_year": item.plan.school_year, "budget_hours": str(item.plan.budget_hours), "items": []},
        )
        plan["items"].append(
            {
                "activity": item.activity.code if item.activity else None,
                "title": item.name,
                "goal": item.goal,
                "aspects": [a.code for a in item.aspects.all()],
                "start_date": _iso(item.start_date),
                "end_date": _iso(item.end_date),
                "estimated_hours": str(item.estimated_hours),
                "status": item.status,
                "follow_up": item.follow_up,
                "log": [
                    {
                        "date": _iso(e.date),
                        "description": e.description,
                        "hours_spent": str(e.hours_spent),
                        "evidence_url": e.evidence_url,
                        "evidence_file": e.evidence_name,
                    }
                    for e in item.log_entries.all()
                ],
                "reflections": [
                    {"aspect": r.aspect.code, "rating": r.rating, "text": r.text}
                    for r in item.reflections.all()
                ],
            }
        )
    for plan in user.plans.all():
        plans.setdefault(
            plan.school_year,
            {"school_year": plan.school_year, "budget_hours": str(plan.budget_hours), "items": []},
        )
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "fte": str(user.fte),
            "reminders_enabled": user.reminders_enabled,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "scans": [
            {
                "created_at": _iso(scan.created_at),
                "framework_version": scan.framework.version,
                "learning_preference": scan.learning_preference,
                "hours_available": scan.hours_available,
                "answers": {a.statement.code: a.value for a in scan.answers.all()},
                "done_activities": [a.code for a in scan.done_activities.all()],
            }
            for scan in scans
        ],
        "plans": sorted(plans.values(), key=lambda p: p["school_year"]),
    }


def user_delete(*, user: User) -> None:
    """Delete the account and everything of the person: rows go by CASCADE, uploaded files explicitly."""
    files = [
        e.evidence_file for e in LogEntry.objects.filter(item__plan__user=user).exclude(evidence_file="")
    ]
    with transaction.atomic():
        user.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])
