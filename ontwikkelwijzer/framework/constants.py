from django.db import models
from django.utils.translation import gettext_lazy as _


class AspectCode(models.TextChoices):
    COMPETENCE = "competence", _("Vocational competence")
    IDENTITY = "identity", _("Vocational identity")
    WORKFIELD = "workfield", _("Work-field collaboration")


class CategoryCode(models.TextChoices):
    PRACTICE = "practice", _("Professional practice")
    EXPERTISE = "expertise", _("Subject and didactic expertise")
    DEVELOPMENT = "development", _("Education development")


class LearningMode(models.TextChoices):
    INFORMAL = "informal", _("Informal")
    FORMAL = "formal", _("Formal")


class SourceKind(models.TextChoices):
    LITERATURE = "literature", _("Literature")
    PROJECT = "project", _("Project report")
