"""The overview counters and the published scan figures move from the teams app to this one, with their
rows: the models join this app's state as they are, then their tables are renamed (``teams_groupstats`` ->
``overviews_groupstats``). ``teams`` 0007 drops them from its state; nothing is copied or lost."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_email_verification"),
        ("teams", "0006_school_email_domains"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="UserStats",
                    fields=[
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        ("contributions", models.JSONField(default=dict)),
                    ],
                    options={
                        "db_table": "teams_userstats",
                    },
                ),
                migrations.CreateModel(
                    name="ScanPublication",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("school_year", models.CharField(max_length=9)),
                        ("published_at", models.DateTimeField()),
                        ("pending", models.JSONField(default=dict)),
                        ("dirty", models.BooleanField(default=False)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="teams.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "teams_scanpublication",
                    },
                ),
                migrations.CreateModel(
                    name="ScanSnapshot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "group",
                            models.CharField(
                                choices=[
                                    ("team", "Team"),
                                    ("no_team", "No Team"),
                                    ("organisation", "Organisation"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("counts", models.JSONField(default=dict)),
                        (
                            "publication",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="groups",
                                to="overviews.scanpublication",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="teams.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "teams_scansnapshot",
                    },
                ),
                migrations.CreateModel(
                    name="GroupStats",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("school_year", models.CharField(blank=True, max_length=9)),
                        ("counts", models.JSONField(default=dict)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="teams.organisation",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="teams.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "teams_groupstats",
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("team__isnull", False)),
                                fields=("organisation", "team", "school_year"),
                                name="group_stats_one_per_team_year",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("team__isnull", True)),
                                fields=("organisation", "school_year"),
                                name="group_stats_one_per_organisation_year",
                            ),
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="scanpublication",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "school_year"), name="scan_publication_one_per_year"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scansnapshot",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("team__isnull", False)),
                        fields=("publication", "team"),
                        name="scan_snapshot_one_per_team",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scansnapshot",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("team__isnull", True)),
                        fields=("publication", "group"),
                        name="scan_snapshot_one_per_group",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="userstats", table=None),
        migrations.AlterModelTable(name="scanpublication", table=None),
        migrations.AlterModelTable(name="scansnapshot", table=None),
        migrations.AlterModelTable(name="groupstats", table=None),
    ]
