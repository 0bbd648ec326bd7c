"""In-process benchmark of the team and organisation overviews (no server), on SQLite and on PostgreSQL.

Run by bench/run.py after the domain benchmark as `python -m bench.overviews --json`; on its own,
`uv run python bench/overviews.py` prints its table (exit 1 when a check fails). Per database a worker
process (`--worker sqlite|pg`) migrates an empty database, loads the real framework, generates the data with
`manage.py generate_data` (through call_command) and measures Django's test Client GET of the real pages:
overviews:team as the team's leader, overviews:organisation as the organisation's HR member (force_login). One
warm-up GET, one GET with its SQL queries counted (CaptureQueriesContext), then RUNS timed GETs.

Data (four generated organisations in the same database; each page reads only its own team or organisation):
  team_overview@1x    a team of 50 teachers with 2,000 items in the current school year (and 2,000 before)
  team_overview@10x   a team of 500 teachers with 20,000 items in the current school year (and 20,000 before)
  org_overview@1x     an organisation of 1,000 teachers in 20 teams with 20,000 items over two school years
  org_overview@10x    an organisation of 10,000 teachers in 200 teams with 200,000 items over two school years
All with self-scans. SQLite is a temporary file (SQLITE_PATH from the environment when run.py gives one);
PostgreSQL is a throwaway server (`bash .ci/with-postgres ...`), skipped with a note when its binaries are
missing; its records are named with `_pg` (team_overview_pg@1x). PostgreSQL gets an ANALYZE after the
generation (what autovacuum does soon after such a load); SQLite does not (the app never runs ANALYZE).

Checks (problems, exit 1): every GET answers 200; a page makes as many queries at 10x as at 1x; the median
at 10x is at most MAX_RATIO times the median at 1x.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = {"1x": 7, "10x": 5}
MAX_RATIO = 2.0
SEED = 20261129
# generate_data arguments per data set; items are over two school years, half in the current one.
DATA = {
    "team@1x": {"teams": 1, "teachers": 50, "items": 4_000},
    "team@10x": {"teams": 1, "teachers": 500, "items": 40_000},
    "org@1x": {"teams": 20, "teachers": 1_000, "items": 20_000},
    "org@10x": {"teams": 200, "teachers": 10_000, "items": 200_000},
}
PAGES = ("team_overview", "org_overview")
DATABASES = {"sqlite": "", "pg": "_pg"}  # worker name -> record name suffix
# Keys of bench/run.py's HTTP records that do not apply here.
HTTP_KEYS = ("rps", "queries_served", "baseline_ratio", "errors")
# Settings that would point the run somewhere else than the throwaway databases.
UNSET = ("DATABASE_URL", "FRAMEWORK_VERSION", "FRAMEWORK_FILE", "MEDIA_ROOT", "SECURE_SSL_REDIRECT")


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (as in bench/run.py)."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


# --- the worker: one database, run in its own process -------------------------------------------------


def worker(db: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ontwikkelwijzer.teams.models import Organisation

    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        if path.exists() and path.stat().st_size:
            raise SystemExit(f"bench.overviews wants an empty throwaway database, and {path} is not empty")
    err(f"overviews [{db}]: migrate and load the framework ({connection.vendor})")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_framework", stdout=sys.stderr)  # stdout is for the results

    generation, made = {}, {}
    for key, args in DATA.items():
        before = set(Organisation.objects.values_list("pk", flat=True))
        t0 = time.perf_counter()
        call_command(
            "generate_data",
            organisations=1,
            years=2,
            seed=SEED,
            scans=True,
            verbosity=0,
            stdout=sys.stderr,
            **args,
        )
        generation[key] = round(time.perf_counter() - t0, 1)
        (made[key],) = Organisation.objects.exclude(pk__in=before)
        err(
            f"  generated {key}: {args['teams']} teams, {args['teachers']} teachers, {args['items']} items "
            f"in {generation[key]:.1f} s"
        )
    if connection.vendor == "postgresql":
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        err(f"  ANALYZE in {time.perf_counter() - t0:.1f} s")

    suffix = DATABASES[db]
    records, problems, extra = [], [], {}
    for page in PAGES:
        for scale in RUNS:
            name = f"{page}{suffix}@{scale}"
            url, user = target(page, made[f"{page.split('_')[0]}@{scale}"])
            rec, info, problem = measure(name, url, user, RUNS[scale])
            records.append(rec)
            extra[name] = info
            if problem:
                problems.append(problem)
            err(
                f"  {name:<24} median {fmt(rec['median_ms'], '.1f')} ms  p95 {fmt(rec['p95_ms'], '.1f')} ms  "
                f"{fmt(rec['queries'], 'd')} queries  {info.get('bytes')} bytes  {rec['runs']} runs"
            )
            if info.get("sql_ms") is not None:
                err(
                    f"    the counted request: {info['counted_ms']:.0f} ms, SQL {info['sql_ms']:.0f} ms; "
                    f"slowest query {info['slowest_ms']:.0f} ms: {short_sql(info['slowest_sql'])}"
                )
    json.dump(
        {"records": records, "problems": problems, "extra": extra, "generation": generation}, sys.stdout
    )
    return 0


def short_sql(sql: str) -> str:
    """The start of a query and the start of its FROM clause: enough to tell which one it is."""
    start, where = sql[:70], sql.find(" FROM ")
    return start if where < 0 or where < 70 else f"{start} ... {sql[where + 1 : where + 100]} ..."


def target(page: str, organisation) -> tuple[str, object]:
    """The URL of the page and who looks at it: the first team's leader, or the organisation's HR member."""
    from django.urls import reverse

    from ontwikkelwijzer.teams.constants import Role
    from ontwikkelwijzer.teams.models import Membership

    if page == "team_overview":
        leader = Membership.objects.select_related("user", "team").get(
            organisation=organisation, role=Role.TEAM_LEADER
        )
        return reverse("overviews:team", args=[leader.team_id]), leader.user
    hr = Membership.objects.select_related("user").get(organisation=organisation, role=Role.HR)
    return reverse("overviews:organisation", args=[organisation.pk]), hr.user


def measure(name: str, url: str, user, runs: int) -> tuple[dict, dict, str | None]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    rec = {"name": name, **dict.fromkeys(HTTP_KEYS), "median_ms": None, "p95_ms": None, "queries": None}
    rec["runs"] = 0
    info: dict = {"path": url}
    try:
        response = client.get(url)  # warm-up: lazy imports, templates, the framework marker
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counted = time.perf_counter() - t0
        info |= {"status": response.status_code, "bytes": len(response.content)}
        if response.status_code != 200:
            return rec, info, f"{name} ({url}): status {response.status_code}"
        rec["queries"] = len(ctx.captured_queries)
        info["sql"] = [q["sql"] for q in ctx.captured_queries]
        # Where the time of the counted request went (its timing includes the capture's own small cost).
        timed = sorted(((float(q["time"]), q["sql"]) for q in ctx.captured_queries), reverse=True)
        info |= {
            "counted_ms": round(counted * 1000, 1),
            "sql_ms": round(sum(t for t, _ in timed) * 1000, 1),
            "slowest_ms": round(timed[0][0] * 1000, 1) if timed else None,
            "slowest_sql": timed[0][1] if timed else "",
        }
        seconds = []
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - t0)
            if response.status_code != 200:
                return rec, info, f"{name} ({url}): status {response.status_code} in a timed run"
    except Exception as exc:  # noqa: BLE001  (a failing page is a finding, not the end of the benchmark)
        return rec, info, f"{name} ({url}): {type(exc).__name__}: {str(exc)[:300]}"
    seconds.sort()
    rec |= {
        "median_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "runs": len(seconds),
    }
    return rec, info, None


# --- the driver: a worker per database, then the checks -------------------------------------------------


def base_env(tmp: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (env or os.environ).items() if k not in UNSET}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("SECRET_KEY", "bench")
    env.setdefault("LOG_LEVEL", "WARNING")
    env.update(
        DEBUG="false",
        HTTPS="false",
        ALLOWED_HOSTS="testserver",
        STATIC_MANIFEST="false",  # the test client renders pages without collectstatic
        VAR_DIR=str(tmp / "var"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_worker(db: str, env: dict[str, str]) -> dict:
    args = [sys.executable, "-m", "bench.overviews", "--worker", db]
    if db == "pg":
        args = ["bash", str(ROOT / ".ci" / "with-postgres"), *args]
    t0 = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    err(f"overviews [{db}]: took {time.perf_counter() - t0:.0f} s")
    if result.returncode != 0:
        return {"records": [], "problems": [f"the {db} overview benchmark failed (exit {result.returncode})"]}
    return json.loads(result.stdout)


def postgres_available() -> bool:
    pgbin = os.environ.get("PGBIN")
    return bool(pgbin and Path(pgbin, "initdb").exists()) or bool(glob("/usr/lib/postgresql/*/bin/initdb"))


def checks(records: list[dict], extra: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Lines to print and problems: the same query count at 1x and 10x, and the 10x/1x median ratio."""
    by_name = {r["name"]: r for r in records}
    lines, problems = [], []
    for suffix in DATABASES.values():
        for page in PAGES:
            one, ten = (by_name.get(f"{page}{suffix}@{scale}") for scale in RUNS)
            if not one or not ten or one["median_ms"] is None or ten["median_ms"] is None:
                continue
            ratio = ten["median_ms"] / one["median_ms"]
            verdict = "ok" if ratio <= MAX_RATIO else f"ABOVE {MAX_RATIO:g}"
            lines.append(
                f"{page}{suffix}: 10x/1x median {ten['median_ms']:.1f}/{one['median_ms']:.1f} ms = "
                f"{ratio:.2f} ({verdict}); queries {one['queries']} at 1x, {ten['queries']} at 10x"
            )
            if ratio > MAX_RATIO:
                problems.append(
                    f"{page}{suffix}: median at 10x is {ratio:.2f} x the one at 1x (at most {MAX_RATIO:g})"
                )
            if one["queries"] != ten["queries"]:
                problems.append(
                    f"{page}{suffix}: query count grows with data: 1x={one['queries']}, 10x={ten['queries']}"
                )
                first, last = (extra.get(r["name"], {}).get("sql", []) for r in (one, ten))
                lines.append(f"  queries of {page}{suffix} at 10x not at 1x (first 5):")
                lines += [f"    {sql[:200]}" for sql in [q for q in last if q not in first][:5]]
    return lines, problems


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(records: list[dict], extra: dict[str, dict]) -> str:
    header = f"{'page':<24} {'median_ms':>10} {'p95_ms':>9} {'queries':>8} {'bytes':>8} {'runs':>5}"
    lines = [header, "-" * len(header)]
    for r in records:
        lines.append(
            f"{r['name']:<24} {fmt(r['median_ms'], '.1f'):>10} {fmt(r['p95_ms'], '.1f'):>9} "
            f"{fmt(r['queries'], 'd'):>8} {fmt(extra.get(r['name'], {}).get('bytes'), 'd'):>8} "
            f"{fmt(r['runs'], 'd'):>5}"
        )
    return "\n".join(lines)


def run(env: dict[str, str] | None = None) -> dict:
    """Both databases; {"records", "problems", "extra", "generation"}. Progress and checks go to stderr."""
    tmp = Path(tempfile.mkdtemp(prefix="ontwikkelwijzer-overviews-"))
    records, problems, extra, generation = [], [], {}, {}
    try:
        (tmp / "var" / "static").mkdir(parents=True)
        env = base_env(tmp, env)
        if not env.get("SQLITE_PATH"):
            env["SQLITE_PATH"] = str(tmp / "overviews.sqlite3")
        for db in DATABASES:
            if db == "pg" and not postgres_available():
                err("overviews [pg]: skipped: no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
                continue
            err(f"overviews [{db}]: generate the data and measure (several minutes)")
            out = run_worker(db, env)
            records += out["records"]
            problems += out["problems"]
            extra |= out.get("extra", {})
            generation[db] = out.get("generation", {})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for db, seconds in generation.items():
        err(f"overviews [{db}]: generation " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    lines, found = checks(records, extra)
    for line in lines:
        err(line)
    return {"records": records, "problems": problems + found, "extra": extra, "generation": generation}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=list(DATABASES), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON (for bench/run.py)")
    args = parser.parse_args()
    if args.worker:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        return worker(args.worker)
    started = time.monotonic()
    out = run()
    if args.json:
        json.dump(out, sys.stdout)
        return 0
    print(table(out["records"], out["extra"]))
    print(f"took {time.monotonic() - started:.0f} s")
    if out["problems"]:
        print("FAILED:")
        for p in out["problems"]:
            print(f"  - {p}")
        return 1
    print("OK: same query counts at 1x and 10x, 10x medians within 2x of 1x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
