"""The school's own record of how it is set up: who changed teams, roles, invitations, hours, partners and
who was marked as having left, and when. The school's administrators read it (``views.admin.audit``).

Names are kept as text, so an entry stays readable after an account is deleted; an entry says what
changed about whom, never what is in anyone's plan.
"""

from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams.models import Organisation, SchoolEvent

SUBJECT_LENGTH = 300  # SchoolEvent.subject
DETAIL_LENGTH = 500  # SchoolEvent.detail
ACTIONS = {
    "school_created": _("created the school"),
    "school_renamed": _("renamed the school"),
    "team_created": _("created a team"),
    "team_renamed": _("renamed a team"),
    "invited": _("invited"),
    "invitation_resent": _("sent an invitation again"),
    "invitation_revoked": _("revoked an invitation"),
    "role_taken": _("took a role away"),
    "member_removed": _("removed from a team"),
    "moved": _("asked to move to another team"),
    "left": _("marked as having left the school"),
    "hours_changed": _("changed the hours rule of"),
    "partner_changed": _("changed a work-field partner"),
    "contact_deactivated": _("deactivated a partner's contact"),
    "partnership_ended": _("ended a partnership"),
}


def school_event(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    subject: str = "",
    detail: str = "",
    about: User | None = None,
) -> SchoolEvent:
    """Write down a change to the school's set-up (``ACTIONS`` names them); ``about``: the person it was
    about, when it was one (``subject`` then names them)."""
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
    )


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))
