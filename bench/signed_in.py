"""The signed-in stage of the benchmark: its data, its endpoints, and its in-process SQL query counts.

Run by bench/run.py, per scale, with that scale's environment (SQLITE_PATH of the database run.py made,
SECRET_KEY, ...), after the anonymous stage:

  python -m bench.signed_in setup --scale N    generate a school (manage.py generate_data) and one bench
                                               teacher with a scan and a 20-item plan; prints JSON (below)
  python -m bench.signed_in count FILE         the SQL queries of one request per signed-in endpoint, with
                                               FILE the JSON of `setup`; prints JSON

The setup's JSON: the session cookie value per role (teacher, leader, hr; made with the test Client's
force_login, so the sessions are rows in the database that gunicorn reads), the cookie names, the pks and
paths of what the endpoints show, and the bodies of the POSTs (the log entry, the current values of each item
that the item-edit POST sends back, the answers for the recommendations API).

This module is imported by bench/run.py too (ENDPOINTS, endpoints(), the body and HTML helpers): nothing at
module level imports Django.
"""

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.weight import stylesheet_hrefs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

SEED = 20261201
# generate_data per scale: ten times the teams, teachers and items at 10x, the same team size (20).
GENERATE = {
    1: {"teams": 10, "teachers": 200, "items": 4_000},
    10: {"teams": 100, "teachers": 2_000, "items": 40_000},
}
PLAN_ITEMS = 20
MEASURED_ACTIVITY = "docentstage"  # the activity page measured; it is in the bench teacher's plan too
TEACHER_EMAIL = "bench-teacher@gen.example"
MULTIPART_BOUNDARY = "----benchsignedinboundary7MA4YWxkTrZu0gW"

# (name, role, method, key of the path in the setup's "paths"). GETs first, POSTs last: the log POSTs add
# rows to their own item only, the edit POSTs send each item's current values back.
ENDPOINTS = [
    ("signed_in_baseline", "teacher", "GET", "signed_in_baseline"),
    ("catalogue", "teacher", "GET", "catalogue"),
    ("catalogue_filtered", "teacher", "GET", "catalogue_filtered"),
    ("activity_page", "teacher", "GET", "activity_page"),
    ("scan_form", "teacher", "GET", "scan_form"),
    ("scan_result", "teacher", "GET", "scan_result"),
    ("plan", "teacher", "GET", "plan"),
    ("item_page", "teacher", "GET", "item_page"),
    ("team_overview", "leader", "GET", "team_overview"),
    ("org_overview", "hr", "GET", "org_overview"),
    ("api_framework", "teacher", "GET", "api_framework"),
    ("recommendations", "teacher", "POST", "recommendations"),
    ("log_entry_post", "teacher", "POST", "log_entry_post"),
    ("plan_item_post", "teacher", "POST", "plan_item_post"),
]


@dataclass(frozen=True)
class Endpoint:
    name: str
    role: str
    method: str
    path: str
    # "page" (GET, answers 200), "json" (the recommendations API: a JSON POST, answers 200), "log" (the log
    # form, multipart), "edit" (the item form, urlencoded, one item per connection): a form POST answers the
    # redirect of success, a 302 to `redirect`.
    kind: str
    redirect: str | None = None


def endpoints(setup: dict) -> list[Endpoint]:
    paths = setup["paths"]
    out = []
    for name, role, method, key in ENDPOINTS:
        kind = {"recommendations": "json", "log_entry_post": "log", "plan_item_post": "edit"}.get(
            name, "page"
        )
        redirect = {"log": paths["log_item"], "edit": setup["edits"][0]["item_path"]}.get(kind)
        out.append(Endpoint(name, role, method, paths[key], kind, redirect))
    return out


# --- bodies and HTML, shared with run.py (no Django) ---------------------------------------------------


def multipart(fields: dict[str, str], files: tuple[str, ...] = ()) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it, with an empty file part for each of `files` (a file
    input left empty); (body, content type)."""
    lines = []
    for name, value in fields.items():
        lines += [f"--{MULTIPART_BOUNDARY}", f'Content-Disposition: form-data; name="{name}"', "", value]
    for name in files:
        lines += [
            f"--{MULTIPART_BOUNDARY}",
            f'Content-Disposition: form-data; name="{name}"; filename=""',
            "Content-Type: application/octet-stream",
            "",
            "",
        ]
    lines += [f"--{MULTIPART_BOUNDARY}--", ""]
    return "\r\n".join(lines).encode(), f"multipart/form-data; boundary={MULTIPART_BOUNDARY}"


def log_body(setup: dict, csrf_token: str) -> tuple[bytes, str]:
    return multipart({"csrfmiddlewaretoken": csrf_token, **setup["log_fields"]}, files=("evidence_file",))


def edit_body(fields: dict, version: int, csrf_token: str) -> bytes:
    return urlencode({"csrfmiddlewaretoken": csrf_token, **fields, "version": version}, doseq=True).encode()


def _input_value(html: str, name: str) -> str | None:
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            found = re.search(r'\bvalue="([^"]*)"', tag)
            return found.group(1) if found else ""
    return None


def form_token(html: str) -> str | None:
    """The csrfmiddlewaretoken of the first form on the page."""
    return _input_value(html, "csrfmiddlewaretoken")


def form_version(html: str) -> int | None:
    """The item form's hidden `version` (what the next save must send)."""
    value = _input_value(html, "version")
    return int(value) if value and value.isdigit() else None


def form_errors(html: str) -> list[str]:
    """What a re-rendered form says is wrong (the error summary and the messages next to the fields)."""
    found = re.findall(r'<(?:li|p|span)[^>]*class="[^"]*error[^"]*"[^>]*>(.*?)</(?:li|p|span)>', html, re.S)
    found += re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", f).strip() for f in found if f.strip()][:10]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- setup -------------------------------------------------------------------------------------------


def setup(scale: int) -> dict:
    import django

    django.setup()
    from datetime import date, timedelta
    from decimal import Decimal

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from ontwikkelwijzer.accounts.models import User
    from ontwikkelwijzer.core import schoolyear
    from ontwikkelwijzer.framework.models import Activity
    from ontwikkelwijzer.framework.selectors import framework_get_current
    from ontwikkelwijzer.overviews import stats
    from ontwikkelwijzer.plans import services as plans
    from ontwikkelwijzer.plans.constants import ItemStatus
    from ontwikkelwijzer.plans.forms import PlanItemForm
    from ontwikkelwijzer.plans.log_forms import LogEntryForm
    from ontwikkelwijzer.scan.services import ScanInput, scan_create
    from ontwikkelwijzer.teams.constants import Role
    from ontwikkelwijzer.teams.models import Membership, Organisation

    if User.objects.filter(email=TEACHER_EMAIL).exists():
        raise SystemExit(f"bench.signed_in: this database has a bench teacher already ({TEACHER_EMAIL})")
    args = GENERATE[scale]
    t0 = time.perf_counter()
    before = set(Organisation.objects.values_list("pk", flat=True))
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
    (organisation,) = Organisation.objects.exclude(pk__in=before)
    generated = time.perf_counter() - t0
    log(
        f"  generated {organisation.name}: {args['teams']} teams, {args['teachers']} teachers, "
        f"{args['items']} items over 2 school years, with scans, in {generated:.1f} s"
    )

    t1 = time.perf_counter()
    leader_membership = (
        Membership.objects.filter(organisation=organisation, role=Role.TEAM_LEADER)
        .select_related("team", "user")
        .order_by("team__name")
        .first()
    )
    team, leader = leader_membership.team, leader_membership.user
    hr = Membership.objects.select_related("user").get(organisation=organisation, role=Role.HR).user
    framework = framework_get_current()
    today = date.today()
    year = schoolyear.school_year_for(today)
    first, last = schoolyear.bounds(year)
    aspects_of = {}
    wanted = list(framework.activities.filter(organisation=None).order_by("position", "pk")[:PLAN_ITEMS])
    if MEASURED_ACTIVITY not in {a.code for a in wanted}:
        wanted[-1] = framework.activities.get(code=MEASURED_ACTIVITY)
    for activity in Activity.objects.filter(pk__in=[a.pk for a in wanted]).prefetch_related(
        "contributions__aspect"
    ):
        aspects_of[activity.pk] = sorted(
            (c.aspect for c in activity.contributions.all()), key=lambda a: a.number
        )

    def past(days_ago: int) -> date:
        return max(first, today - timedelta(days=days_ago))

    with transaction.atomic(), stats.deferred():
        teacher = User.objects.create_user(
            email=TEACHER_EMAIL,
            password=None,
            first_name="Bench",
            last_name="Docent",
            fte=Decimal("0.80"),
            email_verified_at=timezone.now(),
        )
        Membership.objects.create(user=teacher, organisation=organisation, team=team, role=Role.TEACHER)
        statements = list(framework.scan_statements.order_by("position").values_list("code", flat=True))
        scan = scan_create(
            user=teacher,
            framework=framework,
            data=ScanInput(
                answers={code: 1 + (n * 3) % 5 for n, code in enumerate(statements)},
                learning="any",
                hours_available=40,
            ),
        )
        plan = plans.plan_get_or_create(user=teacher, school_year=year)
        # Statuses: the measured item and the log item are in progress (a log entry on a planned item would
        # change its status, and the edit of it); then a mix.
        cycle = [ItemStatus.IN_PROGRESS, ItemStatus.PLANNED, ItemStatus.DONE, ItemStatus.PLANNED]
        items = []
        for n, activity in enumerate(wanted):
            status = ItemStatus.IN_PROGRESS if n < 2 else cycle[n % len(cycle)]
            items.append(
                plans.plan_item_create(
                    plan=plan,
                    data=plans.ItemData(
                        activity=activity,
                        goal=f"Bench-doel {n + 1}: wat ik na {activity.name} anders wil doen in mijn lessen.",
                        aspects=aspects_of[activity.pk],
                        start_date=first,
                        end_date=last,
                        estimated_hours=Decimal(activity.estimated_hours),
                        status=status,
                        follow_up="Delen in het team." if status == ItemStatus.DONE else "",
                    ),
                )
            )
        # The measured item: the plan's docentstage, with a log and reflections. A few more with log entries,
        # the done ones with reflections.
        measured = next(i for i in items if i.activity.code == MEASURED_ACTIVITY)
        log_item = next(i for i in items if i is not measured and i.status == ItemStatus.IN_PROGRESS)
        logged = [measured, log_item] + [i for i in items if i.status == ItemStatus.DONE][:4]
        for item in logged:
            for k in range(3 if item is measured else 2):
                plans.log_entry_create(
                    item=item,
                    day=past(30 - 10 * k),
                    description=f"Stap {k + 1}: gedaan en besproken met een collega.",
                    hours_spent=Decimal(2 + k),
                    evidence_url="https://portfolio.example/bench" if k == 0 else "",
                )
        for item in [measured] + [i for i in logged if i.status == ItemStatus.DONE]:
            plans.reflections_save(
                item=item,
                changes=[
                    (a, 3 + n % 3, f"Wat het opleverde voor {a.name}.")
                    for n, a in enumerate(item.aspects.all())
                ],
            )
    edit_items = [i for i in items if i.pk not in (measured.pk, log_item.pk)]

    # The item form's current values, as the edit page would send them back; checked to be valid and to
    # change nothing.
    edits = []
    for item in edit_items:
        item.refresh_from_db()
        initial = PlanItemForm.initial_from(item)
        fields = {
            "activity": initial["activity"] or "",
            "title": initial["title"],
            "goal": initial["goal"],
            "aspects": [str(a.pk) for a in initial["aspects"]],
            "start_date": initial["start_date"].isoformat(),
            "end_date": initial["end_date"].isoformat(),
            "estimated_hours": format(initial["estimated_hours"].normalize(), "f"),
            "status": initial["status"],
            "follow_up": initial["follow_up"],
            "team_goal": initial["team_goal"] or "",
        }
        form = PlanItemForm({**fields, "version": initial["version"]}, plan=plan, initial=initial)
        if not form.is_valid():
            raise SystemExit(
                f"bench.signed_in: the edit of item {item.pk} is not valid: {form.errors.as_json()}"
            )
        if form.changed_data and set(form.changed_data) - {"version"}:
            raise SystemExit(f"bench.signed_in: the edit of item {item.pk} changes {form.changed_data}")
        edits.append(
            {
                "pk": item.pk,
                "path": reverse("plans:item_edit", args=[item.pk]),
                "item_path": reverse("plans:item", args=[item.pk]),
                "fields": fields,
            }
        )
    log_fields = {
        "date": today.isoformat(),
        "description": "Bench: een uur met een collega de opdracht voor de stage besproken.",
        "hours_spent": "1",
        "evidence_url": "",
    }
    check = LogEntryForm(log_fields, item=log_item)
    if not check.is_valid():
        raise SystemExit(f"bench.signed_in: the log entry is not valid: {check.errors.as_json()}")

    cookies = {}
    for role, user in (("teacher", teacher), ("leader", leader), ("hr", hr)):
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    made = time.perf_counter() - t1
    log(
        f"  bench teacher {teacher.email} in {team.name} (leader {leader.email}, HR {hr.email}): a scan of "
        f"{len(statements)} answers, a plan {year} of {len(items)} items, in {made:.1f} s"
    )
    return {
        "scale": scale,
        "activities": Activity.objects.filter(framework=framework, organisation=None).count(),
        "generate": {**args, "seconds": round(generated, 1)},
        "setup_seconds": round(made, 1),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "cookies": cookies,
        "school_year": year,
        "teacher": teacher.pk,
        "organisation": organisation.pk,
        "team": team.pk,
        "scan": scan.pk,
        "plan": plan.pk,
        "item": measured.pk,
        "log_item_pk": log_item.pk,
        "plan_items": len(items),
        "edits": edits,
        "log_fields": log_fields,
        "recommendations_body": {
            "answers": {code: 1 + (n * 3) % 5 for n, code in enumerate(statements)},
            "preferences": {"max_items": 5},
        },
        "paths": {
            "signed_in_baseline": "/bench/signed-in",
            "catalogue": reverse("framework:catalogue"),
            "catalogue_filtered": reverse("framework:catalogue") + "?q=beoordelen&aspect=competence",
            "activity_page": reverse("framework:activity", args=[MEASURED_ACTIVITY]),
            "scan_form": reverse("scan:form"),
            "scan_result": reverse("scan:detail", args=[scan.pk]),
            "plan": reverse("plans:detail", args=[year]),
            "item_page": reverse("plans:item", args=[measured.pk]),
            "team_overview": reverse("overviews:team", args=[team.pk]),
            "org_overview": reverse("overviews:organisation", args=[organisation.pk]),
            "api_framework": "/api/v1/framework",
            "recommendations": "/api/v1/recommendations",
            "log_entry_post": reverse("plans:log_add", args=[log_item.pk]),
            "log_item": reverse("plans:item", args=[log_item.pk]),
            "plan_item_post": edits[0]["path"],
        },
    }


# --- query counts ------------------------------------------------------------------------------------


def count(setup_data: dict) -> dict:
    """One warm-up request and one counted request per endpoint, through the test Client with the role's
    session cookie (and the CSRF cookie and form token for the form POSTs, which are checked)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def client_for(role: str) -> Client:
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        client.cookies[setup_data["session_cookie"]] = setup_data["cookies"][role]
        return client

    clients = {role: client_for(role) for role in setup_data["cookies"]}
    teacher = clients["teacher"]
    # The CSRF cookie and a form token, as a browser gets them: from the page with the form.
    page = teacher.get(setup_data["paths"]["log_item"])
    token = form_token(page.content.decode())
    if page.status_code != 200 or not token:
        raise SystemExit(f"bench.signed_in count: no CSRF token on the log item's page ({page.status_code})")
    edit = setup_data["edits"][0]

    def prepared(endpoint: Endpoint):
        """The endpoint's request, ready to send: what it needs first (the edit's version) is fetched now."""
        client = clients[endpoint.role]
        if endpoint.kind == "page":
            return lambda: client.get(endpoint.path)
        if endpoint.kind == "json":
            body = json.dumps(setup_data["recommendations_body"])
            return lambda: client.post(endpoint.path, body, content_type="application/json")
        if endpoint.kind == "log":
            body, content_type = log_body(setup_data, token)
            return lambda: client.generic("POST", endpoint.path, body, content_type=content_type)
        version = form_version(client.get(edit["path"]).content.decode())
        body = edit_body(edit["fields"], version or 0, token)
        return lambda: client.generic(
            "POST", endpoint.path, body, content_type="application/x-www-form-urlencoded"
        )

    out = {}
    for endpoint in endpoints(setup_data):
        error = None
        try:
            prepared(endpoint)()  # warm-up
            send = prepared(endpoint)
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = send()
                counted_ms = (time.perf_counter() - t0) * 1000
            status, body = response.status_code, response.content
            location, content_type = response.get("Location"), response.get("Content-Type", "")
        except Exception as exc:  # noqa: BLE001  (a failing page is a finding)
            status, body, location, content_type, ctx, counted_ms = 500, b"", None, "", None, None
            error = f"{type(exc).__name__}: {exc}"
        queries = ctx.captured_queries if ctx is not None else []
        timed = sorted(((float(q["time"]), q["sql"]) for q in queries), reverse=True)
        out[endpoint.name] = {
            "path": endpoint.path,
            "method": endpoint.method,
            "status": status,
            "location": location,
            "bytes": len(body),
            "content_type": content_type,
            # The stylesheets an HTML page links, for its weight (bench/weight.py).
            "stylesheets": stylesheet_hrefs(body.decode(errors="replace"))
            if content_type.startswith("text/html")
            else [],
            "error": error,
            "form_errors": form_errors(body.decode(errors="replace"))
            if endpoint.kind in ("log", "edit")
            else [],
            "queries": len(queries),
            "sql": [q["sql"] for q in queries],
            # Where the counted request's time went.
            "counted_ms": None if counted_ms is None else round(counted_ms, 1),
            "sql_ms": round(sum(t for t, _ in timed) * 1000, 1),
            "slowest_ms": round(timed[0][0] * 1000, 1) if timed else None,
            "slowest_sql": timed[0][1] if timed else "",
        }
    return {"endpoints": out}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup")
    p.add_argument("--scale", type=int, choices=sorted(GENERATE), required=True)
    p = sub.add_parser("count")
    p.add_argument("file")
    args = parser.parse_args()
    if args.command == "setup":
        result = setup(args.scale)
    else:
        with open(args.file, encoding="utf-8") as f:
            result = count(json.load(f))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
