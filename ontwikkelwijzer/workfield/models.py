"""The work field as partner: partner organisations of a school, their contacts and accounts, the
opportunities they offer teachers, and the teachers' requests for them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core.models import BaseModel
from ontwikkelwijzer.teams.models import Organisation


class Partner(BaseModel):
    """A company or institution that works with the school (``organisation``)."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        INSTITUTION = "institution", _("Institution")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    sector = models.CharField(_("sector or branch"), max_length=200, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    # When the school ended the partnership (``services.partnership_end``): its offers were withdrawn, its
    # contacts deactivated; it is listed apart and teachers no longer see it.
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="partner_unique_name")]

    def __str__(self) -> str:
        return self.name


class Contact(BaseModel):
    """A person at the partner. With ``user`` set, they sign in as that partner (the werkveldpartner role).

    ``invitation`` is the personal invitation sent when HR gave this contact an account: accepting it links
    this contact (and only the contacts it was sent for) to the account (``services.contact_link_on_accept``).

    ``deactivated_at``: HR deactivated the contact (``services.contact_deactivate``): it stays in the school's
    address book, without an account or invitation; giving it an account again means inviting it again.
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_contacts",
    )
    invitation = models.ForeignKey(
        "teams.Invitation", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partner", "email"], name="contact_unique_email")]

    @property
    def active(self) -> bool:
        return self.deactivated_at is None

    def __str__(self) -> str:
        return self.name


class Offer(BaseModel):
    """An opportunity a partner offers teachers, for a period and a number of places."""

    class Kind(models.TextChoices):
        INTERNSHIP = "docentstage", _("Teacher internship")
        VISIT = "werkbezoek", _("Company visit")
        GUEST_LESSON = "gastles", _("Guest lesson")
        CO_TEACHING = "co-teaching", _("Co-teaching")
        CO_ASSESSMENT = "co-assessment", _("Co-assessment")
        EXAMINERS = "examinatorenpool", _("A place in the pool of examiners")
        ASSIGNMENT = "opdracht", _("An assignment for students")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind of opportunity"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    activity_code = models.SlugField(max_length=60)  # the framework activity it is an instance of
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="offer_end_after_start"
            ),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="offer_has_places"),
        ]
        indexes = [models.Index(fields=["activity_code", "end_date"])]

    def __str__(self) -> str:
        return self.title


class OfferRequest(BaseModel):
    """A teacher asks for a place in an offer; the partner accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="requests")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_requests"
    )
    message = models.TextField(_("message"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    plan_item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "teacher"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="request_one_open_per_teacher",
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} → {self.offer}"
