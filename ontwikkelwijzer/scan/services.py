"""Writes for the self-scan: saving a scan, keeping a visitor's scan in the session, claiming it."""

from dataclasses import asdict, dataclass, field

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.session import PENDING_SCAN_SESSION_KEY
from ontwikkelwijzer.core import signals
from ontwikkelwijzer.framework.models import Activity, Framework, ScanStatement
from ontwikkelwijzer.scan.models import Scan, ScanAnswer

SESSION_KEY = PENDING_SCAN_SESSION_KEY


@dataclass(frozen=True)
class ScanInput:
    answers: dict[str, int | None]
    learning: str = "any"
    hours_available: int | None = None
    done: tuple[str, ...] = field(default_factory=tuple)


def scan_create(*, user: User, framework: Framework, data: ScanInput) -> Scan:
    statements = {s.code: s for s in ScanStatement.objects.filter(framework=framework, code__in=data.answers)}
    with transaction.atomic():
        scan = Scan.objects.create(
            user=user,
            framework=framework,
            learning_preference=data.learning,
            hours_available=data.hours_available,
        )
        ScanAnswer.objects.bulk_create(
            ScanAnswer(scan=scan, statement=statements[code], value=value)
            for code, value in data.answers.items()
            if code in statements
        )
        scan.done_activities.set(Activity.objects.filter(framework=framework, code__in=data.done))
    signals.changed(user.pk)  # the answers were inserted in bulk, which sends no signal
    return scan


def scan_keep_in_session(*, session: SessionBase, framework: Framework, data: ScanInput) -> None:
    """A visitor without an account: the scan lives in their session until they sign up or log in."""
    session[SESSION_KEY] = {"framework": framework.pk, **asdict(data)}


def scan_from_session(session: SessionBase) -> tuple[int, ScanInput] | None:
    raw = session.get(SESSION_KEY)
    if not raw:
        return None
    return raw["framework"], ScanInput(
        answers=raw["answers"],
        learning=raw["learning"],
        hours_available=raw["hours_available"],
        done=tuple(raw["done"]),
    )


def scan_claim_from_session(*, user: User, session: SessionBase) -> Scan | None:
    """Save the visitor's scan for the account they just created or logged in to."""
    pending = scan_from_session(session)
    if pending is None:
        return None
    framework = Framework.objects.filter(pk=pending[0]).first()
    del session[SESSION_KEY]
    if framework is None:
        return None
    return scan_create(user=user, framework=framework, data=pending[1])
