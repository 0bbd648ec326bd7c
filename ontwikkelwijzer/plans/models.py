from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core.models import BaseModel
from ontwikkelwijzer.framework.models import Activity, Aspect, Framework
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.teams.models import Team


class DevelopmentPlan(BaseModel):
    """A teacher's development plan (ontwikkelplan) for one school year, e.g. "2026-2027"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans")
    school_year = models.CharField(max_length=9)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    budget_hours = models.DecimalField(max_digits=6, decimal_places=1)

    class Meta:
        ordering = ["-school_year"]
        constraints = [models.UniqueConstraint(fields=["user", "school_year"], name="plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.user} {self.school_year}"


class PlanItem(BaseModel):
    """One planned activity: from the framework, or the teacher's own."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    goal = models.TextField(_("goal"))
    aspects = models.ManyToManyField(Aspect, verbose_name=_("aspects"), related_name="+")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team_goal = models.ForeignKey(
        "plans.TeamGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("team goal"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="item_end_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(activity__isnull=True, title=""), name="item_has_activity_or_title"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.title or (self.activity.name if self.activity_id else "")


class LogEntry(BaseModel):
    """Do: a dated note of what was done, with evidence as a link or a file."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="log_entries")
    date = models.DateField(_("date"))
    description = models.TextField(_("what did you do?"))
    hours_spent = models.DecimalField(
        _("hours spent"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    evidence_url = models.URLField(_("link to evidence"), blank=True, max_length=500)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="evidence/%Y/%m/", blank=True, max_length=300
    )
    evidence_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = _("log entries")

    def __str__(self) -> str:
        return f"{self.date} {self.item}"


class Reflection(BaseModel):
    """Check: what an item yielded for one aspect, on a scale and in words."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reflections")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("yield"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("what did it yield?"))

    class Meta:
        ordering = ["aspect__number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "aspect"], name="reflection_one_per_aspect"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="reflection_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.aspect}"


class ReminderSent(models.Model):
    """That a reminder was mailed, so the daily run sends each one only once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)  # "item_ending" or "year_end"
    key = models.CharField(max_length=60)  # the item id, or the school year
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class ConversationNote(BaseModel):
    """An agreement from the yearly conversation (gesprekkencyclus), on the teacher's plan; both see it."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="conversation_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=300)
    date = models.DateField(_("date of the conversation"))
    text = models.TextField(_("agreements"))

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.author_name}"


# --- The team's plan (a team leader's) ------------------------------------------------------------


class TeamPlan(BaseModel):
    """The team's professionalisation plan for a school year: goals per aspect and team activities."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="plans")
    school_year = models.CharField(max_length=9)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-school_year"]
        constraints = [models.UniqueConstraint(fields=["team", "school_year"], name="team_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.team} {self.school_year}"


class TeamGoal(BaseModel):
    team_plan = models.ForeignKey(TeamPlan, on_delete=models.CASCADE, related_name="goals")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("goal"))

    class Meta:
        ordering = ["aspect__number", "pk"]

    def __str__(self) -> str:
        return self.text


class TeamActivity(BaseModel):
    """A planned team activity (a PLG, a werkveldcommissie, co-design with partners), in the team's PDCA."""

    class Phase(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        CHECK = "check", _("Check")
        ACT = "act", _("Act")

    team_plan = models.ForeignKey(TeamPlan, on_delete=models.CASCADE, related_name="activities")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    goal = models.ForeignKey(
        TeamGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.PLAN)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(activity__isnull=True, title=""),
                name="team_activity_has_activity_or_title",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.activity)


# --- Undoing: the trash and carrying over ----------------------------------------------------------


class TrashEntry(models.Model):
    """Something of a teacher's own plan that they deleted, restorable by them for ``TRASH_DAYS``.

    The rows themselves are deleted (so every other query, and the counters, see them gone); ``payload``
    keeps them as Django's serializer wrote them (``objects``), with the evidence files they name, which
    stay on storage until the entry is purged (``files``). See ``plans/trash.py``."""

    class Kind(models.TextChoices):
        ITEM = "item", _("Activity")
        LOG_ENTRY = "log_entry", _("Log entry")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=300)  # in the owner's words: the item's title, the entry's text
    school_year = models.CharField(max_length=9)  # of the plan it was in
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name_plural = _("trash entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.label}"


class CarryOver(BaseModel):
    """One step of taking unfinished activities over from the school year before into ``plan``: which
    copies it made of which originals (and their status before), so that it can be undone as one step.

    ``items``: ``[{"copy": pk, "original": pk, "status": the original's status before}]``."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="carry_overs")
    from_year = models.CharField(max_length=9)
    items = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_year} → {self.plan}"

    @property
    def copies(self) -> list[int]:
        return [int(row["copy"]) for row in self.items]
