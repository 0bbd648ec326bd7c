"""In-process "server time" of building the catalogue and the framework API without the page cache.

Run by bench/run.py once per scale as `python -m bench.builds --scale 1|10`, with the environment of the
benchmarked server (SQLITE_PATH of an empty throwaway database, SECRET_KEY, STATIC_ROOT, ...); it can also
run on its own (`uv run python -m bench.builds --scale 10`, on a temporary database of its own). It migrates
the database and loads the framework with manage.py, as run.py does (scale 1: framework/bgd-2026-04.yaml;
scale 10: the copy of it from run.write_scaled_framework with ten times the activities), then times
requests through Django's whole request stack in this process: django.test.Client, the project's
middleware, DEBUG=false, PUBLIC_CACHE_SECONDS=0 (no page cache), anonymous.

Prints one JSON object on stdout: {"records": [...], "problems": [...], "extra": {name: {...}}, "activities":
N}; progress goes to stderr. The records have bench/run.py's keys (the HTTP-only ones null) and are named
after the number of activities, for example `catalogue_build@340`:

  catalogue_build            GET /activiteiten/, warm: the framework snapshot and its rendered rows kept
  catalogue_search_build     GET /activiteiten/?q=beoordelen&aspect=competence, warm
  catalogue_cold             GET /activiteiten/, each run right after the snapshot and the marker are
                             forgotten (what the first request after a framework change costs)
  framework_json_build       GET /api/v1/framework, warm
  framework_json_cold        GET /api/v1/framework, cold as above
  search_query               one search through the snapshot's index with nothing of earlier searches
                             remembered (the index forgets each term's matching words first), cycling
                             through SEARCHES: words, a compound, a part of compounds, two words
  search_suggestion          "Did you mean …?" for a typo (``Index.suggest``), cycling through TYPOS

A warm row: warm-up requests for WARMUP_SECONDS (at least WARMUP_RUNS), then timed requests for
BENCH_SECONDS (at least MIN_RUNS). A cold row: one warm-up, then timed cold requests for BENCH_SECONDS (at
least MIN_COLD_RUNS). `queries` is one counted request of the same kind (warm, or right after forgetting).
"""

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.endpoints import ENDPOINTS  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS") or 5)
WARMUP_SECONDS = 1.0
WARMUP_RUNS = 5
MIN_RUNS = 20
MAX_RUNS = 20_000
MIN_COLD_RUNS = 5
PATHS = dict(ENDPOINTS)
# (row, path, cold): in this order at each scale.
ROWS = (
    ("catalogue_build", PATHS["catalogue_overview"], False),
    ("catalogue_search_build", PATHS["catalogue_search"], False),
    ("catalogue_cold", PATHS["catalogue_overview"], True),
    ("framework_json_build", PATHS["api_framework"], False),
    ("framework_json_cold", PATHS["api_framework"], True),
)
SEARCHES = ("stage", "beroepsidentiteit", "identiteit", "beoordelen stage", "co teaching", "gastles")
TYPOS = ("identitiet", "stagge", "reflecteren", "docentstage beoordelign")
# Keys of bench/run.py's HTTP records that do not apply here.
HTTP_KEYS = ("rps", "queries_served", "baseline_ratio", "errors")
# Settings that would point the run somewhere else than the throwaway database (as in run.py).
UNSET = ("DATABASE_URL", "FRAMEWORK_VERSION", "FRAMEWORK_FILE", "MEDIA_ROOT", "CACHE_URL")


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (as in bench/run.py)."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def prepare(scale: int, db: Path) -> None:
    """Migrate the empty database and load the scale's framework, with manage.py as run.py does."""
    from bench.run import FRAMEWORK_FILE, write_scaled_framework

    framework_file = (
        FRAMEWORK_FILE if scale == 1 else write_scaled_framework(scale, db.with_name(f"{db.stem}.yaml"))
    )
    for args in (["migrate", "--noinput", "-v0"], ["load_framework", str(framework_file)]):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=os.environ, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        if args[0] == "load_framework":
            err(f"builds: {result.stdout.strip()}")


def configure(tmp: Path | None) -> Path:
    """The environment as run.py gives it, with the page cache off; a database of our own when none is
    given. Returns the database file."""
    for unset in UNSET:
        os.environ.pop(unset, None)
    if tmp is not None:
        os.environ["SQLITE_PATH"] = str(tmp / "builds.sqlite3")
        os.environ["VAR_DIR"] = str(tmp / "var")
        os.environ["STATIC_ROOT"] = str(tmp / "static")  # empty: whitenoise serves nothing from it
        (tmp / "var").mkdir()
        (tmp / "static").mkdir()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "false"
    os.environ["PUBLIC_CACHE_SECONDS"] = "0"
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(",") if h]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    static_root = os.environ.get("STATIC_ROOT")
    if not static_root or not (Path(static_root) / "staticfiles.json").is_file():
        os.environ["STATIC_MANIFEST"] = "false"  # no collectstatic: static files by their plain names
    return Path(os.environ["SQLITE_PATH"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, choices=(1, 10), required=True)
    scale = parser.parse_args().scale
    own_tmp = (
        None if os.environ.get("SQLITE_PATH") else Path(tempfile.mkdtemp(prefix="ontwikkelwijzer-builds-"))
    )
    try:
        db = configure(own_tmp)
        if db.exists() and db.stat().st_size:
            raise SystemExit(f"bench.builds wants an empty throwaway database, and {db} is not empty")
        prepare(scale, db)
        import django

        django.setup()
        out = run()
    finally:
        if own_tmp is not None:
            shutil.rmtree(own_tmp, ignore_errors=True)
    json.dump(out, sys.stdout)
    return 0


def run() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ontwikkelwijzer.framework import selectors

    if settings.DEBUG or settings.PUBLIC_CACHE_SECONDS != 0:
        raise SystemExit("bench.builds: DEBUG must be off and the page cache (PUBLIC_CACHE_SECONDS) off")
    activities = selectors.framework_get_current().activities.count()
    client = Client(raise_request_exception=False)
    problems: list[str] = []
    records, extra = [], {}

    def forget() -> None:
        selectors.framework_snapshot_forget()
        selectors.framework_marker_forget()

    def get(path: str):
        """(seconds, response); an exception that escapes Django (even its 500 handler) is a None response."""
        t0 = time.perf_counter()
        try:
            response = client.get(path)
        except Exception as exc:  # noqa: BLE001  (a failing page is a finding)
            err(f"  {path}: {type(exc).__name__}: {exc}")
            response = None
        return time.perf_counter() - t0, response

    for row, path, cold in ROWS:
        name = f"{row}@{activities}"
        failed: list[int] = []

        def timed(path=path, cold=cold, failed=failed) -> float:
            if cold:
                forget()
            seconds, response = get(path)
            if response is None or response.status_code != 200:
                failed.append(500 if response is None else response.status_code)
            return seconds

        # Warm-up: what a process does once (imports, templates, the snapshot of a warm row).
        warm_until = time.perf_counter() + (0 if cold else WARMUP_SECONDS)
        runs = 0
        while runs < (1 if cold else WARMUP_RUNS) or time.perf_counter() < warm_until:
            timed()
            runs += 1
        # One counted request of the same kind as the timed ones.
        if cold:
            forget()
        else:
            selectors.framework_marker()  # remembered now, as in the warm runs that follow it
        with CaptureQueriesContext(connection) as ctx:
            _, response = get(path)
        sql = [q["sql"] for q in ctx.captured_queries]  # now: every request clears the log of queries
        size = len(response.content) if response is not None else 0
        status = response.status_code if response is not None else 500
        failed.clear()
        gc.collect()
        seconds = []
        minimum = MIN_COLD_RUNS if cold else MIN_RUNS
        until = time.perf_counter() + SECONDS
        while len(seconds) < MAX_RUNS and (len(seconds) < minimum or time.perf_counter() < until):
            seconds.append(timed())
        ordered = sorted(seconds)
        record = {
            "name": name,
            **dict.fromkeys(HTTP_KEYS),
            "median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(percentile(ordered, 95) * 1000, 3),
            "queries": len(sql),
            "runs": len(ordered),
        }
        records.append(record)
        extra[name] = {
            "bytes": size,
            "status": status,
            "path": path,
            "sql": sql,
        }
        err(
            f"  {name:<28} median {record['median_ms']:7.2f} ms  p95 {record['p95_ms']:7.2f} ms  "
            f"{record['queries']} queries  {size} bytes  {record['runs']} runs{'  (cold)' if cold else ''}"
        )
        if status != 200:
            problems.append(f"{name} ({path}): status {status} of the counted request")
        if failed:
            problems.append(
                f"{name} ({path}): {len(failed)} of {len(seconds)} timed requests did not answer 200 "
                f"(statuses {sorted(set(failed))})"
            )
    records += _search_rows(activities)
    forget()
    return {"records": records, "problems": problems, "extra": extra, "activities": activities}


def _search_rows(activities: int) -> list[dict]:
    """The search itself, in-process, without the page around it and without what the index remembers."""
    from ontwikkelwijzer.framework import selectors
    from ontwikkelwijzer.framework.search import parse_query

    index = selectors.search_index(selectors.framework_snapshot(framework=selectors.framework_get_current()))
    queries = [parse_query(text) for text in SEARCHES]

    def search(n: int) -> None:
        index._matches.clear()
        index.scores(queries[n % len(queries)])

    def suggest(n: int) -> None:
        index._matches.clear()
        index.suggest(TYPOS[n % len(TYPOS)])

    rows = []
    for row, call in (("search_query", search), ("search_suggestion", suggest)):
        for n in range(WARMUP_RUNS):
            call(n)
        seconds: list[float] = []
        until = time.perf_counter() + SECONDS / 2
        while len(seconds) < MIN_RUNS or (time.perf_counter() < until and len(seconds) < MAX_RUNS):
            t0 = time.perf_counter()
            call(len(seconds))
            seconds.append(time.perf_counter() - t0)
        ordered = sorted(seconds)
        record = {
            "name": f"{row}@{activities}",
            **dict.fromkeys(HTTP_KEYS),
            "median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(percentile(ordered, 95) * 1000, 3),
            "queries": 0,
            "runs": len(ordered),
        }
        err(f"  {record['name']:<28} median {record['median_ms']:7.2f} ms  p95 {record['p95_ms']:7.2f} ms")
        rows.append(record)
    return rows


if __name__ == "__main__":
    sys.exit(main())
