"""Load test: a fixed-duration mixed load on gunicorn with the 10x data, checking errors and worker memory.

Run with `make load` (or `uv run python bench/load.py`). See bench/README.md ("Load test"). Reuses the
server, database and percentile helpers of bench/run.py.

Environment:
  LOAD_SECONDS      measured seconds (default 30; a 3 s warm-up comes first)
  LOAD_CONCURRENCY  concurrent connections of the load generator (default 16)
  LOAD_WORKERS      gunicorn sync workers (default 4)
"""

import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench import run  # noqa: E402
from bench.run import base_env, drive, log, machine, manage, percentile, write_scaled_framework  # noqa: E402

RESULTS_FILE = ROOT / "bench" / "load-results.json"
SECONDS = float(os.environ.get("LOAD_SECONDS") or 30)
CONCURRENCY = int(os.environ.get("LOAD_CONCURRENCY") or 16)
WORKERS = int(os.environ.get("LOAD_WORKERS") or 4)
WARMUP_SECONDS = 3.0
SCALE = 10
SEED = 2026
RSS_GROWTH_PCT = 25  # a worker fails when its RSS grows by more than this many percent ...
RSS_GROWTH_MB = 30  # ... and by more than this many MB after the warm-up

SEARCHES = [
    "q=stage", "q=beoordelen", "q=identiteit", "q=werkveld", "q=bedrijf", "q=training", "q=reflectie",
    "q=stage+beoordelen", "q=training&aspect=competence", "q=werkveld&category=practice",
    "q=reflectie&learning=informal&workfield=1", "aspect=competence", "aspect=identity", "aspect=workfield",
    "category=practice", "category=expertise", "category=development", "learning=formal",
    "learning=informal", "workfield=1", "aspect=identity&category=development&learning=informal",
]  # fmt: skip
API_FILTERS = [
    "", "?q=stage", "?q=beoordelen&aspect=competence", "?q=bedrijf", "?category=practice",
    "?learning=formal", "?workfield=1", "?q=identiteit&category=development",
]  # fmt: skip
KADER = ["/kader/", "/kader/voor-wie/", "/kader/informeel-en-formeel/", "/kader/verantwoording/"]
UNKNOWN = ["bestaat-niet", "docentstage-x11", "onbekende-activiteit"]
EXPECTED_STATUS = {"not_found": 404}  # route kinds whose answer is not a 2xx


def route_mix(codes: list[str]) -> list[tuple[str, int, list[str]]]:
    """(route kind, weight, paths); a request picks a kind by weight, then one of its paths."""
    return [
        ("catalogue_overview", 10, ["/activiteiten/"]),
        ("catalogue_search", 22, [f"/activiteiten/?{s}" for s in SEARCHES]),
        ("activity_page", 30, [f"/activiteiten/{code}/" for code in codes]),
        ("home", 8, ["/"]),
        ("kader", 6, KADER),
        ("api_framework", 5, ["/api/v1/framework"]),
        ("api_activities", 12, [f"/api/v1/activities{f}" for f in API_FILTERS]),
        ("health", 4, ["/health"]),
        ("not_found", 3, [f"/activiteiten/{code}/" for code in UNKNOWN]),
    ]


class Server(run.Server):
    """run.Server with a worker count of our own (run.py's is fixed at run.WORKERS)."""

    def __init__(self, env: dict[str, str], logfile: Path, workers: int):
        fixed, run.WORKERS = run.WORKERS, workers
        try:
            super().__init__(env, logfile)
        finally:
            run.WORKERS = fixed


def mixed_load(port: int, mix, seconds: float, concurrency: int, seed: int) -> tuple[list[tuple], float]:
    """run.drive over the weighted mix: each request picks its kind, then one of its URLs."""
    kinds, weights = [k for k, _, _ in mix], [w for _, w, _ in mix]
    paths = {k: p for k, _, p in mix}

    def pick(rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(kinds, weights)[0]
        return kind, rng.choice(paths[kind])

    return drive(port, pick, seconds, concurrency, seed)


def is_error(kind: str, status: int) -> bool:
    return status != EXPECTED_STATUS[kind] if kind in EXPECTED_STATUS else not 200 <= status < 300


def ms(sorted_seconds: list[float], pct: float) -> float | None:
    return round(percentile(sorted_seconds, pct) * 1000, 1) if sorted_seconds else None


def worker_pids(master: int) -> set[int]:
    """The gunicorn workers: processes whose parent is the master."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == master:
            pids.add(int(stat.parent.name))
    return pids


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), None)
    return None if kb is None else round(int(kb) / 1024, 1)


def summarise(samples: list[tuple], elapsed: float) -> dict:
    by_kind: dict[str, list[tuple]] = defaultdict(list)
    for s in samples:
        by_kind[s[0]].append(s)
    answered = sorted(s[2] for s in samples if s[3])
    errored = [s for s in samples if is_error(s[0], s[3])]
    return {
        "requests": len(samples),
        "seconds": round(elapsed, 1),
        "rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "distinct_urls": len({s[1] for s in samples}),
        "latency_ms": {f"p{p}": ms(answered, p) for p in (50, 90, 95, 99)} | {"max": ms(answered, 100)},
        "errors": len(errored),
        "connection_errors": sum(1 for s in samples if not s[3]),
        "statuses": {str(k): v for k, v in sorted(Counter(s[3] for s in samples).items())},
        "error_examples": sorted({f"{s[3]} {s[1]}" for s in errored})[:10],
        "kinds": {
            kind: {
                "count": len(rows),
                "p50_ms": ms(lat := sorted(r[2] for r in rows if r[3]), 50),
                "p95_ms": ms(lat, 95),
                "errors": sum(is_error(kind, r[3]) for r in rows),
            }
            for kind, rows in sorted(by_kind.items())
        },
    }


def check_memory(rss_start: dict, rss_end: dict) -> tuple[list[dict], list[str]]:
    """Per worker RSS after the warm-up and at the end, and the problems: restarts, too much growth."""
    memory, problems = [], []
    if set(rss_start) != set(rss_end) or len(rss_start) != WORKERS:
        problems.append(f"worker pids changed (a restart?): {sorted(rss_start)} -> {sorted(rss_end)}")
    for pid, start in sorted(rss_start.items()):
        end = rss_end.get(pid)
        growth = None if start is None or end is None else round(end - start, 1)
        pct = None if growth is None else round(100 * growth / start, 1)
        memory.append({"pid": pid, "start_mb": start, "end_mb": end, "growth_mb": growth, "growth_pct": pct})
        if growth is not None and pct > RSS_GROWTH_PCT and growth > RSS_GROWTH_MB:
            problems.append(
                f"worker {pid}: RSS grew {start} -> {end} MB ({growth:+} MB, {pct:+}%), "
                f"more than {RSS_GROWTH_PCT}% and {RSS_GROWTH_MB} MB"
            )
    return memory, problems


def report(result: dict, memory: list[dict]) -> None:
    log("")
    log(
        f"requests: {result['requests']} in {result['seconds']} s = {result['rps']} req/s, "
        f"{result['distinct_urls']} distinct URLs"
    )
    log("latency ms: " + "  ".join(f"{k} {v}" for k, v in result["latency_ms"].items()))
    log(
        f"errors: {result['errors']} ({result['connection_errors']} connection errors); "
        f"statuses {result['statuses']} (the 404s of not_found are expected)"
    )
    log(f"{'route kind':<20} {'count':>7} {'p50_ms':>8} {'p95_ms':>8} {'errors':>7}")
    for kind, k in result["kinds"].items():
        log(f"{kind:<20} {k['count']:>7} {k['p50_ms']!s:>8} {k['p95_ms']!s:>8} {k['errors']:>7}")
    log(f"worker RSS (VmRSS) after the {WARMUP_SECONDS:g} s warm-up -> at the end:")
    for m in memory:
        growth = "gone" if m["growth_mb"] is None else f"{m['growth_mb']:+} MB, {m['growth_pct']:+}%"
        log(f"  pid {m['pid']}: {m['start_mb']} -> {m['end_mb']} MB ({growth})")


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally block on SIGTERM
    date = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    log(f"load: {date}; {machine()}")
    log(
        f"load: {SECONDS:g} s after a {WARMUP_SECONDS:g} s warm-up, {CONCURRENCY} connections, "
        f"gunicorn -w {WORKERS}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="ontwikkelwijzer-load-"))
    server = None
    try:
        env = dict(base_env(tmp, tmp / "static"), SQLITE_PATH=str(tmp / "db.sqlite3"))
        (tmp / "var").mkdir()
        log(f"load: collectstatic, migrate, load the {SCALE}x framework")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "migrate", "--noinput", "-v0")
        framework_file = write_scaled_framework(SCALE, tmp / f"framework-{SCALE}x.yaml")
        log("  " + manage(env, "load_framework", str(framework_file)).strip())
        codes = [a["code"] for a in yaml.safe_load(framework_file.read_text(encoding="utf-8"))["activities"]]
        mix = route_mix(codes)

        server = Server(env, tmp / "gunicorn.log", WORKERS)
        server.wait_ready()
        deadline = time.monotonic() + 30
        while len(worker_pids(server.proc.pid)) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        mixed_load(server.port, mix, WARMUP_SECONDS, CONCURRENCY, seed=SEED - 1)
        rss_start = {pid: rss_mb(pid) for pid in worker_pids(server.proc.pid)}
        log(f"load: warm-up done; measuring for {SECONDS:g} s")
        samples, elapsed = mixed_load(server.port, mix, SECONDS, CONCURRENCY, seed=SEED)
        rss_end = {pid: rss_mb(pid) for pid in worker_pids(server.proc.pid)}
        gunicorn_log = server.log_tail(8)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    result = summarise(samples, elapsed)
    memory, problems = check_memory(rss_start, rss_end)
    if result["errors"] or not result["requests"]:
        examples = ", ".join(result["error_examples"])
        problems.insert(0, f"{result['errors']} of {result['requests']} requests errored, e.g. {examples}")
    report(result, memory)
    if result["errors"]:
        log(f"end of the gunicorn log:\n{gunicorn_log}")
    settings = {"seconds": SECONDS, "warmup_seconds": WARMUP_SECONDS, "concurrency": CONCURRENCY,
                "workers": WORKERS, "activities": len(codes), "seed": SEED}  # fmt: skip
    record = {"date": date, "machine": machine(), "settings": settings, **result, "memory": memory,
              "problems": problems, "passed": not problems}  # fmt: skip
    RESULTS_FILE.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    log(f"results written to {RESULTS_FILE.relative_to(ROOT)}")
    if problems:
        log("FAILED:\n" + "\n".join(f"  - {p}" for p in problems))
        return 1
    log(f"OK: no errors, no restarts, no worker grew by more than {RSS_GROWTH_PCT}% and {RSS_GROWTH_MB} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
