"""On SQLite, parallel saves wait for each other instead of failing with "database is locked".

Runs in a fresh process against a database file (the test database is in memory, where locking differs),
with the SQLite settings of config/settings.py: 50 threads, each with its own connection, start at once
and each reads, then writes, in one transaction, the pattern of a save (read the row, check, write).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = r"""
import json, threading
import django
django.setup()
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from ontwikkelwijzer.accounts.models import User

call_command("migrate", "accounts", verbosity=0)
shared = User.objects.create_user(email="gedeeld@school.nl", password=None)
connection.close()
start = threading.Barrier(50)
errors = []

def save(n):
    try:
        start.wait()
        with transaction.atomic():
            row = User.objects.get(pk=shared.pk)  # read first ...
            row.first_name = f"Naam {n}"
            row.save(update_fields=["first_name"])  # ... then write
            User.objects.create_user(email=f"persoon{n}@school.nl", password=None)
    except OperationalError as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save, args=(n,)) for n in range(50)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
options = connection.settings_dict["OPTIONS"]
print(json.dumps({"errors": errors, "people": User.objects.count(), "options": options}))
"""


def test_fifty_parallel_saves_on_sqlite_all_succeed(tmp_path: Path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DEBUG="false",
        SECRET_KEY="concurrency-test-secret-key",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["people"] == 51
    assert outcome["options"]["transaction_mode"] == "IMMEDIATE"
