"""Team members: invitation links, and adding many people at once from a CSV file.

The CSV import works in two steps, so a team leader sees what will happen before anything changes:
- parse_member_csv checks every row without the database (pure: text in, ImportPlan out);
- import_plan looks up who already has an account and who is already in the team, with one query each
  whatever the number of rows;
- import_apply makes the accounts and memberships in one transaction, then mails each new person a link
  to choose a password.
"""

import csv
import hashlib
import io
import logging
import re
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import stats
from ontwikkelwijzer.teams.constants import INVITATION_DAYS, TEAM_ROLES, Role
from ontwikkelwijzer.teams.models import Invitation, Membership, Team

logger = logging.getLogger(__name__)

# --- Invitation links -------------------------------------------------------------------------------

EXPIRED = "expired"
USED_UP = "used_up"


class InvitationInvalid(Exception):
    """The invitation cannot be used (any more); `reason` is EXPIRED or USED_UP."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_create(*, team: Team, role: str, created_by: User) -> Invitation:
    """A link to join `team` with `role` (teacher or team leader), valid for INVITATION_DAYS days."""
    if role not in TEAM_ROLES:
        raise ValueError(f"Not a team role: {role}")
    return Invitation.objects.create(
        organisation=team.organisation,
        team=team,
        role=role,
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )


TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+")  # what secrets.token_urlsafe makes


def invitation_get(token: str) -> Invitation | None:
    if not TOKEN_RE.fullmatch(token or "") or len(token) > Invitation._meta.get_field("token").max_length:
        return None
    return Invitation.objects.select_related("organisation", "team").filter(token=token).first()


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the invitation cannot be used: EXPIRED, USED_UP, or None when it can."""
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    if invitation.uses >= invitation.max_uses:
        return USED_UP
    return None


def invitations_active(*, team: Team) -> list[Invitation]:
    return list(
        Invitation.objects.filter(team=team, expires_at__gt=timezone.now(), uses__lt=F("max_uses")).order_by(
            "-created_at", "-pk"
        )
    )


def invitation_accept(*, invitation: Invitation, user: User) -> tuple[Membership, bool]:
    """Make `user` a member as the invitation says; (membership, created).

    Someone who already has the membership keeps it and uses up nothing. Otherwise one use is counted,
    in the database (F expression, only while still valid), so two people accepting at the same moment
    cannot go past max_uses; if the invitation turned invalid meanwhile nothing is saved.
    """
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationInvalid(problem)
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=invitation.organisation, team=invitation.team, role=invitation.role
            )
            if created:
                counted = Invitation.objects.filter(
                    pk=invitation.pk, expires_at__gt=timezone.now(), uses__lt=F("max_uses")
                ).update(uses=F("uses") + 1)
                if not counted:
                    raise InvitationInvalid(USED_UP)  # rolls the membership back
    except InvitationInvalid:
        invitation.refresh_from_db()
        raise InvitationInvalid(invitation_problem(invitation) or USED_UP) from None
    return membership, created


# --- CSV import: parsing ----------------------------------------------------------------------------

MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 2000
NAME_MAX_LENGTH = User._meta.get_field("first_name").max_length
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
FTE_MIN = Decimal("0.05")
FTE_MAX = Decimal("1")

# Header names, in English as documented and in Dutch as people tend to write them.
COLUMNS = {
    "email": "email",
    "e-mail": "email",
    "e-mailadres": "email",
    "first_name": "first_name",
    "voornaam": "first_name",
    "last_name": "last_name",
    "achternaam": "last_name",
    "role": "role",
    "rol": "role",
    "fte": "fte",
}
ROLES = {
    "": Role.TEACHER,
    "teacher": Role.TEACHER,
    "docent": Role.TEACHER,
    "team_leader": Role.TEAM_LEADER,
    "team leader": Role.TEAM_LEADER,
    "teamleider": Role.TEAM_LEADER,
}

CREATE = "create"  # a new account, and a member of the team
ADD = "add"  # an existing account becomes a member of the team
UNCHANGED = "unchanged"  # already a member with this role

MISSING_EMAIL = "missing_email"
INVALID_EMAIL = "invalid_email"
DUPLICATE_EMAIL = "duplicate_email"
UNKNOWN_ROLE = "unknown_role"
INVALID_FTE = "invalid_fte"
FTE_OUT_OF_RANGE = "fte_out_of_range"
NAME_TOO_LONG = "name_too_long"
TOO_MANY_COLUMNS = "too_many_columns"


class CsvError(ValueError):
    """The file as a whole cannot be read (no header, unknown column, too many rows...): a form error."""


@dataclass(frozen=True)
class Reason:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RowProblem:
    """A refused row: its line in the file and why."""

    line: int
    email: str
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> set[str]:
        return {reason.code for reason in self.reasons}


@dataclass(frozen=True)
class ImportRow:
    """A good row; `action` (CREATE, ADD or UNCHANGED) is known after import_plan."""

    line: int
    email: str
    first_name: str
    last_name: str
    role: str
    fte: Decimal | None
    action: str = ""
    user_pk: int | None = None

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[ImportRow, ...]
    problems: tuple[RowProblem, ...]
    separator: str = ","

    def _with(self, action: str) -> list[ImportRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def to_create(self) -> list[ImportRow]:
        return self._with(CREATE)

    @property
    def to_add(self) -> list[ImportRow]:
        return self._with(ADD)

    @property
    def unchanged(self) -> list[ImportRow]:
        return self._with(UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(row.action in (CREATE, ADD) for row in self.rows)


def import_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _separator(text: str) -> str:
    """';' or ',' — whichever the header line has more of (header names hold neither)."""
    header = next((line for line in io.StringIO(text) if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()  # a trailing separator, as spreadsheets write
    columns = []
    for number, name in enumerate(names, start=1):
        if not name:
            raise CsvError(_("Column %(number)s of the header has no name.") % {"number": number})
        column = COLUMNS.get(name)
        if column is None:
            raise CsvError(
                _(
                    "The header has a column “%(name)s” we do not know. "
                    "Use: email, first_name, last_name, role, fte."
                )
                % {"name": cells[number - 1].strip()}
            )
        if column in columns:
            raise CsvError(_("The column “%(name)s” is in the header twice.") % {"name": column})
        columns.append(column)
    if "email" not in columns:
        raise CsvError(_("The header has no column “email”. The first line must name the columns."))
    return columns


def _fte(value: str) -> tuple[Decimal | None, Reason | None]:
    value = value.strip()
    if not value:
        return None, None
    invalid = _("“%(value)s” is not an FTE. Write it as a number with at most two decimals, like 0,8.")
    try:
        fte = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None, Reason(INVALID_FTE, invalid % {"value": value})
    if not fte.is_finite():
        return None, Reason(INVALID_FTE, invalid % {"value": value})
    if not FTE_MIN <= fte <= FTE_MAX:
        message = _("The FTE %(value)s is not between 0,05 and 1.")
        return None, Reason(FTE_OUT_OF_RANGE, message % {"value": value})
    rounded = fte.quantize(Decimal("0.01"))  # safe: between 0.05 and 1
    if rounded != fte:
        return None, Reason(INVALID_FTE, invalid % {"value": value})
    return rounded, None


def _email(value: str) -> tuple[str, Reason | None]:
    email = value.strip().lower()
    if not email:
        return "", Reason(MISSING_EMAIL, _("The e-mail address is missing."))
    try:
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return email, Reason(
            INVALID_EMAIL, _("“%(value)s” is not a valid e-mail address.") % {"value": value}
        )
    return email, None


def parse_member_csv(text: str) -> ImportPlan:
    """Check every row of a member list; raises CsvError when the file as a whole cannot be used.

    The first line names the columns (email is required; first_name, last_name, role, fte optional),
    separated by ',' or ';'. Empty lines are skipped. Line numbers are those of the file, header = 1.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CsvError(_("The file is empty."))
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[ImportRow] = []
    problems: list[RowProblem] = []
    columns: list[str] | None = None
    seen: dict[str, int] = {}
    count = 0
    previous_line = 0
    try:
        for cells in reader:
            line, previous_line = previous_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _header(cells)
                continue
            count += 1
            if count > MAX_IMPORT_ROWS:
                raise CsvError(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": MAX_IMPORT_ROWS}
                )
            row, problem = _row(line, cells, columns, seen)
            if problem is not None:
                problems.append(problem)
            else:
                rows.append(row)
    except csv.Error as error:
        raise CsvError(
            _("Line %(line)s cannot be read as CSV: %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    if not rows and not problems:
        raise CsvError(_("The file has a header but no rows with people."))
    return ImportPlan(rows=tuple(rows), problems=tuple(problems), separator=separator)


def _row(
    line: int, cells: list[str], columns: list[str], seen: dict[str, int]
) -> tuple[ImportRow | None, RowProblem | None]:
    extra = [cell for cell in cells[len(columns) :] if cell.strip()]
    if extra:
        used = max(i for i, cell in enumerate(cells) if cell.strip()) + 1
        message = _(
            "This line has %(count)s columns, the header %(expected)s. "
            "Put a value with a comma, like “0,8”, between double quotes."
        ) % {"count": used, "expected": len(columns)}
        email = cells[columns.index("email")].strip().lower()
        return None, RowProblem(line=line, email=email, reasons=(Reason(TOO_MANY_COLUMNS, message),))
    values = dict(zip(columns, cells, strict=False))
    reasons = []
    email, reason = _email(values.get("email", ""))
    if reason:
        reasons.append(reason)
    elif email in seen:
        message = _("This e-mail address is also on line %(line)s; only that line is used.")
        reasons.append(Reason(DUPLICATE_EMAIL, message % {"line": seen[email]}))
    role_value = values.get("role", "").strip()
    role = ROLES.get(role_value.lower())
    if role is None:
        message = _("“%(value)s” is not a role we know. Use docent or teamleider.")
        reasons.append(Reason(UNKNOWN_ROLE, message % {"value": role_value}))
    fte, reason = _fte(values.get("fte", ""))
    if reason:
        reasons.append(reason)
    first_name = values.get("first_name", "").strip()
    last_name = values.get("last_name", "").strip()
    if len(first_name) > NAME_MAX_LENGTH or len(last_name) > NAME_MAX_LENGTH:
        message = _("A name is longer than %(max)s characters.")
        reasons.append(Reason(NAME_TOO_LONG, message % {"max": NAME_MAX_LENGTH}))
    if reasons:
        return None, RowProblem(line=line, email=email, reasons=tuple(reasons))
    seen[email] = line  # only a good row counts, so a corrected copy of a refused row is used
    row = ImportRow(line=line, email=email, first_name=first_name, last_name=last_name, role=role, fte=fte)
    return row, None


# --- CSV import: planning and applying --------------------------------------------------------------


def import_plan(team: Team, parsed: ImportPlan) -> ImportPlan:
    """What each good row would do: one query for the accounts, one for the team's memberships."""
    emails = [row.email for row in parsed.rows]
    if not emails:
        return parsed
    users = dict(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", "pk")
    )
    held = (
        set(Membership.objects.filter(team=team, user_id__in=users.values()).values_list("user_id", "role"))
        if users
        else set()
    )
    rows = []
    for row in parsed.rows:
        user_pk = users.get(row.email)
        if user_pk is None:
            action = CREATE
        elif (user_pk, row.role) in held:
            action = UNCHANGED
        else:
            action = ADD
        rows.append(replace(row, action=action, user_pk=user_pk))
    return replace(parsed, rows=tuple(rows))


@dataclass
class ImportResult:
    created: list[User] = field(default_factory=list)
    added: list[ImportRow] = field(default_factory=list)
    unchanged: list[ImportRow] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    mail_failed: list[str] = field(default_factory=list)


def import_apply(
    *, team: Team, parsed: ImportPlan, added_by: User, absolute_uri: Callable[[str], str]
) -> ImportResult:
    """Apply the good rows in one transaction, then mail each new account a link to choose a password.

    The plan is made again inside the transaction, with the team row locked, so applying the same
    file twice (or twice at the same moment) adds nothing the second time. New accounts get an unusable
    password; existing accounts keep their own name and FTE.
    """
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()
        plan = import_plan(team, parsed)
        new_rows = plan.to_create
        users = [_new_user(row) for row in new_rows]
        User.objects.bulk_create(users)
        if any(user.pk is None for user in users):  # databases that return no keys from bulk inserts
            by_email = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
            users = [by_email[user.email] for user in users]
        pks = {user.email: user.pk for user in users}
        Membership.objects.bulk_create(
            [
                Membership(
                    user_id=row.user_pk or pks[row.email],
                    organisation=team.organisation,
                    team=team,
                    role=row.role,
                )
                for row in new_rows + plan.to_add
            ],
            ignore_conflicts=True,
        )
        stats.touched(*(row.user_pk or pks[row.email] for row in new_rows + plan.to_add))  # bulk: no signals
    result = ImportResult(
        created=users, added=plan.to_add, unchanged=plan.unchanged, refused=list(plan.problems)
    )
    for user in users:
        try:
            welcome_mail_send(user=user, team=team, added_by=added_by, absolute_uri=absolute_uri)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send the welcome mail to new account %s", user.pk)
            result.mail_failed.append(user.email)
    return result


def _new_user(row: ImportRow) -> User:
    user = User(email=row.email, first_name=row.first_name, last_name=row.last_name)
    if row.fte is not None:
        user.fte = row.fte
    user.set_unusable_password()
    return user


def password_link(*, user: User, absolute_uri: Callable[[str], str]) -> str:
    """The link to choose a password (Django's password reset; works once, for PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_uri(path)


def welcome_mail_send(*, user: User, team: Team, added_by: User, absolute_uri: Callable[[str], str]) -> None:
    """A plain text mail, in the site's language, with a link to choose a password."""
    with translation.override(settings.LANGUAGE_CODE):
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
        params = {
            "name": user.first_name or user.email,
            "leader": str(added_by),
            "team": team.name,
            "organisation": team.organisation.name,
            "email": user.email,
            "days": days,
            "reset_url": absolute_uri(reverse("accounts:password_reset")),
        }
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % params,
                _(
                    "%(leader)s has added you to the team %(team)s of %(organisation)s in Ontwikkelwijzer. "
                    "There you plan your professional development, keep track of what you did and "
                    "reflect on it."
                )
                % params,
                _("Choose a password with this link to log in for the first time:")
                + "\n"
                + password_link(user=user, absolute_uri=absolute_uri),
                _(
                    "The link works once and for %(days)s days. Has it expired? Ask for a new one at "
                    "%(reset_url)s"
                )
                % params,
                _("You log in with your e-mail address: %(email)s") % params,
            ]
        )
        subject = _("Your account for Ontwikkelwijzer")
    send_mail(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])
