"""The trash of a teacher's own plan: nothing they delete is gone by one click.

Deleting an activity (with its log entries, reflections and evidence files) or one log entry (with its
file) really deletes the rows, so that every query in the project (the plan, the counters behind the
overviews through the model signals, the downloads, the API, what a team leader sees) has them gone
without knowing about a trash. A ``TrashEntry`` of the owner keeps a snapshot made with Django's
serializers, and the evidence files stay on storage. For ``TRASH_DAYS`` days the owner can restore it:
the rows are saved back with the same primary keys, the references to the item from elsewhere (a later
year's copy, an accepted request for an offer) are put back, and the counters are refreshed. After that
``purge_expired`` (``manage.py purge_expired``, daily) deletes the entry and its files.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import signals
from ontwikkelwijzer.framework.models import Activity, Aspect
from ontwikkelwijzer.plans.models import (
    DevelopmentPlan,
    LogEntry,
    PlanItem,
    Reflection,
    TeamGoal,
    TrashEntry,
)

LABEL_CHARS = 120  # of a log entry's description, as its label


def period() -> timedelta:
    return timedelta(days=settings.TRASH_DAYS)


def restorable_until(entry: TrashEntry) -> datetime:
    return entry.deleted_at + period()


def is_expired(entry: TrashEntry, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= restorable_until(entry)


def undo_note() -> str:
    """What a confirmation says about getting it back."""
    days = settings.TRASH_DAYS
    return ngettext(
        "You can restore it from your trash for %(days)d day.",
        "You can restore it from your trash for %(days)d days.",
        days,
    ) % {"days": days}


# --- What goes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemContents:
    log_entries: int
    reflections: int
    files: int


def item_contents(*, item: PlanItem) -> ItemContents:
    """What goes to the trash with an item, for its confirmation."""
    files = item.log_entries.exclude(evidence_file="")
    return ItemContents(
        log_entries=item.log_entries.count(), reflections=item.reflections.count(), files=files.count()
    )


def contents_text(contents: ItemContents) -> str:
    """ "3 log entries, 2 reflections and 1 evidence file" (what there is of them), or ""."""
    parts = []
    if n := contents.log_entries:
        parts.append(ngettext("%(count)d log entry", "%(count)d log entries", n) % {"count": n})
    if n := contents.reflections:
        parts.append(ngettext("%(count)d reflection", "%(count)d reflections", n) % {"count": n})
    if n := contents.files:
        parts.append(ngettext("%(count)d evidence file", "%(count)d evidence files", n) % {"count": n})
    if len(parts) < 2:
        return "".join(parts)
    return _("%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}


def _snapshot(rows: list[models.Model]) -> list[Any]:
    return list(json.loads(serializers.serialize("json", rows)))


def _files(entries: list[LogEntry]) -> list[dict[str, Any]]:
    return [
        {"entry": entry.pk, "name": entry.evidence_file.name, "evidence_name": entry.evidence_name}
        for entry in entries
        if entry.evidence_file
    ]


def _pointers(item: PlanItem) -> list[dict[str, Any]]:
    """The rows elsewhere whose reference to ``item`` its deletion sets to null (found through the model
    registry, so this app names no higher one): to put them back on restore."""
    found = []
    for relation in PlanItem._meta.get_fields(include_hidden=True):  # related_name="+" is hidden
        if not isinstance(relation, models.ManyToOneRel) or relation.on_delete is not models.SET_NULL:
            continue
        model, name = relation.related_model, relation.field.name
        pks = list(model._base_manager.filter(**{name: item.pk}).values_list("pk", flat=True))
        if pks:
            found.append({"model": model._meta.label, "field": name, "pks": pks})
    return found


def item_trash(*, item: PlanItem) -> TrashEntry:
    """Move an item with its log entries, reflections and evidence files to its owner's trash."""
    with transaction.atomic():
        item = PlanItem.objects.select_related("plan", "activity").get(pk=item.pk)
        entries = list(LogEntry.objects.filter(item=item).order_by("pk"))
        reflections = list(Reflection.objects.filter(item=item).order_by("pk"))
        trashed = TrashEntry.objects.create(
            owner_id=item.plan.user_id,
            kind=TrashEntry.Kind.ITEM,
            label=item.name[:300],
            school_year=item.plan.school_year,
            payload={
                "objects": _snapshot([item, *entries, *reflections]),
                "files": _files(entries),
                "pointers": _pointers(item),
                "log_entries": len(entries),
                "reflections": len(reflections),
            },
        )
        item.delete()  # the log entries and reflections go by CASCADE; the files stay on storage
    return trashed


def log_entry_trash(*, entry: LogEntry) -> TrashEntry:
    """Move one log entry with its evidence file to its owner's trash."""
    with transaction.atomic():
        entry = LogEntry.objects.select_related("item__plan", "item__activity").get(pk=entry.pk)
        trashed = TrashEntry.objects.create(
            owner_id=entry.item.plan.user_id,
            kind=TrashEntry.Kind.LOG_ENTRY,
            label=Truncator(entry.description).chars(LABEL_CHARS),
            school_year=entry.item.plan.school_year,
            payload={
                "objects": _snapshot([entry]),
                "files": _files([entry]),
                "pointers": [],
                "item": entry.item_id,
                "item_name": entry.item.name,
                "date": entry.date.isoformat(),
            },
        )
        entry.delete()
    return trashed


# --- Getting it back -------------------------------------------------------------------------------


class RestoreRefused(Exception):
    """It can't be restored (said in the owner's language); nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _refuse_unless_in_place(entry: TrashEntry, top: models.Model) -> None:
    label = entry.label
    if isinstance(top, PlanItem):
        if not DevelopmentPlan.objects.filter(pk=top.plan_id, user_id=entry.owner_id).exists():
            raise RestoreRefused(
                _(
                    "“%(label)s” can't be restored: your development plan %(year)s it was in no longer "
                    "exists. Nothing was changed."
                )
                % {"label": label, "year": entry.school_year}
            )
        if top.activity_id and not Activity.everything.filter(pk=top.activity_id).exists():
            raise RestoreRefused(
                _(
                    "“%(label)s” can't be restored: the activity it was based on is no longer offered. "
                    "Nothing was changed."
                )
                % {"label": label}
            )
    elif (
        isinstance(top, LogEntry)
        and not PlanItem.objects.filter(pk=top.item_id, plan__user_id=entry.owner_id).exists()
    ):
        raise RestoreRefused(
            _(
                "This log entry can't be restored: the activity it belongs to, “%(item)s”, is no longer "
                "in your plan. If that activity is in your trash, restore it first, then this log entry."
            )
            % {"item": entry.payload.get("item_name", "")}
        )


def _refuse_if_taken(entry: TrashEntry, objects: list[DeserializedObject]) -> None:
    for deserialized in objects:
        row = deserialized.object
        if type(row)._base_manager.filter(pk=row.pk).exists():
            raise RestoreRefused(
                _(
                    "“%(label)s” can't be restored: it, or part of it, is in your plan again already. "
                    "Nothing was changed."
                )
                % {"label": entry.label}
            )


def _without_dangling_references(objects: list[DeserializedObject]) -> list[DeserializedObject]:
    """Leave out what now points at nothing: a reference that deleting would have set to null is null
    (the earlier item it was carried from, a team goal), an aspect that is gone is not set, a reflection
    on an aspect that is gone is not restored."""
    kept = []
    for deserialized in objects:
        row = deserialized.object
        if isinstance(row, PlanItem):
            if row.carried_from_id and not PlanItem.objects.filter(pk=row.carried_from_id).exists():
                row.carried_from_id = None
            if row.team_goal_id and not TeamGoal.objects.filter(pk=row.team_goal_id).exists():
                row.team_goal_id = None
            wanted = (deserialized.m2m_data or {}).get("aspects", [])
            if deserialized.m2m_data is not None:
                deserialized.m2m_data["aspects"] = list(
                    Aspect.objects.filter(pk__in=wanted).values_list("pk", flat=True)
                )
        if isinstance(row, Reflection) and not Aspect.objects.filter(pk=row.aspect_id).exists():
            continue
        kept.append(deserialized)
    return kept


def _put_back_pointers(item_pk: int, pointers: list[dict[str, Any]]) -> None:
    for pointer in pointers:
        model = apps.get_model(pointer["model"])
        name = pointer["field"]
        model._base_manager.filter(pk__in=pointer["pks"], **{f"{name}__isnull": True}).update(
            **{name: item_pk}
        )


def trash_restore(*, entry: TrashEntry, now: datetime | None = None) -> PlanItem:
    """Put what the entry holds back where it was, with the same ids; its evidence files are still on
    storage. Returns the item restored, or the item the restored log entry is in. Raises
    ``RestoreRefused`` (and changes nothing) when it was restored already, is past ``TRASH_DAYS``, or has
    no place to go back to."""
    now = now or timezone.now()
    with transaction.atomic():
        current = TrashEntry.objects.select_for_update().get(pk=entry.pk)
        if current.restored_at is not None:
            day = formats.date_format(timezone.localtime(current.restored_at), "j F Y")
            raise RestoreRefused(
                _("“%(label)s” was restored already, on %(date)s. Nothing was changed.")
                % {"label": current.label, "date": day}
            )
        if is_expired(current, now):
            days = settings.TRASH_DAYS
            raise RestoreRefused(
                ngettext(
                    "“%(label)s” was deleted more than %(days)d day ago and can no longer be restored.",
                    "“%(label)s” was deleted more than %(days)d days ago and can no longer be restored.",
                    days,
                )
                % {"label": current.label, "days": days}
            )
        try:
            objects = list(serializers.deserialize("json", json.dumps(current.payload.get("objects", []))))
        except DeserializationError as exc:
            raise RestoreRefused(
                _("“%(label)s” can't be restored: what was kept of it no longer fits. Nothing was changed.")
                % {"label": current.label}
            ) from exc
        if not objects:
            raise RestoreRefused(_("There is nothing to restore in “%(label)s”.") % {"label": current.label})
        top = objects[0].object
        _refuse_unless_in_place(current, top)
        _refuse_if_taken(current, objects)
        for deserialized in _without_dangling_references(objects):
            deserialized.save()  # a raw save: the same id, the timestamps as they were
        if isinstance(top, PlanItem):
            _put_back_pointers(top.pk, current.payload.get("pointers", []))
        current.restored_at = now
        current.payload = {}  # the rows are back; the snapshot is not kept twice
        current.save(update_fields=["restored_at", "payload"])
        signals.changed(current.owner_id)  # raw saves and update() send no signal the counters hear
        item_pk = top.item_id if isinstance(top, LogEntry) else top.pk
    return PlanItem.objects.select_related("plan").get(pk=item_pk)


# --- The trash page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrashRow:
    pk: int
    kind: str
    kind_label: str
    label: str
    school_year: str
    item_name: str  # of a log entry: the activity it was in
    day: date | None  # of a log entry: its date
    contents: str  # of an item: what went with it, in words ("" for nothing)
    files: int
    deleted_at: datetime
    until: datetime


def trash_list(*, user: User, now: datetime | None = None) -> list[TrashRow]:
    """The person's trash: what they can still restore, the latest first."""
    cutoff = (now or timezone.now()) - period()
    entries = TrashEntry.objects.filter(owner=user, restored_at__isnull=True, deleted_at__gt=cutoff)
    return [
        TrashRow(
            pk=entry.pk,
            kind=entry.kind,
            kind_label=entry.get_kind_display(),
            label=entry.label,
            school_year=entry.school_year,
            item_name=str(entry.payload.get("item_name", "")),
            day=date.fromisoformat(entry.payload["date"]) if entry.payload.get("date") else None,
            contents=contents_text(
                ItemContents(
                    log_entries=int(entry.payload.get("log_entries", 0)),
                    reflections=int(entry.payload.get("reflections", 0)),
                    files=len(entry.payload.get("files", [])),
                )
            ),
            files=len(entry.payload.get("files", [])),
            deleted_at=entry.deleted_at,
            until=restorable_until(entry),
        )
        for entry in entries
    ]


# --- Files, the person's data, and purging ---------------------------------------------------------


def stored_file(name: str) -> FieldFile:
    """A stored evidence file by its storage name (its log entry row is in the trash, not the table)."""
    return LogEntry(evidence_file=name).evidence_file


def trashed_files(*, user: User) -> list[tuple[TrashEntry, dict[str, Any]]]:
    """The evidence files of what the person has in the trash (not restored): (entry, file) pairs."""
    entries = TrashEntry.objects.filter(owner=user, restored_at__isnull=True).order_by("pk")
    return [(entry, file) for entry in entries for file in entry.payload.get("files", [])]


def _in_use(name: str) -> bool:
    return LogEntry.objects.filter(evidence_file=name).exists()


@dataclass(frozen=True)
class Purged:
    entries: int
    files: int


def purge_expired(*, now: datetime | None = None) -> Purged:
    """Delete the trash entries deleted ``TRASH_DAYS`` or more ago, and the evidence files they kept.
    Each entry goes after its files, so a storage failure leaves it for the next run; running it again
    changes nothing. A file a live log entry uses (never expected) is left alone."""
    cutoff = (now or timezone.now()) - period()
    entries = files = 0
    for entry in TrashEntry.objects.filter(deleted_at__lte=cutoff).order_by("pk"):
        if entry.restored_at is None:
            for file in entry.payload.get("files", []):
                stored = stored_file(file["name"])
                if not _in_use(file["name"]) and stored.storage.exists(file["name"]):
                    stored.delete(save=False)
                    files += 1
        entry.delete()
        entries += 1
    return Purged(entries=entries, files=files)
