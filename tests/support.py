"""Test helpers shared by the apps' tests: people with a role, plan items, scans, the self-scan form's
data, the overview counters and their rebuild.

Plain functions (not fixtures), so each test states what it builds.
"""

import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear, signals
from ontwikkelwijzer.framework.models import ScanStatement
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.models import DevelopmentPlan, PlanItem
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from ontwikkelwijzer.workfield.models import Offer, OfferRequest, Partner

_serial = count(1)


def person(
    organisation: Organisation | None = None,
    team: Team | None = None,
    role: str | None = None,
    name: str = "",
    joined: datetime | None = None,
) -> User:
    """A new user with a unique e-mail address and name, with the role in the team (or organisation)
    since ``joined`` (default: three years ago, so the team's figures count their earlier plans too)."""
    n = next(_serial)
    user = User.objects.create_user(
        email=f"persoon{n}@school.nl", password="x", first_name=name or f"Voornaam{n}", last_name=f"Achter{n}"
    )
    if organisation is not None:
        membership = Membership.objects.create(user=user, organisation=organisation, team=team, role=role)
        since = joined or timezone.now() - timedelta(days=3 * 366)
        Membership.objects.filter(pk=membership.pk).update(created_at=since)
        signals.changed(user.pk)
    return user


def add(plan: DevelopmentPlan, framework, code: str, aspects: tuple[str, ...] = (), **changes) -> PlanItem:
    """A catalogue activity in the plan, aimed at the given aspects (default: those it contributes to)."""
    activity = framework.activities.get(code=code)
    if aspects:
        chosen = list(framework.aspects.filter(code__in=aspects))
    else:
        chosen = [c.aspect for c in activity.contributions.all()]
    item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=chosen)
    if changes:
        PlanItem.objects.filter(pk=item.pk).update(**changes)
        signals.changed(plan.user_id)  # update() sends no signal
        item.refresh_from_db()
    return item


def own(
    plan: DevelopmentPlan,
    framework,
    aspects: tuple[str, ...],
    title: str = "Eigen onderzoek",
    hours: str = "5",
) -> PlanItem:
    """One of the teacher's own activities (not in the framework), for the whole school year."""
    start, end = schoolyear.bounds(plan.school_year)
    return services.plan_item_create(
        plan=plan,
        data=services.ItemData(
            goal="Eigen doel",
            title=title,
            aspects=list(framework.aspects.filter(code__in=aspects)),
            start_date=start,
            end_date=end,
            estimated_hours=Decimal(hours),
        ),
    )


def scan(user: User, framework, value: int) -> Scan:
    """A self-scan answering every statement with the same value."""
    codes = framework.scan_statements.values_list("code", flat=True)
    return scan_create(user=user, framework=framework, data=ScanInput(answers=dict.fromkeys(codes, value)))


def answers(framework, per_aspect: dict[str, str], **extra) -> dict[str, str]:
    """The self-scan form's data answering every statement of an aspect with the same value."""
    data = {"learning": "any", "hours_available": ""}
    for statement in ScanStatement.objects.filter(framework=framework).select_related("aspect"):
        data[f"s_{statement.code}"] = per_aspect[statement.aspect.code]
    return {**data, **extra}


def snapshot() -> dict:
    """Every overview group row with counters, by (organisation, team, school year)."""
    return {
        (row.organisation_id, row.team_id, row.school_year): row.counts
        for row in GroupStats.objects.all()
        if row.counts
    }


def rebuilt() -> dict:
    """The group rows as a rebuild from scratch makes them (in a savepoint that is rolled back)."""
    with transaction.atomic():
        stats.rebuild()
        found = snapshot()
        transaction.set_rollback(True)
    return found


def accepted_offer(partner: Partner, teacher: User, kind: str, status: str = OfferRequest.Status.ACCEPTED):
    """A partner's open docentstage-like offer for 30 days and this teacher's request for it."""
    offer = Offer.objects.create(
        partner=partner,
        kind=kind,
        title="Meeloopdag",
        description="Een dag meelopen",
        activity_code="docentstage",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + timedelta(days=30),
        places=3,
    )
    return OfferRequest.objects.create(offer=offer, teacher=teacher, message="Graag", status=status)


def queries_per_get(client, urls: list[str]) -> tuple[list[int], object]:
    """The number of SQL queries of a GET of each URL (each must answer 200), and the last response."""
    counts, response = [], None
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return counts, response


def csv_rows(content: bytes) -> list[list[str]]:
    """A CSV download as a spreadsheet reads it: it must start with the UTF-8 byte-order mark; its cells are
    split on the semicolon (a download in Dutch) or the comma (in English)."""
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte-order mark: Excel would read the file as Windows-1252"
    text = text[1:]
    delimiter = ";" if ";" in text.partition("\n")[0] else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def csv_dicts(content: bytes) -> list[dict[str, str]]:
    header, *rows = csv_rows(content)
    return [dict(zip(header, row, strict=True)) for row in rows]


def migrate(targets: list[tuple[str, str | None]]):
    """Migrate the test database to the targets (``(app, None)``: before the app's first migration); the
    app registry of that state, for writing rows as the models were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps
