import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0003_overview_counters"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScanPublication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("school_year", models.CharField(max_length=9)),
                ("published_at", models.DateTimeField()),
                ("pending", models.JSONField(default=dict)),
                ("dirty", models.BooleanField(default=False)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="teams.organisation"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "school_year"), name="scan_publication_one_per_year"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ScanSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "group",
                    models.CharField(
                        choices=[("team", "Team"), ("no_team", "No Team"), ("organisation", "Organisation")],
                        max_length=12,
                    ),
                ),
                ("counts", models.JSONField(default=dict)),
                (
                    "publication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="groups",
                        to="teams.scanpublication",
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
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("team__isnull", False)),
                        fields=("publication", "team"),
                        name="scan_snapshot_one_per_team",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("team__isnull", True)),
                        fields=("publication", "group"),
                        name="scan_snapshot_one_per_group",
                    ),
                ],
            },
        ),
    ]
