import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts.addresses import FREE_MAIL_DOMAINS, parse_domains, vouched
from ontwikkelwijzer.core.models import BaseModel
from ontwikkelwijzer.teams.constants import (
    DEFAULT_DEVELOPMENT_HOURS,
    DEFAULT_MIN_GROUP,
    MIN_GROUP_FLOOR,
    Role,
)


class Organisation(BaseModel):
    """A school (an mbo institution), with its own settings."""

    name = models.CharField(_("name"), max_length=200)
    development_hours = models.DecimalField(
        _("development hours for a full-time job"),
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_DEVELOPMENT_HOURS,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text=_("The collective agreement gives 59 hours a year; a school may give more."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group for aggregated scan results"),
        default=DEFAULT_MIN_GROUP,
        validators=[MinValueValidator(MIN_GROUP_FLOOR)],
    )
    other_development_hours = models.DecimalField(
        _("development hours for a full-time job outside the primary process"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text=_(
            "The collective agreement names no number for staff outside the primary process; the school "
            "chooses it."
        ),
    )
    email_domains = models.CharField(
        _("the school's e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "For example school.nl, separated by commas. When set, only people with an address at one of "
            "them (without a +) count in the school's figures. Only such an address can be invited as team "
            "leader, so without domains nobody can."
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=MIN_GROUP_FLOOR), name="org_min_group_floor"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            domains = parse_domains(self.email_domains)
        except ValueError as error:
            raise ValidationError(
                {"email_domains": _("“%(value)s” is not a domain, such as school.nl.") % {"value": error}}
            ) from None
        free = [domain for domain in domains if domain in FREE_MAIL_DOMAINS]
        if free:
            raise ValidationError(
                {
                    "email_domains": _(
                        "%(domain)s is a mail provider anyone can get an address at, not the school's own "
                        "domain."
                    )
                    % {"domain": free[0]}
                }
            )
        self.email_domains = ", ".join(domains)
        limit = self._meta.get_field("email_domains").max_length
        if len(self.email_domains) > limit:
            raise ValidationError(
                {
                    "email_domains": _("The domains are more than %(limit)s characters together.")
                    % {"limit": limit}
                }
            )

    @property
    def domains(self) -> list[str]:
        return parse_domains(self.email_domains, strict=False)

    def vouches_for(self, address: str) -> bool:
        """Whether the school vouches for the address (``accounts.addresses``): without domains, any."""
        return vouched(address, self.domains)


class Team(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A person's role in an organisation; teacher and team leader roles are held in a team."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "team", "role"], name="membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(team__isnull=True),
                name="membership_unique_without_team",
            ),
        ]
        indexes = [models.Index(fields=["team", "role"])]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.team or self.organisation}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(BaseModel):
    """A link to become a member with the given role; nobody becomes a member without accepting one.

    An open link (``email`` empty) is for whoever it is shared with, up to ``max_uses`` people. A personal
    invitation (``email`` set, one use) is mailed to that address by a CSV import or when HR gives a
    work-field contact an account: only the account with that address can accept it, or the person makes
    an account with it. Names and FTE from the import are used only for an account made that way.
    Nobody may accept an invitation they made themselves.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(default=50)
    uses = models.PositiveIntegerField(default=0)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    fte = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A move to another team: accepting the invitation ends this membership (the person's old team)
    replaces = models.ForeignKey(
        "Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.role} {self.team or self.organisation}"

    @property
    def personal(self) -> bool:
        return bool(self.email)


class Sharing(BaseModel):
    """What a teacher lets their team leader see beyond the items and their progress."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sharing")
    share_reflections = models.BooleanField(
        _("share my reflections and log with my team leader"), default=False
    )
    share_scans = models.BooleanField(_("share my self-scan results with my team leader"), default=False)

    def __str__(self) -> str:
        return f"{self.user}"


class AuditEvent(models.Model):
    """Someone looked at another person's data; the person can read these."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300)
    action = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action}"


class Appointment(BaseModel):
    """How the school's hours rule applies to a person, as HR or an administrator set it: whether they
    work in the primary process (teaching staff, carrièrepatroon 7 in the collective agreement), and their
    FTE at this school. Without one, a person counts as teaching with the FTE they gave themselves."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="appointments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments")
    teaching = models.BooleanField(_("works in the primary process (teaching staff)"), default=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(1)],
    )
    updated_by_name = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="appointment_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.organisation}"


class Departure(BaseModel):
    """A person left the school: their memberships there ended at once; when they are in no other school
    their account is closed, and ``purge_expired`` deletes it with all its data after
    ``LEAVER_RETENTION_DAYS``."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="departures")
    left_on = models.DateField(_("left on"))
    recorded_by_name = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="departure_unique")]

    def __str__(self) -> str:
        return f"{self.user} left {self.organisation}"


class SchoolEvent(models.Model):
    """A change in how the school is set up (teams, roles, invitations, people leaving), for its audit.

    Names are stored as text, so the record stays readable; when an account is deleted, its name in
    these records is replaced (``teams.personal_data.erase``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300)
    action = models.CharField(max_length=40)
    subject = models.CharField(max_length=300, blank=True)
    # whom the change was about, when a person: their name goes when their account does (personal_data)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # what needs no translating (a group's name, a date); older entries: the details as written
    detail = models.CharField(max_length=500, blank=True)
    # the details as codes (a role, the settings changed), put in the reader's words (``audit.detail_text``)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.subject}"
