"""What the team and organisation overviews are read from: counters kept up to date on every write
(``overviews.stats``) and the self-scan figures as last published (``overviews.snapshots``). Derived
data: ``manage.py rebuild_overviews`` recomputes all of it from the plans, scans and memberships."""

from django.conf import settings
from django.db import models

from ontwikkelwijzer.teams.models import Organisation, Team

# --- Overview figures kept up to date on write (overviews.stats) ---------------------------------------


class GroupStats(models.Model):
    """The counters of a team (or, team empty, of the whole organisation) in a school year (empty: the
    counters that do not depend on the year, such as the number of teachers). Kept up to date on every
    write by ``overviews.stats``; ``manage.py rebuild_overviews`` recomputes them from the plans and scans."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    school_year = models.CharField(max_length=9, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "team", "school_year"],
                condition=models.Q(team__isnull=False),
                name="group_stats_one_per_team_year",
            ),
            models.UniqueConstraint(
                fields=["organisation", "school_year"],
                condition=models.Q(team__isnull=True),
                name="group_stats_one_per_organisation_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.team_id or '-'}/{self.school_year or '-'}"


class UserStats(models.Model):
    """What one person's plans and scans add to each ``GroupStats`` row, as last applied: the next change
    is applied as the difference from this."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    contributions = models.JSONField(default=dict)  # "organisation:team:school_year" -> counters

    def __str__(self) -> str:
        return str(self.user_id)


# --- Self-scan figures as published, not live (overviews.snapshots) ---------------------------------------


class ScanPublication(models.Model):
    """When the self-scan figures of an organisation's groups in a school year were last published, and who
    changed since: per person the scan part they had in the published figures (``overviews.snapshots``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    school_year = models.CharField(max_length=9)
    published_at = models.DateTimeField()
    # person (user id, or an unlinked token once their account is gone) -> [cell, scan counters] or None
    pending = models.JSONField(default=dict)
    dirty = models.BooleanField(default=False)  # a scan part changed since the last look at ``pending``

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "school_year"], name="scan_publication_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.school_year}"


class ScanSnapshot(models.Model):
    """The self-scan counters of one group as published: a team (its teachers whose home team it is), the
    teachers of the organisation without a team, or everyone (counts only)."""

    class Group(models.TextChoices):
        TEAM = "team"
        NO_TEAM = "no_team"
        ORGANISATION = "organisation"

    publication = models.ForeignKey(ScanPublication, on_delete=models.CASCADE, related_name="groups")
    group = models.CharField(max_length=12, choices=Group.choices)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "team"],
                condition=models.Q(team__isnull=False),
                name="scan_snapshot_one_per_team",
            ),
            models.UniqueConstraint(
                fields=["publication", "group"],
                condition=models.Q(team__isnull=True),
                name="scan_snapshot_one_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}/{self.group}/{self.team_id or '-'}"
