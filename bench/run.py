"""Benchmark: throughput, latency and SQL query counts of the catalogue pages and API, at 1x and 10x data,
anonymous and then signed in (a generated school with a bench teacher, bench/signed_in.py); then,
in-process, the recommendation engine and the PDF export of a plan (bench/domain.py), the server time of
building the catalogue and the framework API without the page cache, warm and cold (bench/builds.py), and
the team and organisation overviews on generated data, on SQLite and PostgreSQL (bench/overviews.py).

Run with `make bench` (or `uv run python bench/run.py`). See bench/README.md for what it measures and the
targets. Uses only the standard library and what is in the project's environment (Django, PyYAML, gunicorn).

Environment:
  BENCH_SECONDS      measured seconds per endpoint (default 5; a 1 s warm-up comes first)
  BENCH_CONCURRENCY  concurrent keep-alive connections of the load generator (default 8)
  BENCH_SETTINGS     settings module for the server and the query counts (default bench.bench_settings)
  BENCH_ONLY         the stages to run, comma-separated, as `--only`: anonymous, signed, domain, builds,
                     overviews (default all). A run of some stages writes bench/results-<stages>.json, not
                     results.json.
"""

import argparse
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
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench import signed_in, weight  # noqa: E402
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
# The signed-in stage (bench/signed_in.py): every row at least this share of the signed-in baseline's rps at
# 1x; a median at 10x at most this times the one at 1x; a POST at most this many SQL queries. Only printed.
SIGNED_TARGET_RATIO = 0.25
SIGNED_MAX_GROWTH = 1.5
POST_MAX_QUERIES = 15
# The weight of any page (anonymous or signed in): its HTML plus the stylesheets it links, at most this many
# bytes at 1x (the real framework). At 10x it is printed for information: it grows with the framework.
PAGE_MAX_BYTES = weight.MAX_BYTES
# Pages of the bench itself, not weighed.
UNWEIGHED = {"baseline", "signed_signed_in_baseline"}
# The in-process build times (bench/builds.py): the median at most this many ms, per row and scale. Printed.
BUILD_TARGETS_MS = {
    "catalogue_build": {1: 5, 10: 25},
    "catalogue_search_build": {1: 5, 10: 25},
    "framework_json_build": {10: 10},
}
# The parts of a run, in order (`--only` or BENCH_ONLY picks some).
STAGES = ("anonymous", "signed", "domain", "builds", "overviews")
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


def drive(
    port: int,
    pick,
    seconds: float,
    concurrency: int,
    seed: int = 0,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body=None,
    path=None,
    on_response=None,
) -> tuple[list[tuple], float]:
    """Requests from `concurrency` threads, each on its own keep-alive connection, for `seconds`.

    `pick(rng)` gives the (kind, path) of each request, from the thread's seeded random. Every request has
    `method` and `headers`, and `body`: None, bytes, or a function of the thread's index (0..concurrency-1)
    that gives each request's body. `path`, when given, is a function of the thread's index that gives each
    request's path instead of the one from `pick`. `on_response(i, response)` is called in thread i with
    each answered response, after its body was read. Returns ([(kind, path, seconds, status)], elapsed);
    status 0 is a connection error. gunicorn's sync workers close the connection after each response;
    http.client then reconnects.
    """
    samples: list[list[tuple]] = [[] for _ in range(concurrency)]
    start = time.perf_counter()
    deadline = start + seconds
    headers = headers or {}

    def worker(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while (t0 := time.perf_counter()) < deadline:
                kind, target = pick(rng)
                if path is not None:
                    target = path(i)
                try:
                    conn.request(method, target, body=body(i) if callable(body) else body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                samples[i].append((kind, target, time.perf_counter() - t0, status))
                if status and on_response is not None:
                    on_response(i, response)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [sample for lst in samples for sample in lst], time.perf_counter() - start


def is_2xx(_thread: int, response) -> bool:
    return 200 <= response.status < 300


def load(
    port: int,
    path,
    seconds: float,
    concurrency: int,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body=None,
    accept=is_2xx,
    on_response=None,
) -> dict:
    """Hit one path for `seconds`; throughput, latency of the answered requests, and errors.

    `path`: the path, or a function of the thread's index that gives it. `method`, `headers` and `body` as
    for drive(). `accept(i, response)` says whether an answer (in thread
    i) is a success (default: any 2xx); every other answer, and every connection error, is an error.
    `on_response(i, response)` is called after it, for each answer."""
    rejected = [0] * concurrency

    def seen(i: int, response) -> None:
        if not accept(i, response):
            rejected[i] += 1
        if on_response is not None:
            on_response(i, response)

    label = "per-thread" if callable(path) else path
    samples, elapsed = drive(
        port,
        lambda rng: (label, label),
        seconds,
        concurrency,
        method=method,
        headers=headers,
        body=body,
        path=path if callable(path) else None,
        on_response=seen,
    )
    answered = sorted(duration for _, _, duration, status in samples if status)
    status_counts = Counter(status for *_, status in samples if status)
    failures = sum(1 for *_, status in samples if not status)
    return {
        "requests": len(answered),
        "rps": len(answered) / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(answered) * 1000 if answered else None,
        "p95_ms": percentile(answered, 95) * 1000 if answered else None,
        "errors": sum(rejected) + failures,
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


def run_builds(env: dict[str, str], scale: int) -> dict:
    """The in-process build times (bench/builds.py) at one scale, on a throwaway database it fills itself:
    its records, problems, response sizes and number of activities. Its progress goes to our stderr."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.builds", "--scale", str(scale)],
        cwd=ROOT,
        env=dict(env, PUBLIC_CACHE_SECONDS="0", ALLOWED_HOSTS="127.0.0.1,testserver"),
        stdout=subprocess.PIPE,
        text=True,
    )
    if result.returncode != 0:
        return {
            "records": [],
            "problems": [f"the build benchmark at {scale}x failed (exit {result.returncode})"],
            "extra": {},
            "activities": None,
        }
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


def measure_anonymous(env: dict[str, str], tmp: Path, label: str, extra: dict, problems: list[str]) -> tuple:
    """The anonymous HTTP stage at one scale: (records, number of activities)."""
    counted = count_queries(dict(env, PUBLIC_CACHE_SECONDS="0"))
    served = count_queries(env)

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
                record = http_record(
                    f"{name}@{label}",
                    m,
                    c["queries"],
                    served["endpoints"][name]["queries"] if cache_on else c["queries"],
                )
                extra[record["name"]] = {
                    "bytes": c["bytes"],
                    "content_type": c["content_type"],
                    "stylesheets": c["stylesheets"],
                    "status": c["status"],
                    "sql": c["sql"],
                    "statuses": m["statuses"],
                    "path": path,
                }
                log_measured(record, m, c["queries"])
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
            log(f"bench [{label}]: gunicorn exited with {server.proc.returncode}:\n" + server.log_tail())
    set_ratios(scale_records)
    return scale_records, counted["activities"]


def http_record(name: str, m: dict, queries: int | None, queries_served: int | None) -> dict:
    return {
        "name": name,
        "rps": round(m["rps"], 1),
        "median_ms": None if m["median_ms"] is None else round(m["median_ms"], 2),
        "p95_ms": None if m["p95_ms"] is None else round(m["p95_ms"], 2),
        "queries": queries,
        "queries_served": queries_served,
        "baseline_ratio": None,
        "errors": m["errors"],
    }


def log_measured(record: dict, m: dict, queries: int | None) -> None:
    log(
        f"  {record['name']:<28} {record['rps']:>8.1f} rps  "
        f"median {fmt(record['median_ms'], '.1f')} ms  "
        f"p95 {fmt(record['p95_ms'], '.1f')} ms  "
        f"{fmt(queries, 'd')} queries  "
        f"statuses {m['statuses']}"
        + (f"  {m['connection_errors']} connection errors" if m["connection_errors"] else "")
    )


def set_ratios(scale_records: list[dict]) -> None:
    """baseline_ratio of each record: its rps over the first record's (the baseline's) at the same scale."""
    baseline_rps = scale_records[0]["rps"] if scale_records else 0
    for record in scale_records:
        if baseline_rps:
            record["baseline_ratio"] = round(record["rps"] / baseline_rps, 2)


# --- the signed-in stage -----------------------------------------------------------------------------


def run_json(args: list[str], env: dict[str, str], what: str) -> dict:
    """A subprocess whose stdout is JSON; its stderr (progress) goes straight to ours."""
    result = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode})")
    return json.loads(result.stdout)


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, dict[str, str], list[str], bytes]:
    """One request: (status, headers, Set-Cookie values, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        return (
            response.status,
            dict(response.getheaders()),
            response.headers.get_all("Set-Cookie") or [],
            content,
        )
    finally:
        conn.close()


def csrf_from_page(port: int, path: str, setup: dict) -> tuple[str, str]:
    """(CSRF cookie, form token) as a browser gets them: a GET of the page with the form, signed in."""
    cookie = f"{setup['session_cookie']}={setup['cookies']['teacher']}"
    status, _, set_cookies, content = request(port, "GET", path, {"Cookie": cookie})
    jar = SimpleCookie()
    for value in set_cookies:
        jar.load(value)
    token = signed_in.form_token(content.decode(errors="replace"))
    if status != 200 or setup["csrf_cookie"] not in jar or not token:
        raise SystemExit(
            f"bench: no CSRF cookie and form token from {path} (status {status}, "
            f"cookies {sorted(jar)}, token {'found' if token else 'missing'})"
        )
    return jar[setup["csrf_cookie"]].value, token


class ItemEdits:
    """The item-edit POST: each connection saves its own item with that item's current values. The item form
    carries the version it was opened with, and a save with an older version is refused as a conflict (the
    form again, 200); so each connection sends its item's version, one higher after each success."""

    def __init__(self, edits: list[dict], csrf_token: str):
        self.edits, self.token = edits, csrf_token
        self.versions: dict[int, int] = {}

    def item(self, i: int) -> dict:
        return self.edits[i % len(self.edits)]

    def sync(self, port: int, headers: dict[str, str]) -> None:
        """Read each item's version from its edit page (the in-process count saved them too)."""
        for edit in self.edits:
            status, _, _, content = request(port, "GET", edit["path"], headers)
            version = signed_in.form_version(content.decode(errors="replace"))
            if status != 200 or version is None:
                raise SystemExit(f"bench: no version on {edit['path']} (status {status})")
            self.versions[edit["pk"]] = version

    def path(self, i: int) -> str:
        return self.item(i)["path"]

    def body(self, i: int) -> bytes:
        edit = self.item(i)
        return signed_in.edit_body(edit["fields"], self.versions[edit["pk"]], self.token)

    def accept(self, i: int, response) -> bool:
        ok = redirected_to(response, self.item(i)["item_path"])
        if ok:
            self.versions[self.item(i)["pk"]] += 1
        return ok


def redirected_to(response, path: str) -> bool:
    """The redirect of a form's success: a 302 to `path` (a fragment aside)."""
    location = response.getheader("Location") or ""
    return response.status == 302 and location.split("#")[0] == path


def signed_requests(endpoint, setup: dict, cookie: str, token: str, edits: ItemEdits) -> dict:
    """load()'s keyword arguments for one signed-in endpoint: method, headers, body, accept."""
    headers = {"Cookie": cookie}
    if endpoint.kind == "page":
        return {"headers": headers, "accept": lambda _i, r: r.status == 200}
    if endpoint.kind == "json":
        return {
            "method": "POST",
            "headers": {**headers, "Content-Type": "application/json"},
            "body": json.dumps(setup["recommendations_body"]).encode(),
            "accept": lambda _i, r: r.status == 200,
        }
    if endpoint.kind == "log":
        body, content_type = signed_in.log_body(setup, token)
        return {
            "method": "POST",
            "headers": {**headers, "Content-Type": content_type},
            "body": body,
            "accept": lambda _i, r: redirected_to(r, endpoint.redirect),
        }
    return {
        "method": "POST",
        "headers": {**headers, "Content-Type": "application/x-www-form-urlencoded"},
        "body": edits.body,
        "accept": edits.accept,
    }


def probe(port: int, endpoint, spec: dict) -> str | None:
    """The first request of an endpoint, looked at closely: what is wrong with its answer, or None."""
    body = spec.get("body")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            spec.get("method", "GET"),
            endpoint.path,
            body=body(0) if callable(body) else body,
            headers=spec["headers"],
        )
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
    finally:
        conn.close()
    if spec["accept"](0, response):
        cache_control = response.getheader("Cache-Control") or ""
        if "private" not in cache_control:
            return f"answered without Cache-Control: private ({cache_control!r}): not signed in?"
        return None
    said = signed_in.form_errors(text) if endpoint.kind in ("log", "edit") else []
    location = response.getheader("Location")
    return (
        f"status {response.status}"
        + (f" to {location}" if location else "")
        + (f"; the form says: {' | '.join(said)}" if said else "")
        + (f"; body: {text[:200]!r}" if not said and response.status != 302 else "")
    )


def measure_signed(
    env: dict[str, str], tmp: Path, label: str, scale: int, extra: dict, problems: list[str]
) -> tuple[list[dict], dict]:
    """The signed-in HTTP stage at one scale (bench/signed_in.py makes the data): (records, setup)."""
    log(f"bench [{label}]: signed-in data: a generated school and a bench teacher (bench/signed_in.py)")
    t0 = time.monotonic()
    setup = run_json([sys.executable, "-m", "bench.signed_in", "setup", "--scale", str(scale)], env, "setup")
    log(f"  setup took {time.monotonic() - t0:.1f} s")
    setup_file = tmp / f"signed-{label}.json"
    setup_file.write_text(json.dumps(setup), encoding="utf-8")
    counted = run_json(
        [sys.executable, "-m", "bench.signed_in", "count", str(setup_file)],
        dict(env, ALLOWED_HOSTS="127.0.0.1,testserver"),
        "counting the signed-in queries",
    )["endpoints"]

    records = []
    server = Server(env, tmp / f"gunicorn-{label}-signed.log")
    try:
        server.wait_ready()
        csrf_cookie, token = csrf_from_page(server.port, setup["paths"]["log_item"], setup)
        edits = ItemEdits(setup["edits"], token)
        if len(setup["edits"]) < CONCURRENCY:
            log(f"  note: {CONCURRENCY} connections share {len(setup['edits'])} items to edit: conflicts")
        for endpoint in signed_in.endpoints(setup):
            name = f"signed_{endpoint.name}@{label}"
            session = f"{setup['session_cookie']}={setup['cookies'][endpoint.role]}"
            cookie = f"{session}; {setup['csrf_cookie']}={csrf_cookie}"
            spec = signed_requests(endpoint, setup, cookie, token, edits)
            c = counted[endpoint.name]
            if endpoint.kind == "edit":
                edits.sync(server.port, spec["headers"])
            wrong = probe(server.port, endpoint, spec)
            if wrong:
                problems.append(f"{name} ({endpoint.method} {endpoint.path}): the first answer: {wrong}")
            if endpoint.kind == "edit":
                edits.sync(server.port, spec["headers"])
            target = edits.path if endpoint.kind == "edit" else endpoint.path
            load(server.port, target, WARMUP_SECONDS, CONCURRENCY, **spec)
            m = load(server.port, target, SECONDS, CONCURRENCY, **spec)
            record = http_record(name, m, c["queries"], c["queries"])
            extra[name] = {
                "bytes": c["bytes"],
                "content_type": c["content_type"],
                "stylesheets": c["stylesheets"],
                "method": endpoint.method,
                "status": c["status"],
                "sql": c["sql"],
                "statuses": m["statuses"],
                "path": endpoint.path,
            }
            log_measured(record, m, c["queries"])
            if c.get("counted_ms") is not None:
                log(
                    f"    in-process: {c['counted_ms']:.1f} ms, SQL {c['sql_ms']:.0f} ms"
                    + (
                        f"; slowest query {c['slowest_ms']:.0f} ms: {c['slowest_sql'][:90]}"
                        if c["slowest_ms"]
                        else ""
                    )
                )
            records.append(record)
            if m["errors"]:
                problems.append(
                    f"{name} ({endpoint.method} {endpoint.path}): {m['errors']} errored requests, "
                    f"statuses {m['statuses']}, {m['connection_errors']} connection errors"
                )
            expected = 200 if endpoint.kind in ("page", "json") else 302
            if c["status"] != expected or (
                expected == 302 and (c["location"] or "").split("#")[0] != endpoint.redirect
            ):
                problems.append(
                    f"{name} ({endpoint.method} {endpoint.path}): status {c['status']} from the test client"
                    + (f" to {c['location']}" if c["location"] else "")
                    + (f": {c['error'][:200]}" if c.get("error") else "")
                    + (f"; the form says: {' | '.join(c['form_errors'])}" if c.get("form_errors") else "")
                )
    finally:
        server.stop()
    if any(r["errors"] for r in records):
        log(f"bench [{label}]: end of the gunicorn log:\n{server.log_tail(8)}")
    if server.proc.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL):
        log(f"bench [{label}]: gunicorn exited with {server.proc.returncode}:\n" + server.log_tail())
    set_ratios(records)
    return records, setup


def signed_checks(records: list[dict], extra: dict[str, dict], problems: list[str]) -> None:
    """The signed-in stage's targets and checks, printed after the table. A query count that differs between
    the scales is a problem (the run fails); the rest only prints."""
    by_name = {r["name"]: r for r in records}
    names = [name for name, *_ in signed_in.ENDPOINTS if f"signed_{name}@1x" in by_name]
    for name in names:
        first, last = (by_name.get(f"signed_{name}@{s}x") for s in (SCALES[0], SCALES[-1]))
        if first and first["baseline_ratio"] is not None and first["baseline_ratio"] < SIGNED_TARGET_RATIO:
            ratio = first["baseline_ratio"]
            log(f"below target: {first['name']} baseline_ratio {ratio} < {SIGNED_TARGET_RATIO}")
        if (
            first
            and last
            and first["median_ms"]
            and last["median_ms"]
            and last["median_ms"] > SIGNED_MAX_GROWTH * first["median_ms"]
        ):
            log(
                f"below target: signed_{name}: median {last['median_ms']:.1f} ms at {SCALES[-1]}x > "
                f"{SIGNED_MAX_GROWTH} x {first['median_ms']:.1f} ms at {SCALES[0]}x "
                f"(x{last['median_ms'] / first['median_ms']:.2f})"
            )
        for r in (first, last):
            if r and extra[r["name"]]["method"] == "POST" and (r["queries"] or 0) > POST_MAX_QUERIES:
                log(f"below target: {r['name']}: {r['queries']} SQL queries > {POST_MAX_QUERIES} for a POST")
        if first and last and first["queries"] != last["queries"]:
            problems.append(
                f"signed_{name}: query count grows with data: "
                f"{SCALES[0]}x={first['queries']}, {SCALES[-1]}x={last['queries']}"
            )
            log(f"queries of signed_{name} at {SCALES[-1]}x not at {SCALES[0]}x (first 5):")
            a, b = extra[first["name"]]["sql"], extra[last["name"]]["sql"]
            for sql in [q for q in b if q not in a][:5]:
                log(f"    {sql[:300]}")
            log(f"queries of signed_{name} at {SCALES[0]}x not at {SCALES[-1]}x (first 5):")
            for sql in [q for q in a if q not in b][:5]:
                log(f"    {sql[:300]}")
    gets = [n for n in names if extra[f"signed_{n}@1x"]["method"] == "GET"]
    if gets:
        log("signed-in GET sizes (bytes, " + " / ".join(f"{s}x" for s in SCALES) + "):")
        for name in gets:
            sizes = [extra.get(f"signed_{name}@{s}x", {}).get("bytes") for s in SCALES]
            kind = extra[f"signed_{name}@1x"].get("content_type", "").split(";")[0]
            log(f"  {name:<22} " + " / ".join(fmt(b, "d") for b in sizes) + f"  {kind}")


def add_weights(extra: dict[str, dict], static_root: Path) -> None:
    """The weight of every HTML page that answered (bench/weight.py): its HTML plus the stylesheets it links,
    their sizes from the collectstatic directory (read now, while it is still there)."""
    for info in extra.values():
        if (
            "stylesheets" in info
            and (info.get("content_type") or "").startswith("text/html")
            and info.get("status") == 200
        ):
            info["weight"] = weight.weigh(info["bytes"], info["stylesheets"], static_root)


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def weight_checks(extra: dict[str, dict]) -> None:
    """The page weight of every HTML page (anonymous and signed in), printed; the target applies at 1x (the
    real framework), and a miss prints `below target:`. At 10x the weight is printed for information only."""
    pages: dict[str, dict[int, tuple[dict, str]]] = {}
    for name, info in extra.items():
        base, _, label = name.rpartition("@")
        if "weight" not in info or base in UNWEIGHED or base.endswith("_uncached"):
            continue  # an _uncached row is the same page as its cached row
        pages.setdefault(base, {})[int(label.removesuffix("x"))] = (info["weight"], info["path"])
    if not pages:
        return
    first, last = SCALES[0], SCALES[-1]
    log(
        f"page weight in KB, HTML + the CSS it links = total (target <= {PAGE_MAX_BYTES // 1024} KB at "
        f"{first}x, the real framework; at {last}x for information only: it grows with the framework's size):"
    )
    for base, by_scale in pages.items():
        cells = [
            f"{s}x "
            + (
                f"{kb(w['html']):>6} + {kb(w['css'])} = {kb(w['total']):>6}"
                if (w := by_scale.get(s, ({}, ""))[0])
                else "-"
            )
            for s in SCALES
        ]
        log(f"  {base:<28} " + "   ".join(cells))
    missing = sorted(
        {href for by_scale in pages.values() for w, _ in by_scale.values() for href in w["missing"]}
    )
    if missing:
        log("  note: stylesheets not found and not counted: " + ", ".join(missing))
    for base, by_scale in pages.items():
        if first in by_scale and by_scale[first][0]["total"] > PAGE_MAX_BYTES:
            w, path = by_scale[first]
            log(
                f"below target: page weight of {base}@{first}x {kb(w['total'])} KB (HTML {kb(w['html'])} + "
                f"CSS {kb(w['css'])}) > {PAGE_MAX_BYTES // 1024} KB ({path})"
            )


def builds_checks(
    records: list[dict], extra: dict[str, dict], activities: dict[int, int | None], problems: list[str]
) -> None:
    """The build times' targets (a miss prints `below target:`, a row within its target `within target:`),
    the cold rows for information, and the same query count at every scale (a difference fails the run)."""
    by_row: dict[str, dict[int, dict]] = {}
    for r in records:
        info = extra.get(r["name"], {})
        if "build_scale" in info:
            by_row.setdefault(r["name"].rpartition("@")[0], {})[info["build_scale"]] = r
    if not by_row:
        return
    if activities.get(SCALES[-1]) != SCALES[-1] * (activities.get(SCALES[0]) or -1):
        problems.append(
            f"builds: the {SCALES[-1]}x database holds {activities.get(SCALES[-1])} activities, "
            f"not {SCALES[-1]} x {activities.get(SCALES[0])}"
        )
    for row, by_scale in by_row.items():
        for scale, limit in BUILD_TARGETS_MS.get(row, {}).items():
            r = by_scale.get(scale)
            if r is None:
                continue
            verdict = "below target" if r["median_ms"] > limit else "within target"
            sign = ">" if r["median_ms"] > limit else "<="
            log(
                f"{verdict}: {r['name']} median {r['median_ms']:.1f} ms {sign} {limit} ms "
                f"(p95 {r['p95_ms']:.1f} ms, {r['runs']} runs, {r['queries']} queries)"
            )
    for row, by_scale in by_row.items():
        if row.endswith("_cold"):
            log(
                f"information: {row}: the first request after a framework change (once per process and "
                "version): "
                + ", ".join(
                    f"@{extra[r['name']]['activities']} median {r['median_ms']:.1f} ms, "
                    f"p95 {r['p95_ms']:.1f} ms"
                    for r in by_scale.values()
                )
            )
    for row, by_scale in by_row.items():
        counts = {s: r["queries"] for s, r in sorted(by_scale.items())}
        if len(set(counts.values())) > 1:
            names = {s: by_scale[s]["name"] for s in counts}
            problems.append(
                f"{row}: query count grows with data: "
                + ", ".join(f"{names[s]}={n}" for s, n in counts.items())
            )
            first, last = (extra[names[s]]["sql"] for s in (min(counts), max(counts)))
            log(f"queries of {names[max(counts)]} not of {names[min(counts)]} (first 5):")
            for sql in [q for q in last if q not in first][:5]:
                log(f"    {sql[:200]}")


def anonymous_checks(records: list[dict], extra: dict[str, dict], problems: list[str]) -> None:
    # Same query count at every scale.
    by_name = {r["name"]: r for r in records}
    for name, _ in ENDPOINTS:
        if f"{name}@{SCALES[0]}x" not in by_name:
            continue
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


def stages_wanted(argv: list[str]) -> list[str]:
    parser = argparse.ArgumentParser(description="The benchmark (bench/README.md).")
    parser.add_argument(
        "--only",
        default=os.environ.get("BENCH_ONLY") or "",
        help=f"comma-separated stages to run, of {', '.join(STAGES)} (default: all; or BENCH_ONLY)",
    )
    wanted = [s.strip() for s in parser.parse_args(argv).only.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(STAGES))
    if unknown:
        parser.error(f"unknown stage {', '.join(unknown)}; the stages are {', '.join(STAGES)}")
    return [s for s in STAGES if s in wanted] if wanted else list(STAGES)


def main(argv: list[str] | None = None) -> int:
    stages = stages_wanted(sys.argv[1:] if argv is None else argv)
    results_file = (
        RESULTS_FILE
        if len(stages) == len(STAGES)
        else RESULTS_FILE.with_name(f"results-{'+'.join(stages)}.json")
    )
    # Make SIGTERM run the finally blocks (stop gunicorn, remove the temporary directory).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    log(f"bench: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {machine()}")
    log(
        f"bench: {SECONDS:g} s per endpoint after {WARMUP_SECONDS:g} s warm-up, {CONCURRENCY} connections, "
        f"gunicorn -w {WORKERS}, Python load generator; stages: {', '.join(stages)}"
    )
    if not any((ROOT / "locale").rglob("*.mo")):
        log("bench: note: no compiled translations (.mo); `make bench` compiles them first")

    tmp = Path(tempfile.mkdtemp(prefix="ontwikkelwijzer-bench-"))
    records: list[dict] = []
    extra: dict[str, dict] = {}
    activity_counts: dict[int, int] = {}
    build_activities: dict[int, int | None] = {}
    problems: list[str] = []
    try:
        static_root = tmp / "static"
        env0 = base_env(tmp, static_root)
        (tmp / "var").mkdir()
        if {"anonymous", "signed", "builds"} & set(stages):
            log("bench: collectstatic")
            collect_env = dict(env0, SQLITE_PATH=str(tmp / "collectstatic.sqlite3"))
            manage(collect_env, "collectstatic", "--noinput", "-v0")

        for scale in SCALES if "anonymous" in stages or "signed" in stages else ():
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
            if "anonymous" in stages:
                scale_records, activity_counts[scale] = measure_anonymous(env, tmp, label, extra, problems)
                records.extend(scale_records)
            # After the anonymous stage, which sees the database as it was: the generated school is added.
            if "signed" in stages:
                signed_records, setup = measure_signed(env, tmp, label, scale, extra, problems)
                records.extend(signed_records)
                activity_counts.setdefault(scale, setup["activities"])

        if "domain" in stages:
            log("bench [domain]: recommendation engine and PDF export, in-process (bench/domain.py)")
            domain = run_domain(dict(env0, SQLITE_PATH=str(tmp / "db-domain.sqlite3")))
            records.extend(domain["records"])
            problems.extend(domain["problems"])

        if "builds" in stages:
            log(
                "bench [builds]: the catalogue and the framework API built without the page cache, "
                "in-process (bench/builds.py)"
            )
            for scale in SCALES:
                log(f"bench [builds {scale}x]: migrate and load the framework, then time the builds")
                built = run_builds(dict(env0, SQLITE_PATH=str(tmp / f"db-builds-{scale}x.sqlite3")), scale)
                records.extend(built["records"])
                problems.extend(built["problems"])
                build_activities[scale] = built["activities"]
                for name, info in built["extra"].items():
                    extra[name] = {**info, "build_scale": scale, "activities": built["activities"]}

        if "overviews" in stages:
            log("bench [overviews]: team and organisation overviews on generated data (bench/overviews.py)")
            overviews = run_overviews(env0)
            records.extend(overviews["records"])
            problems.extend(overviews["problems"])
            for name, info in overviews.get("extra", {}).items():
                extra[name] = {"bytes": info.get("bytes")}
        add_weights(extra, static_root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    results_file.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")

    log("")
    log(table(records, extra))
    log("")
    if activity_counts:
        log("activities loaded: " + ", ".join(f"{s}x={n}" for s, n in activity_counts.items()))
        if activity_counts.get(10) != 10 * activity_counts.get(1, -1):
            problems.append(
                f"the 10x database holds {activity_counts.get(10)} activities, "
                f"not 10 x {activity_counts.get(1)}"
            )
    anonymous_checks(records, extra, problems)
    signed_checks(records, extra, problems)
    builds_checks(records, extra, build_activities, problems)
    weight_checks(extra)

    log(f"results written to {results_file.relative_to(ROOT)}; took {time.monotonic() - started:.0f} s")
    if problems:
        log("FAILED:")
        for p in problems:
            log(f"  - {p}")
        return 1
    log("OK: no errored requests, same query counts at every scale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
