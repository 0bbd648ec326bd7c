from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".txt": "text/plain",
}


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CARRIED_OVER = "carried_over", _("Carried over to next year")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)
# what a plan counts (hours planned, progress, the overviews): all but cancelled and carried over
COUNTED_STATUSES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)


class PdcaPhase(models.TextChoices):
    """Where an activity of a teacher's plan is in the PDCA cycle, from what is written in it."""

    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACT = "act", _("Act")


def pdca_phase(*, status: str, logged: bool, reflected: bool, follow_up: bool) -> PdcaPhase:
    """Act once a follow-up is written, check once reflected on, do once started or logged, plan before."""
    if follow_up:
        return PdcaPhase.ACT
    if reflected:
        return PdcaPhase.CHECK
    if logged or status != ItemStatus.PLANNED:
        return PdcaPhase.DO
    return PdcaPhase.PLAN
