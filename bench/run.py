"""Benchmark: throughput, latency and SQL query counts of the catalogue pages and API, at 1x and 10x data;
then, in-process, the recommendation engine and the PDF export of a plan (bench/domain.py), and the team and
organisation overviews on generated data, on SQLite and PostgreSQL (bench/overviews.py).

Run with `make bench` (or `uv run python bench/run.py`). See bench/README.md for what it measures and the
targets. Uses only the standard library and what is in the project's environment (Django, PyYAML, gunicorn).

Environment:
  BENCH_SECONDS      measured seconds per endpoint (default 5; a 1 s warm-up comes first)
  BENCH_CONCURRENCY  concurrent keep-alive connections of the load generator (default 8)
  BENCH_SETTINGS     settings module for the server and the query counts (default bench.bench_settings)
"""

import contextlib
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.endpoints import ENDPOINTS  # noqa: E402

FRAMEWORK_FILE = ROOT / "framework" / "bgd-2026-04.yaml"
RESULTS_FILE = ROOT / "bench" / "results.json"
SCALES = (1, 10)
SECONDS = float(os.environ.get("BENCH_SECONDS") or 5)
WARMUP_SECONDS = 1.0
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY") or 8)
WORKERS = 2
TARGET_RATIO = 0.5
# Endpoints the ratio target applies to (the catalogue pages and the API).
TARGETED = {"catalogue_overview", "catalogue_search", "activity_page", "api_framework", "api_activities"}
# Settings that would point the run somewhere else than the temporary SQLite files.
UNSET = (
    "DATABASE_URL",
    "FRAMEWORK_VERSION",
    "FRAMEWORK_FILE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "BEHIND_PROXY",
    "MEDIA_ROOT",
    "ALLOW_DEV_SECRET_KEY",
    "CSRF_TRUSTED_ORIGINS",
)


def log(message: str) -> None:
    print(message, flush=True)


def base_env(tmp: Path, static_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(
        DJANGO_SETTINGS_MODULE=os.environ.get("BENCH_SETTINGS") or "bench.bench_settings",
        DEBUG="false",
        SECRET_KEY="bench",  # noqa: S106  (a throwaway server on loopback)
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",
        VAR_DIR=str(tmp / "var"),
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_checked(args: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def manage(env: dict[str, str], *args: str) -> str:
    return run_checked([sys.executable, "manage.py", *args], env, "manage.py " + " ".join(args))


def write_scaled_framework(scale: int, dest: Path) -> Path:
    """The real framework with every activity repeated `scale` times (codes -x2.., names (variant N))."""
    data = yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    originals = data["activities"]
    activities = list(originals)
    for n in range(2, scale + 1):
        for activity in originals:
            copy = dict(activity)
            copy["code"] = f"{activity['code']}-x{n}"
            copy["name"] = f"{activity['name']} (variant {n})"
            activities.append(copy)
    data["activities"] = activities  # phase-1 mentions keep pointing at the original codes
    dest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    """gunicorn serving config.wsgi:application with the bench settings; always stopped by stop()."""

    def __init__(self, env: dict[str, str], logfile: Path):
        self.port = free_port()
        self.logfile = logfile
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--chdir",
            str(ROOT),
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--error-logfile",
            str(logfile),
        ]
        self._log = open(logfile, "ab")  # noqa: SIM115  (closed in stop())
        self.proc = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, _ = get(self.port, "/bench/baseline", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                # Its own session: the master and its workers.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self._log.close()


def drive(port: int, pick, seconds: float, concurrency: int, seed: int = 0) -> tuple[list[tuple], float]:
    """GET from `concurrency` threads, each on its own keep-alive connection, for `seconds`.

    `pick(rng)` gives the (kind, path) of each request, from the thread's seeded random. Returns
    ([(kind, path, seconds, status)], elapsed); status 0 is a connection error. gunicorn's sync workers
    close the connection after each response; http.client then reconnects.
    """
    samples: list[list[tuple]] = [[] for _ in range(concurrency)]
    start = time.perf_counter()
    deadline = start + seconds

    def worker(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while (t0 := time.perf_counter()) < deadline:
                kind, path = pick(rng)
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                samples[i].append((kind, path, time.perf_counter() - t0, status))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [sample for lst in samples for sample in lst], time.perf_counter() - start


def load(port: int, path: str, seconds: float, concurrency: int) -> dict:
    """Hit one path for `seconds`; throughput, latency of the answered requests, and errors."""
    samples, elapsed = drive(port, lambda rng: (path, path), seconds, concurrency)
    answered = sorted(duration for _, _, duration, status in samples if status)
    status_counts = Counter(status for *_, status in samples if status)
    failures = sum(1 for *_, status in samples if not status)
    non_2xx = sum(n for code, n in status_counts.items() if not 200 <= code < 300)
    return {
        "requests": len(answered),
        "rps": len(answered) / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(answered) * 1000 if answered else None,
        "p95_ms": percentile(answered, 95) * 1000 if answered else None,
        "errors": non_2xx + failures,
        "statuses": dict(status_counts),
        "connection_errors": failures,
    }


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, -(-len(sorted_values) * pct // 100))  # ceil
    return sorted_values[int(rank) - 1]


def count_queries(env: dict[str, str]) -> dict:
    """Queries of one request per endpoint; run once with the page cache off (what a page costs to build)
    and once with it on (what serving it costs)."""
    counting_env = dict(env, ALLOWED_HOSTS="127.0.0.1,testserver")
    out = run_checked([sys.executable, "-m", "bench.count_queries"], counting_env, "counting queries")
    return json.loads(out)


def run_domain(env: dict[str, str]) -> dict:
    """The in-process domain benchmark (bench/domain.py) on its own throwaway database: its records and
    problems. Its progress lines go straight to our stderr; a failure is a problem, not the end of the run."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.domain"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    if result.returncode != 0:
        return {"records": [], "problems": [f"the domain benchmark failed (exit {result.returncode})"]}
    return json.loads(result.stdout)


def run_overviews(env: dict[str, str]) -> dict:
    """The in-process overview benchmark (bench/overviews.py): its records, problems and response sizes.
    It makes its own throwaway SQLite file and PostgreSQL server; its progress and checks go to our stderr."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.overviews", "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if result.returncode != 0:
        return {"records": [], "problems": [f"the overview benchmark failed (exit {result.returncode})"]}
    return json.loads(result.stdout)


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(records: list[dict], extra: dict[str, dict]) -> str:
    header = (
        f"{'endpoint':<36} {'rps':>8} {'median_ms':>10} {'p95_ms':>8} {'queries':>8} {'served':>7} "
        f"{'ratio':>6} {'errors':>7} {'bytes':>8} {'runs':>6}"
    )
    lines = [header, "-" * len(header)]
    for r in records:
        lines.append(
            f"{r['name']:<36} {fmt(r['rps'], '.1f'):>8} {fmt(r['median_ms'], '.1f'):>10} "
            f"{fmt(r['p95_ms'], '.1f'):>8} {fmt(r['queries'], 'd'):>8} {fmt(r['queries_served'], 'd'):>7} "
            f"{fmt(r['baseline_ratio'], '.2f'):>6} "
            f"{fmt(r['errors'], 'd'):>7} {fmt(extra.get(r['name'], {}).get('bytes'), 'd'):>8} "
            f"{fmt(r.get('runs'), 'd'):>6}"
        )
    return "\n".join(lines)


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main() -> int:
    # Make SIGTERM run the finally blocks (stop gunicorn, remove the temporary directory).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    log(f"bench: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {machine()}")
    log(
        f"bench: {SECONDS:g} s per endpoint after {WARMUP_SECONDS:g} s warm-up, {CONCURRENCY} connections, "
        f"gunicorn -w {WORKERS}, Python load generator"
    )
    if not any((ROOT / "locale").rglob("*.mo")):
        log("bench: note: no compiled translations (.mo); `make bench` compiles them first")

    tmp = Path(tempfile.mkdtemp(prefix="ontwikkelwijzer-bench-"))
    records: list[dict] = []
    extra: dict[str, dict] = {}
    activity_counts: dict[int, int] = {}
    problems: list[str] = []
    try:
        static_root = tmp / "static"
        env0 = base_env(tmp, static_root)
        (tmp / "var").mkdir()
        log("bench: collectstatic")
        collect_env = dict(env0, SQLITE_PATH=str(tmp / "collectstatic.sqlite3"))
        manage(collect_env, "collectstatic", "--noinput", "-v0")

        for scale in SCALES:
            label = f"{scale}x"
            db = tmp / f"db-{label}.sqlite3"
            env = dict(env0, SQLITE_PATH=str(db))
            log(f"bench [{label}]: migrate and load the framework")
            manage(env, "migrate", "--noinput", "-v0")
            framework_file = (
                FRAMEWORK_FILE
                if scale == 1
                else write_scaled_framework(scale, tmp / f"framework-{label}.yaml")
            )
            log("  " + manage(env, "load_framework", str(framework_file)).strip())

            counted = count_queries(dict(env, PUBLIC_CACHE_SECONDS="0"))
            served = count_queries(env)
            activity_counts[scale] = counted["activities"]

            scale_records = []
            # The targeted endpoints once more on a server without the page cache: the cost of building them.
            uncached = [(f"{name}_uncached", path) for name, path in ENDPOINTS if name in TARGETED]
            for cache_on, endpoints in ((True, ENDPOINTS), (False, uncached)):
                server = Server(
                    env if cache_on else dict(env, PUBLIC_CACHE_SECONDS="0"),
                    tmp / f"gunicorn-{label}{'' if cache_on else '-uncached'}.log",
                )
                try:
                    server.wait_ready()
                    for name, path in endpoints:
                        load(server.port, path, WARMUP_SECONDS, CONCURRENCY)
                        m = load(server.port, path, SECONDS, CONCURRENCY)
                        c = counted["endpoints"][name.removesuffix("_uncached")]
                        record = {
                            "name": f"{name}@{label}",
                            "rps": round(m["rps"], 1),
                            "median_ms": None if m["median_ms"] is None else round(m["median_ms"], 2),
                            "p95_ms": None if m["p95_ms"] is None else round(m["p95_ms"], 2),
                            "queries": c["queries"],
                            "queries_served": (
                                served["endpoints"][name]["queries"] if cache_on else c["queries"]
                            ),
                            "baseline_ratio": None,
                            "errors": m["errors"],
                        }
                        extra[record["name"]] = {
                            "bytes": c["bytes"],
                            "status": c["status"],
                            "sql": c["sql"],
                            "statuses": m["statuses"],
                            "path": path,
                        }
                        log(
                            f"  {record['name']:<28} {record['rps']:>8.1f} rps  "
                            f"median {fmt(record['median_ms'], '.1f')} ms  "
                            f"p95 {fmt(record['p95_ms'], '.1f')} ms  "
                            f"{c['queries']} queries  "
                            f"statuses {m['statuses']}"
                            + (
                                f"  {m['connection_errors']} connection errors"
                                if m["connection_errors"]
                                else ""
                            )
                        )
                        scale_records.append(record)
                        if m["errors"]:
                            problems.append(
                                f"{record['name']} ({path}): {m['errors']} errored requests, "
                                f"statuses {m['statuses']}, "
                                f"{m['connection_errors']} connection errors"
                            )
                        if c["status"] != 200:
                            problems.append(
                                f"{record['name']} ({path}): status {c['status']} from the test client"
                                + (f": {c['error'][:200]}" if c.get("error") else "")
                            )
                finally:
                    server.stop()
                if any(r["errors"] for r in scale_records):
                    log(f"bench [{label}]: end of the gunicorn log:\n{server.log_tail(8)}")
                if server.proc.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL):
                    log(
                        f"bench [{label}]: gunicorn exited with {server.proc.returncode}:\n"
                        + server.log_tail()
                    )
            baseline_rps = scale_records[0]["rps"]
            for record in scale_records:
                if baseline_rps:
                    record["baseline_ratio"] = round(record["rps"] / baseline_rps, 2)
            records.extend(scale_records)

        log("bench [domain]: recommendation engine and PDF export, in-process (bench/domain.py)")
        domain = run_domain(dict(env0, SQLITE_PATH=str(tmp / "db-domain.sqlite3")))
        records.extend(domain["records"])
        problems.extend(domain["problems"])

        log("bench [overviews]: team and organisation overviews on generated data (bench/overviews.py)")
        overviews = run_overviews(env0)
        records.extend(overviews["records"])
        problems.extend(overviews["problems"])
        for name, info in overviews.get("extra", {}).items():
            extra[name] = {"bytes": info.get("bytes")}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    RESULTS_FILE.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")

    log("")
    log(table(records, extra))
    log("")
    log("activities loaded: " + ", ".join(f"{s}x={n}" for s, n in activity_counts.items()))
    if activity_counts.get(10) != 10 * activity_counts.get(1, -1):
        problems.append(
            f"the 10x database holds {activity_counts.get(10)} activities, not 10 x {activity_counts.get(1)}"
        )

    # Same query count at every scale.
    by_name = {r["name"]: r for r in records}
    for name, _ in ENDPOINTS:
        counts = {
            s: (by_name[f"{name}@{s}x"]["queries"], by_name[f"{name}@{s}x"]["queries_served"]) for s in SCALES
        }
        if len(set(counts.values())) > 1:
            problems.append(
                f"{name}: query count grows with data: " + ", ".join(f"{s}x={n}" for s, n in counts.items())
            )
            first, last = (extra[f"{name}@{s}x"]["sql"] for s in (SCALES[0], SCALES[-1]))
            log(f"queries of {name} at {SCALES[-1]}x not at {SCALES[0]}x (first 5):")
            for sql in [q for q in last if q not in first][:5]:
                log(f"    {sql[:200]}")

    below = [
        r
        for r in records
        if r["name"].split("@")[0] in TARGETED
        and r["baseline_ratio"] is not None
        and r["baseline_ratio"] < TARGET_RATIO
    ]
    for r in below:
        log(f"below target: {r['name']} baseline_ratio {r['baseline_ratio']} < {TARGET_RATIO}")

    log(f"results written to {RESULTS_FILE.relative_to(ROOT)}; took {time.monotonic() - started:.0f} s")
    if problems:
        log("FAILED:")
        for p in problems:
            log(f"  - {p}")
        return 1
    log("OK: no errored requests, same query counts at every scale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
