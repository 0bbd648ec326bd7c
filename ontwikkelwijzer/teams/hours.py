"""A person's development-hours budget by their school's rule, and that rule per person.

The cao mbo (artikel 8.2, hours for professionalisation) gives staff in the primary process (teaching
staff, carrièrepatroon 7) 59 hours a year at a full normbetrekking; for other staff the school chooses a
number. A school keeps both (``Organisation.development_hours``, ``other_development_hours``), and HR or
an administrator records per person whether they teach and, when the school knows it, their FTE
(``Appointment``). Without one a person counts as teaching, with the FTE they gave on their account page.

The rule that counts is that of the person's first school (the membership made first); someone in no
school gets the collective agreement's hours for teaching staff.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.numbers import written
from ontwikkelwijzer.teams.audit import rule_data, rule_text, school_event
from ontwikkelwijzer.teams.constants import DEFAULT_DEVELOPMENT_HOURS
from ontwikkelwijzer.teams.models import Appointment, Membership, Organisation

FULL_TIME = Decimal("1")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Budget:
    """The hours a person has this year for professional development, and where they come from."""

    hours: Decimal  # rate × fte, to a tenth of an hour
    rate: Decimal  # hours for a full-time job under the rule that applies
    fte: Decimal
    teaching: bool  # in the primary process (the cao's 59 hours) or not (the school's own number)
    school: str | None  # whose rule it is; None: in no school, the collective agreement's hours
    fte_set_by_school: bool  # HR or an administrator recorded the FTE (not the person themselves)

    @property
    def explanation(self) -> str:
        """The sum and the rule in words, in the active language."""
        values = {
            "rate": written(self.rate),
            "fte": written(self.fte),
            "hours": written(self.hours),
            "school": self.school or "",
        }
        if self.school is None:
            return (
                _(
                    "%(rate)s hours × %(fte)s FTE = %(hours)s hours, the hours for teaching staff in the "
                    "collective agreement (cao mbo, artikel 8.2)"
                )
                % values
            )
        if self.teaching:
            return (
                _(
                    "%(rate)s hours × %(fte)s FTE = %(hours)s hours, the rule of %(school)s for teaching "
                    "staff (cao mbo, artikel 8.2)"
                )
                % values
            )
        return (
            _(
                "%(rate)s hours × %(fte)s FTE = %(hours)s hours, the hours %(school)s sets for staff outside "
                "the primary process"
            )
            % values
        )


def budget_of(
    *,
    organisation: Organisation | None,
    own_fte: Decimal | None,
    appointment: Appointment | None,
) -> Budget:
    """The budget under a school's rule (or the collective agreement's, without a school), for someone
    with ``own_fte`` on their account (None: full-time) and the school's ``appointment`` of them."""
    teaching = appointment.teaching if appointment is not None else True
    set_by_school = appointment is not None and appointment.fte is not None
    fte = appointment.fte if appointment is not None and appointment.fte is not None else own_fte
    fte = FULL_TIME if fte is None else fte
    if organisation is None:
        rate = DEFAULT_DEVELOPMENT_HOURS
    else:
        rate = organisation.development_hours if teaching else organisation.other_development_hours
    return Budget(
        hours=(rate * fte).quantize(TENTH, rounding=ROUND_HALF_UP),
        rate=rate,
        fte=fte,
        teaching=teaching,
        school=organisation.name if organisation is not None else None,
        fte_set_by_school=set_by_school,
    )


def first_school(*, user: User) -> Organisation | None:
    """The school whose rule counts for the person: the one they joined first."""
    membership = _first_membership(user).first()
    return membership.organisation if membership is not None else None


def _first_membership(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("created_at", "pk")


def budget_for(*, user: User) -> Budget:
    """The person's budget by the rule of their first school: two plain queries (the membership with its
    school, the school's appointment of the person), cheaper than one with subqueries."""
    membership = _first_membership(user).first()
    if membership is None:
        return budget_of(organisation=None, own_fte=user.fte, appointment=None)
    appointment = Appointment.objects.filter(organisation=membership.organisation, user=user).first()
    return budget_of(organisation=membership.organisation, own_fte=user.fte, appointment=appointment)


def _rule(appointment: Appointment | None) -> dict[str, Any] | None:
    """The rule for the audit (``audit.rule_text`` puts it in the reader's words); None: none set."""
    if appointment is None:
        return None
    return rule_data(teaching=appointment.teaching, fte=appointment.fte)


def appointment_save(
    *, organisation: Organisation, person: User, teaching: bool, fte: Decimal | None, by: User
) -> Appointment:
    """Record how the school's hours rule applies to the person (whether they teach, their FTE at the
    school; None: the FTE they gave themselves), and write the change in the school's audit."""
    with transaction.atomic():
        before = (
            Appointment.objects.select_for_update().filter(organisation=organisation, user=person).first()
        )
        was = _rule(before)
        appointment = before or Appointment(organisation=organisation, user=person)
        appointment.teaching = teaching
        appointment.fte = fte
        appointment.updated_by_name = str(by)
        appointment.save()
        now = _rule(appointment)
        if rule_text(now) != rule_text(was):
            school_event(
                organisation=organisation,
                actor=by,
                action="hours_changed",
                about=person,
                data={"was": was, "now": now},
            )
    return appointment


@dataclass(frozen=True)
class PersonHours:
    person: User
    budget: Budget  # under this school's rule


def people_hours(*, organisation: Organisation, people: QuerySet[User]) -> list[PersonHours]:
    """The budget of each of ``people`` under the school's rule, by name (two queries). For someone whose
    first school is another one, that school's rule is what counts for their plan (``budget_for``)."""
    appointments = {a.user_id: a for a in Appointment.objects.filter(organisation=organisation)}
    return [
        PersonHours(
            person=person,
            budget=budget_of(
                organisation=organisation, own_fte=person.fte, appointment=appointments.get(person.pk)
            ),
        )
        for person in people.order_by("last_name", "first_name", "email")
    ]


def appointment_of(*, organisation: Organisation, person: User) -> Appointment:
    """The school's record of the person's hours rule; a new, unsaved one (teaching, own FTE) without it."""
    found = Appointment.objects.filter(organisation=organisation, user=person).first()
    return found or Appointment(organisation=organisation, user=person)
