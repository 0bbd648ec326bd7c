from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_MIN_GROUP = 5  # aggregated scan results only for groups at least this big
MIN_GROUP_FLOOR = 3  # ...and never below this
INVITATION_DAYS = 14
DEFAULT_DEVELOPMENT_HOURS = Decimal("59")


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    TEAM_LEADER = "team_leader", _("Team leader")
    HR = "hr", _("HR / policy")
    CURRICULUM = "curriculum", _("Curriculum developer")
    PARTNER = "partner", _("Work-field partner")
    ADMIN = "admin", _("Administrator")


TEAM_ROLES = (Role.TEACHER, Role.TEAM_LEADER)
ORGANISATION_ROLES = (Role.HR, Role.CURRICULUM, Role.PARTNER, Role.ADMIN)
