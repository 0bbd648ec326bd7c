"""Backup and restore of the database and the uploaded files, as one .tar.gz archive.

SQLite is copied with its online backup API (safe while the app runs); PostgreSQL with pg_dump in its
custom format and restored with pg_restore. Uploaded files (MEDIA_ROOT) travel in the same archive.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT_VERSION = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(Exception):
    pass


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backup of a {connection.vendor} database is not supported")
    return connection.vendor


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed; it is needed for PostgreSQL backups")
    result = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_create(*, output: Path) -> Path:
    """Write the database and uploaded files to ``output`` (a .tar.gz); return its path."""
    vendor = _vendor()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if vendor == "sqlite":
            db_file = Path(tmp) / SQLITE_MEMBER
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            db_file = Path(tmp) / POSTGRES_MEMBER
            env, args = _pg_env_and_args()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(db_file), *args], env)
        manifest = {"format": FORMAT_VERSION, "vendor": vendor, "created": datetime.now(UTC).isoformat()}
        with tarfile.open(output, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest).encode())
            archive.add(db_file, arcname=db_file.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
    return output


def backup_restore(*, archive_path: Path) -> dict:
    """Replace the database and uploaded files with those in the archive; return its manifest."""
    vendor = _vendor()
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(tmp, filter="data")
        root = Path(tmp)
        try:
            manifest = json.loads((root / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{archive_path} is not an Ontwikkelwijzer backup") from exc
        if manifest.get("vendor") != vendor:
            raise BackupError(f"this backup is of a {manifest.get('vendor')} database, not {vendor}")
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(root / SQLITE_MEMBER)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            env, args = _pg_env_and_args()
            connection.close()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(root / POSTGRES_MEMBER),
                ],
                env,
            )
        media = Path(settings.MEDIA_ROOT)
        if (root / "media").is_dir():
            shutil.rmtree(media, ignore_errors=True)
            shutil.copytree(root / "media", media)
    return manifest
