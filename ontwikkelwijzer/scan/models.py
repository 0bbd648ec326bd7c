from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ontwikkelwijzer.core.models import BaseModel
from ontwikkelwijzer.framework.models import Activity, Framework, ScanStatement
from ontwikkelwijzer.scan.constants import LearningPreference


class Scan(BaseModel):
    """One completed self-scan of a person, against one framework version."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scans")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    learning_preference = models.CharField(
        max_length=10, choices=LearningPreference.choices, default=LearningPreference.ANY
    )
    hours_available = models.PositiveSmallIntegerField(null=True, blank=True)
    done_activities = models.ManyToManyField(Activity, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class ScanAnswer(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(ScanStatement, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )  # null: not applicable

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scan", "statement"], name="scan_answer_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="scan_answer_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.value}"
