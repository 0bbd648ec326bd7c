"""The school's own record of how it is set up: who changed teams, roles, invitations, hours, partners, the
school's settings, who imported a list of people, who accepted an invitation, who left a group themselves
and who was marked as having left, and when. The school's administrators read it (``views.admin.audit``).

Names are kept as text, so an entry stays readable after an account is deleted; an entry says what
changed about whom, never what is in anyone's plan. What is in words (a role, "open link", a setting's
name, whether someone teaches) is stored as a code in ``SchoolEvent.data`` and put in words when the entry
is read (``subject_text``, ``detail_text``), so each reader reads it in their own language; ``detail``
holds what needs no translating (a group's name, a date), or, for older entries and the work field's, the
text as it was written.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.dates import short_date
from ontwikkelwijzer.core.numbers import written
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Invitation, Organisation, SchoolEvent

SUBJECT_LENGTH = 300  # SchoolEvent.subject
DETAIL_LENGTH = 500  # SchoolEvent.detail
ACTIONS = {
    "school_created": gettext_lazy("created the school"),
    "school_renamed": gettext_lazy("renamed the school"),
    "settings_changed": gettext_lazy("changed the school's settings"),
    "team_created": gettext_lazy("created a team"),
    "team_renamed": gettext_lazy("renamed a team"),
    "invited": gettext_lazy("invited"),
    "link_created": gettext_lazy("made an invitation link"),
    "imported": gettext_lazy("imported a list of people"),
    "invitation_resent": gettext_lazy("sent an invitation again"),
    "invitation_revoked": gettext_lazy("revoked an invitation"),
    "accepted": gettext_lazy("accepted an invitation"),
    "role_taken": gettext_lazy("took a role away"),
    "member_removed": gettext_lazy("removed from a team"),
    "left_group": gettext_lazy("left a group themselves"),
    "moved": gettext_lazy("asked to move to another team"),
    "left": gettext_lazy("marked as having left the school"),
    "hours_changed": gettext_lazy("changed the hours rule of"),
    "partner_changed": gettext_lazy("changed a work-field partner"),
    "contact_deactivated": gettext_lazy("deactivated a partner's contact"),
    "partnership_ended": gettext_lazy("ended a partnership"),
}
# The settings an entry "settings_changed" names, by field (``services.school_settings_save``).
SETTINGS = ("email_domains", "development_hours", "other_development_hours", "min_group_size")


def school_event(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    subject: str = "",
    detail: str = "",
    about: User | None = None,
    data: dict[str, Any] | None = None,
) -> SchoolEvent:
    """Write down a change to the school's set-up (``ACTIONS`` names them); ``about``: the person it was
    about, when it was one (``subject`` then names them); ``data``: what ``detail_text`` puts in words
    (``role``: a role's code; ``link``: an open invitation link; see there for the others)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown school event {action!r}")
    return SchoolEvent.objects.create(
        organisation=organisation,
        actor=actor,
        actor_name=str(actor) if actor is not None else str(_("the operator")),
        action=action,
        subject=(subject or (str(about) if about is not None else ""))[:SUBJECT_LENGTH],
        subject_user=about,
        detail=detail[:DETAIL_LENGTH],
        data=data or {},
    )


def invitations_written(*, organisation: Organisation, actor: User, invitations: list[Invitation]) -> None:
    """An entry "invited" for each of many personal invitations at once (a CSV import), in one query."""
    actor_name = str(actor)
    SchoolEvent.objects.bulk_create(
        SchoolEvent(
            organisation=organisation,
            actor=actor,
            actor_name=actor_name,
            action="invited",
            subject=invitation.email[:SUBJECT_LENGTH],
            detail=(invitation.team.name if invitation.team else organisation.name)[:DETAIL_LENGTH],
            data=role_data(invitation.role),
        )
        for invitation in invitations
    )


def role_data(role: str) -> dict[str, str]:
    return {"role": str(role)}


def rule_data(*, teaching: bool, fte: Decimal | None) -> dict[str, Any]:
    """A person's hours rule (``hours.appointment_save``), for ``rule_text``."""
    return {"teaching": teaching, "fte": None if fte is None else str(fte)}


def rule_text(rule: dict[str, Any] | None) -> str:
    """A person's hours rule in words: "teaching, 0.8 FTE"; None: no rule set (teaching, own FTE)."""
    if rule is None:
        return _("teaching, own FTE")
    group = _("teaching") if rule.get("teaching", True) else _("outside the primary process")
    if rule.get("fte") is None:
        return _("%(group)s, own FTE") % {"group": group}
    return _("%(group)s, %(fte)s FTE") % {"group": group, "fte": written(Decimal(rule["fte"]))}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def subject_text(event: SchoolEvent) -> str:
    """Whom or what the entry is about, in the reader's language."""
    if event.data.get("link"):
        return _("open link")
    return event.subject


def _role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _setting_label(name: str) -> str:
    try:
        field = Organisation._meta.get_field(name)
    except FieldDoesNotExist:  # a setting that is no longer a field
        return name
    return str(getattr(field, "verbose_name", name))


def _value(value: object) -> str:
    if value in (None, ""):
        return _("none")
    try:
        return written(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def detail_text(event: SchoolEvent) -> str:
    """The entry's details, in the reader's language (see the module's docstring)."""
    data = event.data or {}
    parts: list[str] = []
    if "role" in data:
        parts.append(_role_label(data["role"]))
    if "invited" in data:
        invited, unchanged, refused = (data.get(key, 0) for key in ("invited", "unchanged", "refused"))
        parts.append(
            ngettext("%(count)s person invited", "%(count)s people invited", invited) % {"count": invited}
        )
        parts.append(
            ngettext("%(count)s already there", "%(count)s already there", unchanged) % {"count": unchanged}
        )
        parts.append(
            ngettext("%(count)s row refused", "%(count)s rows refused", refused) % {"count": refused}
        )
    if "changes" in data:
        parts.append(
            "; ".join(
                f"{_setting_label(name)}: {_value(before)} → {_value(after)}"
                for name, before, after in data["changes"]
            )
        )
    if "was" in data or "now" in data:
        parts.append(f"{rule_text(data.get('was'))} → {rule_text(data.get('now'))}")
    if event.detail:
        parts.append(_date_or_text(event))
    return ", ".join(parts)


def _date_or_text(event: SchoolEvent) -> str:
    if event.action == "left":
        try:
            return short_date(date.fromisoformat(event.detail))
        except ValueError:
            pass
    return event.detail
