"""Adding many people to a team, or to the whole school, at once from a CSV file: each of them gets a
personal invitation. A team's list holds teachers and team leaders; the school's list (its administrators,
``school_import_plan``) names each person's team in a column ``team``, and may hold the school-wide roles
(HR, curriculum developer, administrator) without one.

The import works in two steps, so a team leader sees what will happen before anything changes:
- parse_member_csv checks every row without the database (pure: text in, ImportPlan out);
- import_plan finds who is already in the team (one query whatever the number of rows);
- import_apply makes a personal invitation per row in one transaction (each, and the import, written down
  in the school's audit), then mails each person their link.
Nobody becomes a member until they accept (``teams.invitations``). The dry run and the mails say the same
whether or not an address has an account, so an import reveals nothing about people outside the team.
"""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import audit
from ontwikkelwijzer.teams import invitations as invitations_service
from ontwikkelwijzer.teams.constants import TEAM_ROLES, Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

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
    "team": "team",
}
ROLES = {
    "": Role.TEACHER,
    "teacher": Role.TEACHER,
    "docent": Role.TEACHER,
    "team_leader": Role.TEAM_LEADER,
    "team leader": Role.TEAM_LEADER,
    "teamleider": Role.TEAM_LEADER,
    "hr": Role.HR,
    "beleid": Role.HR,
    "curriculum": Role.CURRICULUM,
    "curriculumontwikkelaar": Role.CURRICULUM,
    "admin": Role.ADMIN,
    "beheerder": Role.ADMIN,
}

INVITE = "invite"  # the person gets a personal invitation to the team
UNCHANGED = "unchanged"  # already a member with this role

MISSING_EMAIL = "missing_email"
INVALID_EMAIL = "invalid_email"
DUPLICATE_EMAIL = "duplicate_email"
UNKNOWN_ROLE = "unknown_role"
INVALID_FTE = "invalid_fte"
FTE_OUT_OF_RANGE = "fte_out_of_range"
NAME_TOO_LONG = "name_too_long"
TOO_MANY_COLUMNS = "too_many_columns"
REFUSED_ADDRESS = "refused_address"  # the importer's own, or outside the school for a team leader
WRONG_TEAM = "wrong_team"  # no such team at the school, none for a team role, or one for a school role


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
    """A good row; `action` (INVITE or UNCHANGED) is known after import_plan."""

    line: int
    email: str
    first_name: str
    last_name: str
    role: str
    fte: Decimal | None
    team_name: str = ""
    action: str = ""
    team: Team | None = None  # known after planning

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
    def to_invite(self) -> list[ImportRow]:
        return self._with(INVITE)

    @property
    def unchanged(self) -> list[ImportRow]:
        return self._with(UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(row.action == INVITE for row in self.rows)


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
                    "Use: email, first_name, last_name, role, fte, team."
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
        message = _(
            "“%(value)s” is not a role we know. Use docent or teamleider (and, in the list of the whole "
            "school, hr, curriculumontwikkelaar or beheerder)."
        )
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
    row = ImportRow(
        line=line,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        fte=fte,
        team_name=" ".join(values.get("team", "").split()),
    )
    return row, None


# --- CSV import: planning and applying --------------------------------------------------------------


def import_plan(team: Team, parsed: ImportPlan, *, by: User) -> ImportPlan:
    """What each good row of a team's list would do: invite, or nothing (already in the team with this
    role). A row is refused when its address cannot be invited to its role (``invitations.address_problem``:
    the importer's own mailbox; a team leader outside the school's e-mail domains), when its role is not a
    team's, or when it names another team."""
    return _plan(team.organisation, parsed, by=by, team=team)


def school_import_plan(organisation: Organisation, parsed: ImportPlan, *, by: User) -> ImportPlan:
    """The same for the whole school's list: a teacher or team leader goes to the team the row names (one
    of the school's, by name, in any case); a school-wide role has no team."""
    return _plan(organisation, parsed, by=by, team=None)


def _refused(row: ImportRow, code: str, message: str) -> RowProblem:
    return RowProblem(line=row.line, email=row.email, reasons=(Reason(code, message),))


def _row_team(row: ImportRow, teams: dict[str, Team], team: Team | None) -> tuple[Team | None, str | None]:
    """The team of a row, or why it has none that fits."""
    if team is not None:  # a team's own list
        if row.role not in TEAM_ROLES:
            return None, _(
                "A team's list holds teachers and team leaders; the school's administrator "
                "imports the other roles."
            )
        if row.team_name and row.team_name.lower() != team.name.lower():
            return None, _("This row names the team “%(name)s”; this list is for %(team)s.") % {
                "name": row.team_name,
                "team": team.name,
            }
        return team, None
    if row.role not in TEAM_ROLES:
        if row.team_name:
            return None, _("A %(role)s is for the whole school: leave the team empty.") % {
                "role": Role(row.role).label
            }
        return None, None
    if not row.team_name:
        return None, _("Name the team: a %(role)s belongs to a team.") % {"role": Role(row.role).label}
    found = teams.get(row.team_name.lower())
    if found is None:
        return None, _("The school has no team called “%(name)s”.") % {"name": row.team_name}
    return found, None


def _plan(organisation: Organisation, parsed: ImportPlan, *, by: User, team: Team | None) -> ImportPlan:
    emails = [row.email for row in parsed.rows]
    if not emails:
        return parsed
    held = set(
        Membership.objects.annotate(email_lower=Lower("user__email"))
        .filter(organisation=organisation, email_lower__in=emails)
        .values_list("email_lower", "team", "role")
    )
    teams = (
        {t.name.lower(): t for t in Team.objects.filter(organisation=organisation)} if team is None else {}
    )
    rows, problems = [], list(parsed.problems)
    for row in parsed.rows:
        row_team, wrong = _row_team(row, teams, team)
        if wrong:
            problems.append(_refused(row, WRONG_TEAM, wrong))
            continue
        message = invitations_service.address_problem(
            organisation=organisation, role=row.role, email=row.email, inviter=by
        )
        if message:
            problems.append(_refused(row, REFUSED_ADDRESS, message))
            continue
        team_id = row_team.pk if row_team else None
        action = UNCHANGED if (row.email, team_id, row.role) in held else INVITE
        rows.append(replace(row, action=action, team=row_team))
    problems.sort(key=lambda problem: problem.line)
    return replace(parsed, rows=tuple(rows), problems=tuple(problems))


@dataclass
class ImportResult:
    invited: list[ImportRow] = field(default_factory=list)
    unchanged: list[ImportRow] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    mail_failed: list[str] = field(default_factory=list)


def import_apply(
    *,
    organisation: Organisation,
    team: Team | None,
    parsed: ImportPlan,
    added_by: User,
    absolute_uri: Callable[[str], str],
) -> ImportResult:
    """Invite the good rows in one transaction, then mail each person their link.

    The plan is made again inside the transaction, with the school row locked, so it reflects who joined
    meanwhile. Importing a file again replaces each waiting invitation with a fresh one (a new mail).
    """
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        plan = _plan(organisation, parsed, by=added_by, team=team)
        invitations = [
            invitations_service.personal_invitation_create(
                organisation=organisation,
                team=row.team,
                role=row.role,
                email=row.email,
                created_by=added_by,
                first_name=row.first_name,
                last_name=row.last_name,
                fte=row.fte,
            )
            for row in plan.to_invite
        ]
        audit.invitations_written(organisation=organisation, actor=added_by, invitations=invitations)
        audit.school_event(
            organisation=organisation,
            actor=added_by,
            action="imported",
            detail=team.name if team else organisation.name,
            data={
                "invited": len(plan.to_invite),
                "unchanged": len(plan.unchanged),
                "refused": len(plan.problems),
            },
        )
    failed = invitations_service.invitation_mails_send(invitations, absolute_uri=absolute_uri)
    return ImportResult(
        invited=plan.to_invite, unchanged=plan.unchanged, refused=list(plan.problems), mail_failed=failed
    )
