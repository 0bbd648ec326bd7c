"""Who reaches what in the work field. Every gate returns the object or raises 404, so nobody learns that
an offer, a request or a partner exists by guessing its id.

- A partner account (a ``Contact`` with ``user``) reaches its partner's offers and the requests made to
  them, never a teacher's plan, reflections or scans.
- A teacher or team leader of a school reaches the open offers of that school's partners, and their own
  requests.
- HR and administrators of a school manage its partners and contacts.
"""

from django.db.models import QuerySet
from django.http import Http404

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams.access import schools_with_role
from ontwikkelwijzer.teams.constants import TEAM_ROLES, Role
from ontwikkelwijzer.teams.models import Organisation
from ontwikkelwijzer.workfield.models import Offer, OfferRequest, Partner

PARTNER_MANAGERS = (Role.HR, Role.ADMIN)


def _found[M](obj: M | None) -> M:
    if obj is None:
        raise Http404("Not found.")
    return obj


def partners_of(user: User) -> QuerySet[Partner]:
    """The partners the person signs in for."""
    if not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(contacts__user=user).distinct()


def get_offer_for_partner(user: User, pk: int) -> Offer:
    return _found(
        Offer.objects.filter(pk=pk, partner__in=partners_of(user)).select_related("partner").first()
    )


def get_request_for_partner(user: User, pk: int) -> OfferRequest:
    return _found(
        OfferRequest.objects.filter(pk=pk, offer__partner__in=partners_of(user))
        .select_related("offer__partner", "teacher")
        .first()
    )


def schools_of_teacher(user: User) -> QuerySet[Organisation]:
    return schools_with_role(user, *TEAM_ROLES)


def offers_for_teacher(user: User) -> QuerySet[Offer]:
    """Every offer of the partners of the person's schools (open or not: the caller filters)."""
    return Offer.objects.filter(partner__organisation__in=schools_of_teacher(user)).select_related("partner")


def get_offer_for_teacher(user: User, pk: int) -> Offer:
    return _found(offers_for_teacher(user).filter(pk=pk).first())


def get_request_for_teacher(user: User, pk: int) -> OfferRequest:
    return _found(OfferRequest.objects.filter(pk=pk, teacher=user).select_related("offer__partner").first())


def organisations_managing_partners(user: User) -> QuerySet[Organisation]:
    return schools_with_role(user, *PARTNER_MANAGERS)


def get_organisation_for_partner_manager(user: User, pk: int) -> Organisation:
    return _found(organisations_managing_partners(user).filter(pk=pk).first())


def get_partner_for_manager(user: User, organisation_pk: int, pk: int) -> Partner:
    organisation = get_organisation_for_partner_manager(user, organisation_pk)
    return _found(Partner.objects.filter(pk=pk, organisation=organisation).first())
