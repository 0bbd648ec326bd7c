"""What the plans app holds about a person, for the own-data export and the deletion of the account
(gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py``): the development plans with their items,
log (and the evidence files), reflections and notes of the yearly conversation; the reminders sent.

What the person put in their trash (``plans/trash.py``) is in the download too, under ``trash``, with the
snapshot of the rows as it is kept and the evidence files under ``prullenbak/`` in the zip; the steps of
taking activities over from the year before are under each plan's ``carry_overs``.

Deleting the account deletes the plans and everything in them, the trash and the carry-over steps by
CASCADE; the evidence files (of the log and of the trash) are deleted from storage after the commit.
Notes the person wrote in someone else's plan stay in that plan (they are the agreements of that person's
conversation), with the roles instead of the name (``teams.personal_data.former_member_label``).
"""

import os

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from ontwikkelwijzer.plans import trash
from ontwikkelwijzer.plans.models import (
    ConversationNote,
    DevelopmentPlan,
    LogEntry,
    PlanItem,
    ReminderSent,
    TrashEntry,
)
from ontwikkelwijzer.teams.personal_data import former_member_label

EVIDENCE_FOLDER = "bewijs"
TRASH_FOLDER = "prullenbak"

EXPORTED = {
    "plans.DevelopmentPlan.user": "plans.plans",
    "plans.PlanItem.plan": "plans.plans[].items",
    "plans.PlanItem.carried_from": "plans.plans[].items[].carried_from (the id of one's own earlier item)",
    "plans.LogEntry.item": "plans.plans[].items[].log, with the evidence file in the zip under bewijs/",
    "plans.Reflection.item": "plans.plans[].items[].reflections",
    "plans.ConversationNote.plan": "plans.plans[].conversation_notes",
    "plans.ReminderSent.user": "plans.reminders_sent",
    "plans.TrashEntry.owner": "plans.trash, with its evidence files in the zip under prullenbak/",
    "plans.CarryOver.plan": "plans.plans[].carry_overs (which copies a step of taking over made)",
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


def trash_file_path(file: dict) -> str:
    """Where an evidence file kept in the trash is in the download: prullenbak/<entry id>-<name>."""
    stored = os.path.basename(file["name"])
    try:
        name = get_valid_filename(file.get("evidence_name") or stored)
    except SuspiciousFileOperation:
        name = get_valid_filename(stored)
    return f"{TRASH_FOLDER}/{file['entry']}-{name}"


def _trash(user) -> list:
    return [
        {
            "kind": entry.kind,
            "label": entry.label,
            "school_year": entry.school_year,
            "deleted_at": entry.deleted_at,
            "restorable_until": trash.restorable_until(entry),
            "restored_at": entry.restored_at,
            "evidence_files": [trash_file_path(file) for file in entry.payload.get("files", [])],
            "kept": entry.payload.get("objects", []),  # the rows as Django's serializer wrote them
        }
        for entry in TrashEntry.objects.filter(owner=user).order_by("deleted_at", "pk")
    ]


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
            "carry_overs",
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
                "carry_overs": [
                    {
                        "from_year": step.from_year,
                        "made_at": step.created_at,
                        "undone_at": step.undone_at,
                        "items": step.items,
                    }
                    for step in plan.carry_overs.all()
                ],
            }
            for plan in plans
        ],
        "reminders_sent": [
            {"kind": r.kind, "about": r.key, "sent_at": r.sent_at}
            for r in ReminderSent.objects.filter(user=user).order_by("sent_at", "pk")
        ],
        "trash": _trash(user),
    }


def files(user) -> list:
    return [
        (evidence_path(entry, entry.item.plan.school_year), entry.evidence_file)
        for entry in _entries_with_files(user)
    ] + [
        (trash_file_path(file), trash.stored_file(file["name"]))
        for _entry, file in trash.trashed_files(user=user)
    ]


def erase(user) -> list:
    """The person's name in the notes they wrote in other people's plans is replaced by the roles they held
    in the groups they shared with the plan's owner; the evidence files, of the log and of the trash, are
    deleted from storage once the deletion is committed."""
    notes = ConversationNote.objects.filter(author=user).exclude(plan__user=user)
    for owner in list(notes.values_list("plan__user", flat=True).distinct()):
        label = former_member_label(person=user, seen_by=owner)
        notes.filter(plan__user=owner).update(author=None, author_name=label)
    stored = [entry.evidence_file for entry in _entries_with_files(user)]
    stored += [trash.stored_file(file["name"]) for _entry, file in trash.trashed_files(user=user)]
    return [lambda file=file: file.delete(save=False) for file in stored]
