"""In-process benchmark of domain code (no server): the recommendation engine and the PDF export of a plan.

Run by bench/run.py after the HTTP part as `python -m bench.domain`, with the same environment as the
benchmarked server; it can also run on its own (`uv run python -m bench.domain`). It migrates a throwaway
SQLite database (SQLITE_PATH from the environment, or a temporary file of its own), loads the real
framework, and prints one JSON object on stdout: {"records": [...], "problems": [...]}. Progress goes to
stderr.

Records (same keys as bench/run.py's, the HTTP-only ones null):
  recommend@34          scan.recommend.recommend over the real catalogue's 34 candidates
  recommend@1000        the same over a generated catalogue of 1,000 candidates (seeded random)
  pdf_export@20items    plans.exports.plan_pdf(plan_overview(plan), user) of a 20-item plan
Each recommend run is one call with one of the score/answer/preference combinations of combinations().
"""

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RECOMMEND_ROUNDS = {34: 250, 1000: 25}  # rounds over all combinations()
RECOMMEND_WARMUP_ROUNDS = 3
PDF_ITEMS = 20
PDF_RUNS = 5
GENERATED_CANDIDATES = 1000
SEED = 20261129
HOURS = (2, 4, 6, 8, 10, 12, 16, 20, 24, 40)
# Keys of bench/run.py's HTTP records that do not apply here.
HTTP_KEYS = ("rps", "queries", "queries_served", "baseline_ratio", "errors")


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (as in bench/run.py)."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def record(name: str, seconds: list[float], **known) -> dict:
    ordered = sorted(seconds)
    return {
        "name": name,
        **dict.fromkeys(HTTP_KEYS),
        **known,
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(percentile(ordered, 95) * 1000, 3),
        "runs": len(ordered),
    }


def combinations(statements: list) -> list[tuple[dict, dict, object]]:
    """Score/answer/preference combinations: mild, a clearly weakest aspect, formal within 40 h, informal,
    one aspect unscored (aspect scores only, as the API may get them); and two answer sets to the real
    statements (low on the work-field statements; mixed answers with some "not applicable")."""
    from ontwikkelwijzer.scan.recommend import Preferences

    low_workfield = {s.code: 1 if s.aspect == "workfield" else 4 for s in statements}
    mixed = {s.code: (None, 1, 2, 3, 4, 5)[i % 6] for i, s in enumerate(statements)}
    return [
        ({"competence": 2, "identity": 4, "workfield": 3}, {}, Preferences()),
        ({"competence": 4, "identity": 1, "workfield": 5}, {}, Preferences(max_items=10)),
        (
            {"competence": 3, "identity": 3, "workfield": 2},
            {},
            Preferences(learning="formal", hours_available=40),
        ),
        ({"competence": 1, "identity": 2, "workfield": 2}, {}, Preferences(learning="informal", max_items=8)),
        (
            {"competence": 3, "identity": None, "workfield": 4},
            {},
            Preferences(max_items=3, hours_available=24),
        ),
        ({"competence": 4.0, "identity": 4.0, "workfield": 1.0}, low_workfield, Preferences()),
        (means(mixed, statements), mixed, Preferences(max_items=8)),
    ]


def means(answers: dict, statements: list) -> dict:
    """The aspect means of answers, as the scan computes them."""
    from ontwikkelwijzer.scan.scoring import aspect_scores

    aspects = sorted({s.aspect for s in statements})
    return {
        a.aspect: a.score for a in aspect_scores(answers, {s.code: s.aspect for s in statements}, aspects)
    }


def generated_candidates(
    count: int, categories: list[str], aspects: list[str], statements: list, seed: int = SEED
) -> list:
    """A catalogue of `count` candidates with seeded random categories, aspects, contribution texts,
    learning modes, hours and links to the real statements (of the aspects they serve)."""
    from ontwikkelwijzer.scan.recommend import Candidate

    rng = random.Random(seed)
    modes = [frozenset({"informal"}), frozenset({"formal"}), frozenset({"informal", "formal"})]
    out = []
    for i in range(count):
        served = sorted(a for a in aspects if rng.random() < 0.5) or [rng.choice(aspects)]
        linked = frozenset(s.code for s in statements if s.aspect in served and rng.random() < 0.3)
        out.append(
            Candidate(
                code=f"gen-{i:04d}",
                name=f"Generated activity {i}",
                category=rng.choice(categories),
                contributions=tuple((a, f"What generated activity {i} does for {a}") for a in served),
                learning=rng.choice(modes),
                hours=rng.choice(HOURS),
                position=i,
                statements=linked,
            )
        )
    return out


def time_recommend(
    candidates: list, rounds: int, names: dict[str, str], statements: list
) -> tuple[list[float], int]:
    """Seconds per recommend() call, and the number of recommendations made in total (a sanity check)."""
    from ontwikkelwijzer.scan.recommend import recommend

    combos = combinations(statements)

    def call(scores, answers, preferences):
        return recommend(
            candidates, scores, preferences, answers=answers, statements=statements, aspect_names=names
        )

    for _ in range(RECOMMEND_WARMUP_ROUNDS):
        for combo in combos:
            call(*combo)
    seconds, made = [], 0
    for _ in range(rounds):
        for combo in combos:
            t0 = time.perf_counter()
            result = call(*combo)
            seconds.append(time.perf_counter() - t0)
            made += len(result)
    return seconds, made


def make_plan(framework, items: int):
    """A teacher with a plan of `items` catalogue activities, each with a log entry and a reflection."""
    from ontwikkelwijzer.accounts.models import User
    from ontwikkelwijzer.framework.models import Activity
    from ontwikkelwijzer.plans import services

    user = User.objects.create_user(
        email=f"bench-{items}@example.org", password=None, first_name="Bench", last_name="Teacher"
    )
    plan = services.plan_get_or_create(user=user, school_year="2026-2027")
    activities = list(
        Activity.objects.filter(framework=framework)
        .prefetch_related("contributions__aspect")
        .order_by("position")
    )
    for n in range(items):
        activity = activities[n % len(activities)]
        aspects = [c.aspect for c in activity.contributions.all()]
        item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=aspects)
        for k in range(2):
            services.log_entry_create(
                item=item,
                day=date(2026, 9 + k, 1 + n % 28),
                description=f"Log entry {k + 1} of activity {n + 1}: what was done, with whom and why. " * 2,
                hours_spent=Decimal("2.5"),
                evidence_url=f"https://example.org/evidence/{n}/{k}",
            )
        for aspect in aspects:
            services.reflection_save(
                item=item,
                aspect=aspect,
                rating=1 + n % 5,
                text=f"What activity {n + 1} yielded for {aspect}.",
            )
    return user, plan


def time_pdf(framework) -> tuple[list[float], float, int, int | None, int]:
    """Seconds per export of a 20-item plan, the first (cold) export, its size, pages and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ontwikkelwijzer.plans import exports, selectors

    user, plan = make_plan(framework, PDF_ITEMS)

    def export() -> bytes:
        return exports.plan_pdf(selectors.plan_overview(plan=plan), user)

    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        content = export()  # cold: imports WeasyPrint, reads the fonts
    cold = time.perf_counter() - t0
    seconds = []
    for _ in range(PDF_RUNS):
        t0 = time.perf_counter()
        export()
        seconds.append(time.perf_counter() - t0)
    return seconds, cold, len(content), pdf_pages(content), len(ctx.captured_queries)


def pdf_pages(content: bytes) -> int | None:
    """The page count from poppler's pdfinfo when it is installed (WeasyPrint compresses the page tree)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    result = subprocess.run([tool, "-"], input=content, capture_output=True, check=False)  # noqa: S603
    found = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


def setup_django(tmp: Path | None) -> None:
    """Settings as bench/run.py gives them; a database of our own when none is given."""
    if tmp is not None:
        os.environ["SQLITE_PATH"] = str(tmp / "domain.sqlite3")
        os.environ["VAR_DIR"] = str(tmp / "var")
        (tmp / "var").mkdir()
    for unset in ("DATABASE_URL", "FRAMEWORK_VERSION", "FRAMEWORK_FILE", "MEDIA_ROOT"):
        os.environ.pop(unset, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()


def main() -> int:
    own_tmp = (
        None if os.environ.get("SQLITE_PATH") else Path(tempfile.mkdtemp(prefix="ontwikkelwijzer-domain-"))
    )
    try:
        setup_django(own_tmp)
        return run()
    finally:
        if own_tmp is not None:
            shutil.rmtree(own_tmp, ignore_errors=True)


def run() -> int:
    from django.conf import settings
    from django.core.management import call_command

    from ontwikkelwijzer.framework.selectors import framework_structure
    from ontwikkelwijzer.framework.services import framework_load
    from ontwikkelwijzer.scan.selectors import engine_statements, recommendation_candidates, scan_statements

    db = Path(settings.DATABASES["default"]["NAME"])
    if db.exists() and db.stat().st_size:
        raise SystemExit(f"bench.domain wants an empty throwaway database, and {db} is not empty")
    err("domain: migrate and load the framework")
    call_command("migrate", "--noinput", verbosity=0)
    framework = framework_load(path=ROOT / "framework" / "bgd-2026-04.yaml").framework
    structure = framework_structure(framework=framework)
    names = {a.code: a.short_name for a in structure.aspects}

    records, problems = [], []
    real = recommendation_candidates(framework=framework)
    statements = engine_statements(scan_statements(framework=framework))
    generated = generated_candidates(
        GENERATED_CANDIDATES, structure.category_codes, structure.aspect_codes, statements
    )
    for candidates in (real, generated):
        rounds = RECOMMEND_ROUNDS.get(len(candidates), 25)
        seconds, made = time_recommend(candidates, rounds, names, statements)
        rec = record(f"recommend@{len(candidates)}", seconds)
        err(
            f"  {rec['name']:<28} median {rec['median_ms']:.3f} ms  p95 {rec['p95_ms']:.3f} ms  "
            f"{rec['runs']} runs, {made} recommendations"
        )
        if not made:
            problems.append(f"{rec['name']}: no recommendations at all")
        records.append(rec)

    seconds, cold, size, pages, queries = time_pdf(framework)
    rec = record(f"pdf_export@{PDF_ITEMS}items", seconds, queries=queries)
    err(
        f"  {rec['name']:<28} median {rec['median_ms']:.1f} ms  p95 {rec['p95_ms']:.1f} ms  "
        f"{rec['runs']} runs (first, cold: {cold * 1000:.0f} ms), {size} bytes, {pages} pages, "
        f"{queries} queries"
    )
    if size < 10_000 or (pages is not None and pages < 2):
        problems.append(f"{rec['name']}: a suspicious PDF ({size} bytes, {pages} pages)")
    records.append(rec)
    json.dump({"records": records, "problems": problems}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
