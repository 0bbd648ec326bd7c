from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = range(1, 6)
NOT_APPLICABLE = "nvt"


class LearningPreference(models.TextChoices):
    ANY = "any", _("No preference")
    INFORMAL = "informal", _("Informal: learning in and from my daily work")
    FORMAL = "formal", _("Formal: courses, training, structured programmes")
