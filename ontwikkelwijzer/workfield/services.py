"""Writes for the work field: partners and contacts (by the school), offers (by the partner), requests (by
teachers, answered by the partner), and an accepted request turned into a plan item (or led to the one the
teacher already planned for that activity)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.mail import mail_each
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.plans.constants import OPEN_STATUSES, ItemStatus
from ontwikkelwijzer.plans.models import DevelopmentPlan, PlanItem
from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams.audit import school_event
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Invitation, Membership, Organisation
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
    """The offer can no longer be requested; requests still waiting are declined, and each of those
    teachers gets a mail about it. Accepted requests stay as they are."""
    with transaction.atomic():
        offer.withdrawn = True
        offer.save(update_fields=["withdrawn", "updated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            answer = _("The offer was withdrawn.")
        declined = _decline_waiting(
            OfferRequest.objects.filter(offer=offer, status=OfferRequest.Status.PENDING), answer=answer
        )
    _declined_told(declined, reason=WITHDRAWN)


def _decline_waiting(waiting: QuerySet[OfferRequest], *, answer: str) -> list[OfferRequest]:
    """Decline these waiting requests with the answer; the requests as they were (for the mails)."""
    found = list(waiting.select_related("offer__partner__organisation", "teacher").order_by("pk"))
    if found:
        now = timezone.now()
        OfferRequest.objects.filter(pk__in=[r.pk for r in found], status=OfferRequest.Status.PENDING).update(
            status=OfferRequest.Status.DECLINED, answer=answer, answered_at=now, updated_at=now
        )
    return found


WITHDRAWN = "withdrawn"  # the partner withdrew the offer
ENDED = "ended"  # the school ended the partnership


def _period(offer: Offer) -> str:
    return f"{offer.start_date.strftime('%d-%m-%Y')} – {offer.end_date.strftime('%d-%m-%Y')}"


def _by_offer(requests: list[OfferRequest]) -> dict[int, tuple[Offer, list[str]]]:
    grouped: dict[int, tuple[Offer, list[str]]] = {}
    for offer_request in requests:
        grouped.setdefault(offer_request.offer_id, (offer_request.offer, []))[1].append(
            offer_request.teacher.email
        )
    return grouped


def _offer_params(offer: Offer) -> dict[str, str]:
    """What a mail about an offer names: the offer, its partner, the school and the period."""
    return {
        "title": offer.title,
        "partner": offer.partner.name,
        "school": offer.partner.organisation.name,
        "period": _period(offer),
    }


def _declined_told(declined: list[OfferRequest], *, reason: str) -> None:
    """Mail each teacher whose waiting request was declined because the offer was withdrawn or the
    partnership ended: one mail per offer to each of them, in the school's language."""
    for offer, addresses in _by_offer(declined).values():
        with translation.override(settings.LANGUAGE_CODE):
            params = _offer_params(offer)
            subject = _("Your request for “%(title)s” was declined") % params
            if reason == ENDED:
                why = _(
                    "%(school)s no longer works with %(partner)s in Ontwikkelwijzer, so your request for "
                    "a place in “%(title)s” (%(period)s) was declined."
                )
            else:
                why = _(
                    "%(partner)s withdrew the offer “%(title)s” (%(period)s) in Ontwikkelwijzer, so your "
                    "request for a place was declined."
                )
            body = "\n\n".join(
                [
                    _("Hello,"),
                    why % params,
                    _(
                        "You see it under Your requests. The other offers of your school's partners are "
                        "under Offers from the work field."
                    ),
                ]
            )
        mail_each(subject, body, addresses, about=f"the declined requests for offer {offer.pk}")


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
    contacts on to it. A deactivated contact of the partner with the address is reactivated this way (with
    what was typed now): HR gives a contact access again by inviting them again. Refused (nothing stored)
    when the address cannot be invited by ``added_by`` (``invitations.address_problem``: their own mailbox).
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
        # a deactivated contact with the address is the same person back: reactivated, invited again
        contact = (
            Contact.objects.select_for_update()
            .filter(partner=partner, email__iexact=email, deactivated_at__isnull=False)
            .first()
        ) or Contact(partner=partner)
        contact.name, contact.email, contact.phone, contact.position = name, email, phone, position
        contact.invitation, contact.user, contact.deactivated_at = invitation, None, None
        contact.save()
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


@dataclass(frozen=True)
class ContactData:
    name: str
    email: str
    phone: str
    position: str


def contact_change(*, contact: Contact, data: ContactData, by: User) -> Contact:
    """HR changes a contact's details, written down in the school's audit (as a change to the partner).
    The address of a contact with an account or a waiting invitation stays (``ContactDetailsForm``)."""
    changed = [name for name, value in vars(data).items() if getattr(contact, name) != value]
    if not changed:
        return contact
    with transaction.atomic():
        for name in changed:
            setattr(contact, name, getattr(data, name))
        contact.save(update_fields=[*changed, "updated_at"])
        school_event(
            organisation=contact.partner.organisation,
            actor=by,
            action="partner_changed",
            subject=contact.partner.name,
            detail=_("contact %(name)s: %(fields)s")
            % {"name": contact.name, "fields": ", ".join(_field_label(Contact, name) for name in changed)},
        )
    return contact


def _field_label(model: type[Partner] | type[Contact], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def partner_change(*, partner: Partner, changed: list[str], by: User) -> Partner:
    """Save HR's changes to a partner's details (``PartnerForm`` set them on ``partner``; ``changed``
    names the fields) and write them down in the school's audit."""
    if not changed:
        return partner
    with transaction.atomic():
        partner.save(update_fields=[*changed, "updated_at"])
        school_event(
            organisation=partner.organisation,
            actor=by,
            action="partner_changed",
            subject=partner.name,
            detail=", ".join(_field_label(Partner, name) for name in changed),
        )
    return partner


# --- Deactivating contacts and ending partnerships (by the school) -----------------------------------


@dataclass(frozen=True)
class DeactivateEffect:
    """What deactivating a contact does (the confirmation page says it)."""

    account: bool  # they sign in for the partner now: no longer
    loses_role: bool  # ...and lose the partner role at the school (no other active contact there)
    invited: bool  # a waiting invitation to sign in for the partner: revoked


def _still_a_contact_elsewhere(*, user_id: int, organisation_id: int, besides: list[int]) -> bool:
    return (
        Contact.objects.filter(
            user_id=user_id,
            deactivated_at__isnull=True,
            partner__organisation_id=organisation_id,
            partner__ended_at__isnull=True,
        )
        .exclude(pk__in=besides)
        .exists()
    )


def contact_deactivate_effect(*, contact: Contact) -> DeactivateEffect:
    user_id, invitation = contact.user_id, contact.invitation
    return DeactivateEffect(
        account=user_id is not None,
        loses_role=user_id is not None
        and not _still_a_contact_elsewhere(
            user_id=user_id, organisation_id=contact.partner.organisation_id, besides=[contact.pk]
        ),
        invited=invitation is not None and invitations.invitation_problem(invitation) is None,
    )


def _contacts_deactivate(contacts: list[Contact], *, organisation: Organisation) -> None:
    """Deactivate these contacts (of the organisation's partners): they lose the account link and the
    invitation; an account that is no active contact at the school any more loses its partner role there,
    and an invitation no active contact waits for any more is revoked. In the caller's transaction."""
    if not contacts:
        return
    pks = [c.pk for c in contacts]
    users = {c.user_id for c in contacts if c.user_id is not None}
    sent = {c.invitation_id for c in contacts if c.invitation_id is not None}
    now = timezone.now()
    Contact.objects.filter(pk__in=pks).update(deactivated_at=now, user=None, invitation=None, updated_at=now)
    for user_id in users:
        if not _still_a_contact_elsewhere(user_id=user_id, organisation_id=organisation.pk, besides=pks):
            for membership in Membership.objects.filter(
                user_id=user_id, organisation=organisation, team=None, role=Role.PARTNER
            ):
                invitations.membership_end(membership)
    for invitation in Invitation.objects.filter(pk__in=sent):
        if not Contact.objects.filter(invitation=invitation, deactivated_at__isnull=True).exists():
            invitations.invitation_revoke(invitation=invitation)


def contact_deactivate(*, contact: Contact, by: User) -> bool:
    """HR deactivates a contact at once (``_contacts_deactivate``); written down in the school's audit.
    False when it already was. Giving them an account again is inviting them again (``contact_add``)."""
    organisation = contact.partner.organisation
    with transaction.atomic():
        locked = (
            Contact.objects.select_for_update().filter(pk=contact.pk, deactivated_at__isnull=True).first()
        )
        if locked is None:
            return False
        _contacts_deactivate([locked], organisation=organisation)
        school_event(
            organisation=organisation,
            actor=by,
            action="contact_deactivated",
            subject=locked.name,
            detail=contact.partner.name,
        )
    return True


@dataclass(frozen=True)
class EndEffect:
    """What ending a partnership does (the confirmation page says it, the POST does it)."""

    offers: int  # offers not withdrawn that have not ended: withdrawn
    declined: int  # requests still waiting for an answer: declined, the teachers mailed
    told: int  # teachers with an accepted place in an offer that has not ended: mailed
    contacts: int  # active contacts with an account or a waiting invitation: lose it


def _end_targets(
    partner: Partner, today: date
) -> tuple[QuerySet[Offer], QuerySet[OfferRequest], QuerySet[OfferRequest]]:
    running = Offer.objects.filter(partner=partner, withdrawn=False, end_date__gte=today)
    waiting = OfferRequest.objects.filter(offer__partner=partner, status=OfferRequest.Status.PENDING)
    accepted = OfferRequest.objects.filter(
        offer__partner=partner, status=OfferRequest.Status.ACCEPTED, offer__end_date__gte=today
    )
    return running, waiting, accepted


def partnership_end_effect(*, partner: Partner, today: date | None = None) -> EndEffect:
    running, waiting, accepted = _end_targets(partner, today or date.today())
    with_access = partner.contacts.filter(deactivated_at__isnull=True).filter(
        Q(user__isnull=False) | Q(invitation__isnull=False)
    )
    return EndEffect(
        offers=running.count(),
        declined=waiting.count(),
        told=accepted.values("teacher").distinct().count(),
        contacts=with_access.count(),
    )


def partnership_end(*, partner: Partner, by: User, today: date | None = None) -> EndEffect:
    """End the school's partnership with the partner, in one transaction: its offers that have not ended
    are withdrawn, requests still waiting are declined, its contacts are deactivated (so they lose the
    partner role: ``_contacts_deactivate``), and it is written down in the school's audit. After the commit
    the teachers whose requests were declined, and those with an accepted place in an offer that has not
    ended, are mailed. Accepted requests stay as they are. Refused when it had already ended."""
    today = today or date.today()
    organisation = partner.organisation
    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        if locked.ended_at is not None:
            raise Refused(_("The partnership with %(name)s has already ended.") % {"name": locked.name})
        effect = partnership_end_effect(partner=locked, today=today)
        running, waiting, accepted = _end_targets(locked, today)
        locked.ended_at = timezone.now()
        locked.save(update_fields=["ended_at", "updated_at"])
        running.update(withdrawn=True, updated_at=locked.ended_at)
        with translation.override(settings.LANGUAGE_CODE):
            answer = _("The school no longer works with %(partner)s.") % {"partner": locked.name}
        declined = _decline_waiting(waiting, answer=answer)
        still_coming = list(accepted.select_related("offer__partner__organisation", "teacher").order_by("pk"))
        _contacts_deactivate(
            list(locked.contacts.filter(deactivated_at__isnull=True)), organisation=organisation
        )
        with translation.override(settings.LANGUAGE_CODE):
            detail = _(
                "%(offers)s offers withdrawn, %(declined)s requests declined, %(told)s teachers told"
            ) % vars(effect)
        school_event(
            organisation=organisation,
            actor=by,
            action="partnership_ended",
            subject=locked.name,
            detail=detail,
        )
    partner.ended_at = locked.ended_at
    _declined_told(declined, reason=ENDED)
    _accepted_told(still_coming)
    return effect


def _accepted_told(accepted: list[OfferRequest]) -> None:
    """Mail each teacher with an accepted place in an offer of a partnership that ended: one mail per
    offer to each of them, in the school's language."""
    for offer, addresses in _by_offer(accepted).values():
        with translation.override(settings.LANGUAGE_CODE):
            params = _offer_params(offer)
            subject = _("%(school)s no longer works with %(partner)s") % params
            body = "\n\n".join(
                [
                    _("Hello,"),
                    _(
                        "%(school)s has ended its partnership with %(partner)s in Ontwikkelwijzer. "
                        "%(partner)s had accepted you for “%(title)s” (%(period)s)."
                    )
                    % params,
                    _(
                        "Your place stays in your requests, and in your development plan if you put it "
                        "there. Whether it still goes ahead, agree with %(partner)s and your team leader."
                    )
                    % params,
                ]
            )
        mail_each(subject, body, addresses, about=f"the partnership of offer {offer.pk} that ended")
