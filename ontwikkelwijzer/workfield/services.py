"""Writes for the work field: partners and contacts (by the school), offers (by the partner), requests (by
teachers, answered by the partner), and an accepted request turned into a plan item (or led to the one the
teacher already planned for that activity)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.plans.constants import OPEN_STATUSES, ItemStatus
from ontwikkelwijzer.plans.models import DevelopmentPlan, PlanItem
from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Invitation, Membership
from ontwikkelwijzer.workfield.constants import ACTIVITY_OF_KIND
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)


class Refused(Exception):
    """A request or an answer that cannot be accepted; ``str()`` is the message for the person."""


# --- Offers ------------------------------------------------------------------------------------------


class PlacesTaken(TypedDict):
    """What ``with_places_taken`` adds to each offer."""

    taken: int


type OfferWithTaken = WithAnnotations[Offer, PlacesTaken]


def with_places_taken(offers: QuerySet[Offer]) -> QuerySet[OfferWithTaken]:
    """The offers with ``taken``: their number of accepted requests, counted in the same query."""
    return offers.annotate(
        taken=Count("requests", filter=Q(requests__status=OfferRequest.Status.ACCEPTED), distinct=True)
    )


def places_taken(offer: Offer) -> int:
    return offer.requests.filter(status=OfferRequest.Status.ACCEPTED).count()


def offer_problem(offer: Offer, *, today: date | None = None, taken: int | None = None) -> str | None:
    """Why the offer cannot be requested now, in words; None when it can."""
    today = today or date.today()
    if offer.withdrawn:
        return _("This offer has been withdrawn by the partner.")
    if offer.end_date < today:
        return _("This offer has expired: it ran until %(date)s.") % {
            "date": offer.end_date.strftime("%d-%m-%Y")
        }
    if (places_taken(offer) if taken is None else taken) >= offer.places:
        return _("This offer is full: all %(places)s places have been given.") % {"places": offer.places}
    return None


STATUS_LABELS = {
    "open": pgettext_lazy("offer status", "Open"),
    "full": pgettext_lazy("offer status", "Full"),
    "expired": pgettext_lazy("offer status", "Expired"),
    "withdrawn": pgettext_lazy("offer status", "Withdrawn"),
}


def offer_status(offer: Offer, *, today: date, taken: int) -> str:
    """open, full, expired or withdrawn: in the order ``offer_problem`` checks them."""
    if offer_problem(offer, today=today, taken=taken) is None:
        return "open"
    if offer.withdrawn:
        return "withdrawn"
    if offer.end_date < today:
        return "expired"
    return "full"


@dataclass(frozen=True)
class OfferData:
    kind: str
    title: str
    description: str
    start_date: date
    end_date: date
    places: int


def offer_save(*, partner: Partner, data: OfferData, offer: Offer | None = None) -> Offer:
    offer = offer or Offer(partner=partner)
    for name, value in vars(data).items():
        setattr(offer, name, value)
    offer.activity_code = ACTIVITY_OF_KIND[data.kind]
    offer.save()
    return offer


@dataclass(frozen=True)
class WithdrawEffect:
    """What withdrawing an offer does to its requests (the confirmation page says it)."""

    declined: int  # still waiting: declined, with the answer "The offer was withdrawn."
    kept: int  # accepted: they keep their place (and their plan item)


def offer_withdraw_effect(*, offer: Offer) -> WithdrawEffect:
    """One query: the waiting and the accepted requests of the offer."""
    counts = offer.requests.aggregate(
        declined=Count("pk", filter=Q(status=OfferRequest.Status.PENDING)),
        kept=Count("pk", filter=Q(status=OfferRequest.Status.ACCEPTED)),
    )
    return WithdrawEffect(declined=counts["declined"], kept=counts["kept"])


def offer_withdraw(*, offer: Offer) -> None:
    """The offer can no longer be requested; requests still waiting are declined. Nobody is mailed: the
    teachers see the answer in their list of requests. Accepted requests stay as they are."""
    with transaction.atomic():
        offer.withdrawn = True
        offer.save(update_fields=["withdrawn", "updated_at"])
        offer.requests.filter(status=OfferRequest.Status.PENDING).update(
            status=OfferRequest.Status.DECLINED,
            answer=_("The offer was withdrawn."),
            answered_at=timezone.now(),
        )


# --- Requests ----------------------------------------------------------------------------------------


def request_create(*, offer: Offer, teacher: User, message: str) -> OfferRequest:
    """Ask for a place. Refused when the offer is withdrawn, expired or full, or already asked for."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        problem = offer_problem(offer)
        if problem:
            raise Refused(problem)
        if offer.requests.filter(
            teacher=teacher, status__in=[OfferRequest.Status.PENDING, OfferRequest.Status.ACCEPTED]
        ).exists():
            raise Refused(_("You have already asked for this offer."))
        return OfferRequest.objects.create(offer=offer, teacher=teacher, message=message)


def request_answer(*, offer_request: OfferRequest, accept: bool, answer: str = "") -> OfferRequest:
    """The partner's answer. Accepting needs a free place; a request is answered once."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer_request.offer_id)
        offer_request = OfferRequest.objects.select_for_update().get(pk=offer_request.pk)
        if offer_request.status != OfferRequest.Status.PENDING:
            raise Refused(_("This request has already been answered or cancelled."))
        if accept and offer.withdrawn:
            raise Refused(_("This offer has been withdrawn by the partner."))
        if accept and places_taken(offer) >= offer.places:
            raise Refused(
                _("This offer is full: all %(places)s places have been given.") % {"places": offer.places}
            )
        offer_request.status = OfferRequest.Status.ACCEPTED if accept else OfferRequest.Status.DECLINED
        offer_request.answer = answer
        offer_request.answered_at = timezone.now()
        offer_request.save(update_fields=["status", "answer", "answered_at", "updated_at"])
    return offer_request


def request_cancel(*, offer_request: OfferRequest) -> None:
    if (
        offer_request.status not in (OfferRequest.Status.PENDING, OfferRequest.Status.ACCEPTED)
        or offer_request.plan_item_id
    ):
        raise Refused(_("This request can no longer be cancelled."))
    offer_request.status = OfferRequest.Status.CANCELLED
    offer_request.save(update_fields=["status", "updated_at"])


def planned_item(*, plan: DevelopmentPlan, activity_code: str) -> PlanItem | None:
    """The teacher's item in the plan for this framework activity that is not cancelled, if any: one still
    open (planned or in progress) before one done or carried over, then the earliest."""
    found = list(
        PlanItem.objects.filter(plan=plan, activity__code=activity_code)
        .exclude(status=ItemStatus.CANCELLED)
        .order_by("start_date", "pk")
    )
    found.sort(key=lambda item: item.status not in OPEN_STATUSES)  # stable: keeps the date order
    return found[0] if found else None


def request_to_plan(*, offer_request: OfferRequest) -> tuple[PlanItem, bool]:
    """Put an accepted request in the teacher's plan of the school year the offer starts in: (item,
    created). When that plan already has the framework activity of the offer's kind (not cancelled:
    ``planned_item``), the request leads to that item and nothing is added or changed in the plan;
    otherwise a new item for the activity, for the offer's period."""
    if offer_request.status != OfferRequest.Status.ACCEPTED:
        raise Refused(_("Only an accepted request can go into your plan."))
    if offer_request.plan_item is not None:
        return offer_request.plan_item, False
    offer = offer_request.offer
    with transaction.atomic():
        locked = (
            OfferRequest.objects.select_for_update(of=("self",))
            .select_related("plan_item")
            .get(pk=offer_request.pk)
        )
        if locked.plan_item is not None:  # a second click, in another tab
            return locked.plan_item, False
        plan = plan_services.plan_get_or_create(
            user=offer_request.teacher, school_year=schoolyear.school_year_for(offer.start_date)
        )
        item = planned_item(plan=plan, activity_code=offer.activity_code)
        created = item is None
        if item is None:
            activity = Activity.objects.filter(framework=plan.framework, code=offer.activity_code).first()
            if activity is None:
                raise Refused(_("The activity of this offer is not in the framework of your plan."))
            first, last = schoolyear.bounds(plan.school_year)
            start = min(max(offer.start_date, first), last)
            item = plan_services.plan_item_create(
                plan=plan,
                data=plan_services.ItemData(
                    activity=activity,
                    goal=_("%(title)s at %(partner)s")
                    % {"title": offer.title, "partner": offer.partner.name},
                    aspects=[c.aspect for c in activity.contributions.select_related("aspect")],
                    start_date=start,
                    end_date=max(start, min(offer.end_date, last)),
                    estimated_hours=Decimal(activity.estimated_hours),
                ),
            )
        offer_request.plan_item = item
        offer_request.save(update_fields=["plan_item", "updated_at"])
    return item, created


# --- Partners and their accounts (by the school) -----------------------------------------------------


def contact_add(
    *,
    partner: Partner,
    name: str,
    email: str,
    phone: str = "",
    position: str = "",
    account: bool = False,
    added_by: User | None = None,
    absolute_uri: Callable[[str], str] | None = None,
) -> tuple[Contact, bool]:
    """Add a contact; (contact, invited). With ``account`` the contact gets a personal invitation by mail
    to sign in as this partner (``teams.invitations``): with an account of their own when they have one,
    or one they make with the link. They become the partner's account only by accepting it
    (``contact_link_on_accept``), so an address somebody else registered never becomes a partner contact.
    The contact records the invitation; a waiting one for the address that this one replaces passes its
    contacts on to it. Refused (nothing stored) when the address cannot be invited by ``added_by``
    (``invitations.address_problem``: their own mailbox).
    """
    email = User.objects.normalize_email(email).strip()
    organisation = partner.organisation
    if account:
        problem = invitations.address_problem(
            organisation=organisation, role=Role.PARTNER, email=email, inviter=added_by
        )
        if problem:
            raise Refused(problem)
    with transaction.atomic():
        invitation = None
        replaced: list[int] = []
        if account:
            # personal_invitation_create replaces these, which clears them from their contacts (SET_NULL)
            superseded = invitations.waiting(organisation=organisation, team=None).filter(
                email=email.lower(), role=Role.PARTNER
            )
            replaced = list(Contact.objects.filter(invitation__in=superseded).values_list("pk", flat=True))
            first, _sep, last = name.partition(" ")
            invitation = invitations.personal_invitation_create(
                organisation=organisation,
                team=None,
                role=Role.PARTNER,
                email=email,
                created_by=added_by,
                first_name=first[:150],
                last_name=last[:150],
            )
        contact = Contact.objects.create(
            partner=partner, name=name, email=email, phone=phone, position=position, invitation=invitation
        )
        if replaced:
            Contact.objects.filter(pk__in=replaced, user__isnull=True).update(
                invitation=invitation, updated_at=timezone.now()
            )
    if invitation is not None and absolute_uri is not None:
        invitations.invitation_mails_send([invitation], absolute_uri=absolute_uri)
    return contact, invitation is not None


def contact_link_on_accept(
    sender: object, *, invitation: Invitation, membership: Membership, **kwargs: object
) -> None:
    """A partner invitation was accepted: the contacts it was sent for (not linked to an account yet)
    become this account. Other contacts with the address stay as they are: HR did not give them an account,
    and may be of another partner."""
    if membership.role != Role.PARTNER or invitation.pk is None:
        return
    Contact.objects.filter(
        invitation=invitation, partner__organisation=membership.organisation, user__isnull=True
    ).update(user=membership.user, updated_at=timezone.now())
