"""What the plans app holds about a person, for the own-data export and the deletion of the account
(gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py``): the development plans with their items,
log (and the evidence files), reflections and notes of the yearly conversation; the reminders sent.

Deleting the account deletes the plans and everything in them by CASCADE; the evidence files are deleted
from storage after the commit. Notes the person wrote in someone else's plan stay in that plan (they are
the agreements of that person's conversation), with the roles instead of the name
(``teams.personal_data.former_member_label``).
"""

import os

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from ontwikkelwijzer.plans.models import ConversationNote, DevelopmentPlan, LogEntry, PlanItem, ReminderSent
from ontwikkelwijzer.teams.personal_data import former_member_label

EVIDENCE_FOLDER = "bewijs"

EXPORTED = {
    "plans.DevelopmentPlan.user": "plans.plans",
    "plans.PlanItem.plan": "plans.plans[].items",
    "plans.PlanItem.carried_from": "plans.plans[].items[].carried_from (the id of one's own earlier item)",
    "plans.LogEntry.item": "plans.plans[].items[].log, with the evidence file in the zip under bewijs/",
    "plans.Reflection.item": "plans.plans[].items[].reflections",
    "plans.ConversationNote.plan": "plans.plans[].conversation_notes",
    "plans.ReminderSent.user": "plans.reminders_sent",
}
EXEMPT = {
    "plans.ConversationNote.author": (
        "A note someone wrote in another person's plan (a team leader after the yearly conversation) is "
        "part of that plan: its owner sees it and decides with whom the plan is shared. In the author's "
        "export it would reach someone the owner may no longer share with. When the author's account is "
        "deleted, the note stays in the plan with the author's roles instead of the name."
    ),
}


def evidence_path(entry: LogEntry, school_year: str) -> str:
    """Where a log entry's file is in the download: bewijs/<school year>/<entry id>-<name>."""
    stored = os.path.basename(entry.evidence_file.name)
    try:
        name = get_valid_filename(entry.evidence_name or stored)
    except SuspiciousFileOperation:
        name = get_valid_filename(stored)
    return f"{EVIDENCE_FOLDER}/{school_year}/{entry.pk}-{name}"


def _entries_with_files(user):
    return (
        LogEntry.objects.filter(item__plan__user=user)
        .exclude(evidence_file="")
        .select_related("item__plan")
        .order_by("pk")
    )


def _item(item: PlanItem, school_year: str) -> dict:
    return {
        "id": item.pk,
        "activity": item.activity.code if item.activity else None,
        "title": item.name,
        "own_title": item.title,
        "goal": item.goal,
        "aspects": [aspect.code for aspect in item.aspects.all()],
        "start_date": item.start_date,
        "end_date": item.end_date,
        "estimated_hours": item.estimated_hours,
        "status": item.status,
        "follow_up": item.follow_up,
        "carried_from": item.carried_from_id,
        "team_goal": item.team_goal.text if item.team_goal else None,
        "created_at": item.created_at,
        "changed_at": item.updated_at,
        "log": [
            {
                "date": entry.date,
                "description": entry.description,
                "hours_spent": entry.hours_spent,
                "evidence_url": entry.evidence_url,
                "evidence_name": entry.evidence_name,
                "evidence_file": evidence_path(entry, school_year) if entry.evidence_file else None,
                "created_at": entry.created_at,
            }
            for entry in item.log_entries.all()
        ],
        "reflections": [
            {"aspect": r.aspect.code, "rating": r.rating, "text": r.text, "changed_at": r.updated_at}
            for r in item.reflections.all()
        ],
    }


def export(user) -> dict:
    plans = (
        DevelopmentPlan.objects.filter(user=user)
        .select_related("framework")
        .prefetch_related(
            "conversation_notes",
            "items__activity",
            "items__aspects",
            "items__team_goal",
            "items__log_entries",
            "items__reflections__aspect",
        )
        .order_by("school_year")
    )
    return {
        "plans": [
            {
                "school_year": plan.school_year,
                "framework_version": plan.framework.version,
                "budget_hours": plan.budget_hours,
                "items": [_item(item, plan.school_year) for item in plan.items.all()],
                "conversation_notes": [
                    {"date": note.date, "author": note.author_name, "text": note.text}
                    for note in plan.conversation_notes.all()
                ],
            }
            for plan in plans
        ],
        "reminders_sent": [
            {"kind": r.kind, "about": r.key, "sent_at": r.sent_at}
            for r in ReminderSent.objects.filter(user=user).order_by("sent_at", "pk")
        ],
    }


def files(user) -> list:
    return [
        (evidence_path(entry, entry.item.plan.school_year), entry.evidence_file)
        for entry in _entries_with_files(user)
    ]


def erase(user) -> list:
    """The person's name in the notes they wrote in other people's plans is replaced by the roles they held
    in the groups they shared with the plan's owner; the evidence files are deleted from storage once the
    deletion is committed."""
    notes = ConversationNote.objects.filter(author=user).exclude(plan__user=user)
    for owner in list(notes.values_list("plan__user", flat=True).distinct()):
        label = former_member_label(person=user, seen_by=owner)
        notes.filter(plan__user=owner).update(author=None, author_name=label)
    stored = [entry.evidence_file for entry in _entries_with_files(user)]
    return [lambda file=file: file.delete(save=False) for file in stored]
