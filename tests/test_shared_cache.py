"""Two app processes on one shared page cache (CACHE_URL): one builds a page, the other serves it, and a
changed framework is shown by both within FRAMEWORK_MARKER_SECONDS and never the old one after that.

Real processes, as in production: a throwaway SQLite file (migrated once, with the framework loaded, and
copied for each test), two gunicorn servers (one sync worker each, on free loopback ports) and
`load_framework` in a third process. The database cache always; Redis too when redis-server is
installed (a throwaway one on a free port, saving nothing). Nothing here touches the test database of the
other tests (no django_db): every process it starts has its own settings, and is stopped at the end,
also when the test fails. The server and process helpers are the benchmark's (bench/run.py, load.py).
"""

import contextlib
import html
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bench.load import Server
from bench.run import FRAMEWORK_FILE, ROOT, base_env, free_port, get, run_checked

MARKER_SECONDS = 1
ACTIVITY = "co-assessment"  # one activity of the catalogue page
CHANGED_NAME = "Samen beoordelen met het leerbedrijf (nieuw kader)"
BUILT_HERE = "Alleen in de database veranderd"  # a page that shows this was built, not taken from the cache
REDIS_SERVER = shutil.which("redis-server")


# `manage.py migrate` and `load_framework`, in one process (Django starts once).
PREPARE = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_framework", sys.argv[1])
"""
# `manage.py load_framework FILE` in a process started beforehand, run when the test writes a line.
LOAD_ON_CUE = """
import sys, django
django.setup()
from django.core.management import call_command
sys.stdin.readline()
call_command("load_framework", sys.argv[1])
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """A migrated SQLite file with the framework loaded (migrate also makes the db:// cache table)."""
    tmp = tmp_path_factory.mktemp("shared-cache")
    path = tmp / "template.sqlite3"
    run_checked([sys.executable, "-c", PREPARE, str(FRAMEWORK_FILE)], _env(tmp, path, "db://"), "migrate")
    return path


@pytest.fixture
def stack():
    """Everything the test starts is stopped when it ends, passed or failed."""
    with contextlib.ExitStack() as stack:
        yield stack


def test_two_processes_share_the_database_cache(database, tmp_path, stack):
    db = _copy(database, tmp_path / "db.sqlite3")

    def entries() -> int:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            return conn.execute("SELECT COUNT(*) FROM core_cache WHERE cache_key LIKE '%page:%'").fetchone()[
                0
            ]

    _check_sharing(tmp_path, db, "db://", entries, stack)


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed (.ci/system-packages)")
def test_two_processes_share_a_redis_cache(database, tmp_path, stack):
    import redis

    db = _copy(database, tmp_path / "db.sqlite3")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.callback(_stop, server)
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
    stack.callback(client.close)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)

    def entries() -> int:
        return sum(1 for _ in client.scan_iter(match="*page:*"))

    _check_sharing(tmp_path, db, f"redis://127.0.0.1:{port}/0", entries, stack)


def _check_sharing(tmp: Path, db: Path, cache_url: str, entries, stack: contextlib.ExitStack) -> None:
    env = _env(tmp, db, cache_url)
    changed = tmp / "changed.yaml"  # the framework with one activity renamed: same version, new checksum
    data = yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    next(act for act in data["activities"] if act["code"] == ACTIVITY)["name"] = CHANGED_NAME
    changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loader = subprocess.Popen(  # noqa: S603  (starts with the servers; loads when told)
        [sys.executable, "-c", LOAD_ON_CUE, str(changed)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stack.callback(_stop, loader)
    a = stack.enter_context(_server(env, tmp / "a.log"))
    b = stack.enter_context(_server(env, tmp / "b.log"))
    a.wait_ready()
    b.wait_ready()
    old_name = _name_in(FRAMEWORK_FILE)

    first = _catalogue(a)
    assert html.escape(old_name) in first
    assert entries() == 1

    # B answers with A's page: with a cache of its own, B would build it and show the name changed here.
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE framework_activity SET name = ? WHERE code = ?", (BUILT_HERE, ACTIVITY))
    assert _catalogue(b) == first
    assert entries() == 1

    # The changed framework, loaded by another process.
    out, err = loader.communicate("go\n", timeout=60)
    assert loader.returncode == 0 and "Updated" in out, err
    loaded = time.monotonic()

    time.sleep(max(0.0, loaded + MARKER_SECONDS + 0.2 - time.monotonic()))
    for _ in range(3):
        for server in (a, b):
            page = _catalogue(server)
            assert html.escape(CHANGED_NAME) in page
            assert html.escape(old_name) not in page and BUILT_HERE not in page
    assert entries() == 2  # the new page was built once, by one of them, and served to both


@contextlib.contextmanager
def _server(env: dict[str, str], log: Path):
    server = Server(env, log, 1)
    try:
        yield server
    finally:
        server.stop()


def _env(tmp: Path, db: Path, cache_url: str) -> dict[str, str]:
    env = base_env(tmp, tmp / "static")
    env.update(
        SQLITE_PATH=str(db),
        CACHE_URL=cache_url,
        FRAMEWORK_MARKER_SECONDS=str(MARKER_SECONDS),
        STATIC_MANIFEST="false",  # the templates' static files by their plain names: no collectstatic
    )
    return env


def _copy(source: Path, target: Path) -> Path:
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    return target


def _catalogue(server: Server) -> str:
    status, body = get(server.port, "/activiteiten/")
    assert status == 200, server.log_tail()
    return body.decode()


def _name_in(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(a["name"] for a in data["activities"] if a["code"] == ACTIVITY)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()
