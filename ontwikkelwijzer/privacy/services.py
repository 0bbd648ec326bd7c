"""A person's own data: everything in one download (right of access) and the deletion of the account with
everything in it (right to erasure). What each app holds comes from its ``personal_data`` module."""

import json
import shutil
import tempfile
import zipfile
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.privacy.parts import parts

FORMAT = "ontwikkelwijzer-mijn-gegevens/1"
INDEX = "index.json"
# The download is built in memory up to this size, then in a temporary file: evidence can add up to a few
# hundred MB for one person.
IN_MEMORY_BYTES = 16 * 1024 * 1024
COPY_CHUNK = 1024 * 1024


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the application holds about this person, as plain data: one entry per app, in a fixed
    order (that of INSTALLED_APPS)."""
    index: dict[str, Any] = {"format": FORMAT, "exported_at": timezone.now()}
    for part in parts():
        index[part.label] = part.export(user)
    return index


def user_files(*, user: User) -> list[tuple[str, FieldFile]]:
    """The person's uploaded files as (path in the download, stored file)."""
    return [pair for part in parts() for pair in part.files(user)]


def index_json(index: dict[str, Any]) -> str:
    return json.dumps(index, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def user_export_archive(*, user: User) -> IO[bytes]:
    """One zip: ``index.json`` with all the data and the uploaded files (under ``bewijs/``), in a temporary
    file positioned at the start; the caller closes it. A file missing from storage is listed in the index
    under ``missing_files`` instead."""
    index = user_data_export(user=user)
    stamp = timezone.localtime().timetuple()[:6]
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - the response closes it
    missing = []
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path, stored in user_files(user=user):
                try:
                    source = stored.open("rb")
                except OSError:
                    missing.append(path)
                    continue
                # Evidence is mostly compressed already (PDF, JPG, Office): stored as it is.
                with source, archive.open(zipfile.ZipInfo(path, date_time=stamp), "w") as target:
                    shutil.copyfileobj(source, target, COPY_CHUNK)
            if missing:
                index["missing_files"] = missing
            archive.writestr(zipfile.ZipInfo(INDEX, date_time=stamp), index_json(index), zipfile.ZIP_DEFLATED)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def user_delete(*, user: User) -> None:
    """Delete the account and everything of the person. Each app's ``erase`` runs first, in one
    transaction with the deletion (rows that go by CASCADE need nothing); what must wait for the commit
    (deleting files, telling a partner) runs after it, each step on its own so one failure stops no other."""
    with transaction.atomic():
        after_commit = [step for part in parts() for step in part.erase(user)]
        user.delete()
        for step in after_commit:
            transaction.on_commit(step, robust=True)  # robust: a failure is logged, the next step runs
