from django.db import models
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core.models import BaseModel
from ontwikkelwijzer.framework.constants import AspectCode, CategoryCode, SourceKind


class Framework(BaseModel):
    """One version of the framework as loaded from its data file.

    Versions live beside each other: loading a new one never rewrites an old one. The passages that
    are only read as a whole (texts, learning modes, audiences, the phase-1 overview, corrections)
    are kept in ``content`` as the file gives them.
    """

    code = models.SlugField(max_length=40)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    published = models.CharField(max_length=20)
    summary = models.TextField()
    content = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64)

    class Meta:
        ordering = ["code", "version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_unique_version")]
        verbose_name = _("framework")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Aspect(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aspects")
    code = models.CharField(max_length=20, choices=AspectCode.choices)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100)
    description = models.TextField()
    appendix_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="aspect_unique_code")]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=20, choices=CategoryCode.choices)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100)
    description = models.TextField()
    literature_label = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="category_unique_code")]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sources")
    code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    short = models.CharField(max_length=200)
    citation = models.TextField()
    language = models.CharField(max_length=10, default="nl")  # of the citation (the page's lang attribute)
    findings = models.JSONField(default=dict)  # category code -> list of passages

    class Meta:
        ordering = ["kind", "short"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="source_unique_code")]

    def __str__(self) -> str:
        return self.short


class FrameworkActivities(models.Manager):
    """The framework's own 34 activities: what everyone sees. A school's own activities (``organisation``
    set) are only reached on purpose, through ``Activity.everything`` (``framework.own``)."""

    def get_queryset(self):
        return super().get_queryset().filter(organisation__isnull=True)


class Activity(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="activities")
    # A school's own activity (an in-house course, a regional network): seen only by its people.
    organisation = models.ForeignKey(
        "teams.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="own_activities"
    )
    description = models.TextField(blank=True)  # own activities only; the framework's are in contributions
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="activities")
    position = models.PositiveIntegerField()
    informal = models.BooleanField(default=False)
    formal = models.BooleanField(default=False)
    involves_workfield = models.BooleanField(default=False)
    touches_curriculum = models.BooleanField(default=False)
    estimated_hours = models.PositiveSmallIntegerField(default=8)
    # Stemmed words of the name and of the contribution texts, made on load, for Dutch search.
    search_name = models.TextField(blank=True)
    search_body = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, through="ActivitySource", related_name="activities")

    objects = FrameworkActivities()
    everything = models.Manager()  # noqa: DJ012 (ruff takes a second manager for a field)

    class Meta:
        ordering = ["position"]
        base_manager_name = "everything"  # a plan item still reaches its school's own activity
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="activity_unique_code"),
            models.CheckConstraint(
                condition=models.Q(informal=True) | models.Q(formal=True), name="activity_has_learning_mode"
            ),
        ]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name

    @property
    def learning(self) -> list[str]:
        return [mode for mode, on in (("informal", self.informal), ("formal", self.formal)) if on]

    @property
    def learning_mark(self) -> str:
        return "/".join(mark for mark, on in (("I", self.informal), ("F", self.formal)) if on)


class Contribution(models.Model):
    """What an activity contributes to one aspect, in the framework's words."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contributions")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="contributions")
    text = models.TextField()

    class Meta:
        ordering = ["aspect__number"]
        constraints = [models.UniqueConstraint(fields=["activity", "aspect"], name="contribution_unique")]

    def __str__(self) -> str:
        return f"{self.activity} → {self.aspect}"


class ActivitySource(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="source_links")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="activity_links")
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["activity", "source"], name="activity_source_unique")]

    def __str__(self) -> str:
        return f"{self.activity} ← {self.source}"


class ScanStatement(models.Model):
    """A self-scan statement about one aspect, with the activities that address it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scan_statements")
    code = models.SlugField(max_length=60)
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="scan_statements")
    text = models.TextField()
    position = models.PositiveIntegerField()
    activities = models.ManyToManyField(Activity, related_name="scan_statements")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="scan_statement_unique_code")
        ]

    def __str__(self) -> str:
        return self.text
