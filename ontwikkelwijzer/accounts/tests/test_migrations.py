"""The data part of migration 0002: accounts that existed count as confirmed since they joined, and the
table of the throttling counters is made (and dropped again when migrating back)."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User

pytestmark = pytest.mark.django_db
migration = importlib.import_module("ontwikkelwijzer.accounts.migrations.0002_email_verification")


def editor():
    """What the migration's functions use of a schema editor (inside the test's transaction, undone after)."""

    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    return SimpleNamespace(connection=connection, execute=execute, quote_name=connection.ops.quote_name)


def test_existing_accounts_count_as_confirmed_at_the_day_they_joined():
    joined = timezone.now() - timedelta(days=400)
    old = User.objects.create_user(email="oud@school.nl", date_joined=joined, email_verified_at=None)

    migration.existing_accounts_are_confirmed(apps, editor())

    old.refresh_from_db()
    assert old.email_verified_at == joined


def test_the_throttle_table_is_made_and_dropped():
    migration.drop_throttle_table(apps, editor())
    assert migration.THROTTLE_TABLE not in connection.introspection.table_names()

    migration.create_throttle_table(apps, editor())
    assert migration.THROTTLE_TABLE in connection.introspection.table_names()
