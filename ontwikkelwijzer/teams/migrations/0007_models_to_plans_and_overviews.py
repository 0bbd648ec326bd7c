"""The team plans move to ``plans`` and the overview counters to ``overviews`` (their migrations 0003 and
0001 take over the tables and rename them). This one only forgets the models in this app's state, and moves
their content types along so permissions given on them stay attached."""

from django.db import migrations

MOVED = {
    "teamplan": "plans",
    "teamgoal": "plans",
    "teamactivity": "plans",
    "groupstats": "overviews",
    "userstats": "overviews",
    "scanpublication": "overviews",
    "scansnapshot": "overviews",
}


def move_content_types(apps, schema_editor, forward=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED.items():
        source, target = ("teams", app) if forward else (app, "teams")
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("overviews", "0001_counters_from_teams"),
        ("plans", "0003_team_plans_from_teams"),
        ("teams", "0006_school_email_domains"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="groupstats",
                    name="group_stats_one_per_team_year",
                ),
                migrations.RemoveConstraint(
                    model_name="groupstats",
                    name="group_stats_one_per_organisation_year",
                ),
                migrations.RemoveConstraint(
                    model_name="scanpublication",
                    name="scan_publication_one_per_year",
                ),
                migrations.RemoveConstraint(
                    model_name="scansnapshot",
                    name="scan_snapshot_one_per_team",
                ),
                migrations.RemoveConstraint(
                    model_name="scansnapshot",
                    name="scan_snapshot_one_per_group",
                ),
                migrations.RemoveConstraint(
                    model_name="teamactivity",
                    name="team_activity_has_activity_or_title",
                ),
                migrations.RemoveField(
                    model_name="teamgoal",
                    name="aspect",
                ),
                migrations.RemoveField(
                    model_name="teamgoal",
                    name="team_plan",
                ),
                migrations.RemoveConstraint(
                    model_name="teamplan",
                    name="team_plan_one_per_year",
                ),
                migrations.RemoveField(
                    model_name="groupstats",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="groupstats",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="scanpublication",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="scansnapshot",
                    name="publication",
                ),
                migrations.RemoveField(
                    model_name="scansnapshot",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="teamactivity",
                    name="activity",
                ),
                migrations.RemoveField(
                    model_name="teamactivity",
                    name="goal",
                ),
                migrations.RemoveField(
                    model_name="teamactivity",
                    name="team_plan",
                ),
                migrations.RemoveField(
                    model_name="teamplan",
                    name="team",
                ),
                migrations.DeleteModel(
                    name="UserStats",
                ),
                migrations.DeleteModel(
                    name="GroupStats",
                ),
                migrations.DeleteModel(
                    name="ScanPublication",
                ),
                migrations.DeleteModel(
                    name="ScanSnapshot",
                ),
                migrations.DeleteModel(
                    name="TeamGoal",
                ),
                migrations.DeleteModel(
                    name="TeamActivity",
                ),
                migrations.DeleteModel(
                    name="TeamPlan",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
