"""The team plans move from the teams app to this one, with their rows: the models join this app's state
as they are, then their tables are renamed (``teams_teamplan`` -> ``plans_teamplan``). ``teams`` 0007 drops
them from its state; nothing is copied or lost."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("framework", "0004_activity_touches_curriculum"),
        ("plans", "0002_planitem_team_goal_conversationnote"),
        ("teams", "0006_school_email_domains"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TeamGoal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("text", models.TextField(verbose_name="goal")),
                        (
                            "aspect",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="framework.aspect",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "teams_teamgoal",
                        "ordering": ["aspect__number", "pk"],
                    },
                ),
                migrations.AlterField(
                    model_name="planitem",
                    name="team_goal",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="plan_items",
                        to="plans.teamgoal",
                        verbose_name="team goal",
                    ),
                ),
                migrations.CreateModel(
                    name="TeamPlan",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("school_year", models.CharField(max_length=9)),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="plans",
                                to="teams.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "teams_teamplan",
                        "ordering": ["-school_year"],
                    },
                ),
                migrations.AddField(
                    model_name="teamgoal",
                    name="team_plan",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="goals", to="plans.teamplan"
                    ),
                ),
                migrations.CreateModel(
                    name="TeamActivity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("title", models.CharField(blank=True, max_length=200, verbose_name="title")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "phase",
                            models.CharField(
                                choices=[("plan", "Plan"), ("do", "Do"), ("check", "Check"), ("act", "Act")],
                                default="plan",
                                max_length=10,
                                verbose_name="phase",
                            ),
                        ),
                        (
                            "activity",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="framework.activity",
                            ),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="activities",
                                to="plans.teamgoal",
                            ),
                        ),
                        (
                            "team_plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="activities",
                                to="plans.teamplan",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "teams_teamactivity",
                        "ordering": ["pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="teamplan",
                    constraint=models.UniqueConstraint(
                        fields=("team", "school_year"), name="team_plan_one_per_year"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="teamactivity",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("activity__isnull", True), ("title", ""), _negated=True),
                        name="team_activity_has_activity_or_title",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="teamplan", table=None),
        migrations.AlterModelTable(name="teamgoal", table=None),
        migrations.AlterModelTable(name="teamactivity", table=None),
    ]
