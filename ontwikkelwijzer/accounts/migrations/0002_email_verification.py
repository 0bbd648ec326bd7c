"""Confirmed e-mail addresses and single sign-on subjects, and the table of the throttling counters.

Accounts that exist already count as confirmed since they joined: they were made before sign-up needed a
confirmation, by people and schools the app trusted then."""

import django.utils.timezone
from django.core.management import call_command
from django.db import migrations, models
from django.db.models import F

THROTTLE_TABLE = "accounts_throttle"  # settings.CACHES["throttle"]


def existing_accounts_are_confirmed(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.using(schema_editor.connection.alias).update(email_verified_at=F("date_joined"))


def create_throttle_table(apps, schema_editor):
    call_command("createcachetable", THROTTLE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_throttle_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(THROTTLE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="e-mail address confirmed at"),
        ),
        migrations.RunPython(existing_accounts_are_confirmed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="e-mail address confirmed at",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="oidc_subject",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=255,
                null=True,
                unique=True,
                verbose_name="single sign-on subject",
            ),
        ),
        migrations.RunPython(create_throttle_table, drop_throttle_table),
    ]
