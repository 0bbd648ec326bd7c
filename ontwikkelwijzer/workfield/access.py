"""Who reaches what in the work field. Every gate returns the object or raises 404, so nobody learns that
an offer, a request or a partner exists by guessing its id.

- A partner account (an active ``Contact`` with ``user``, of a partner whose partnership has not ended, and
  the partner role at that school) reaches its partner's offers and the requests made to them, never a
  teacher's plan, reflections or scans.
- A teacher or team leader of a school reaches the open offers of that school's partners (not of a partner
  whose partnership ended), and their own requests.
- HR and administrators of a school manage its partners and contacts.
"""

from django.db.models import QuerySet
from django.http import Http404

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams.access import schools_with_role
from ontwikkelwijzer.teams.constants import TEAM_ROLES, Role
from ontwikkelwijzer.teams.models import Organisation
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner

PARTNER_MANAGERS = (Role.HR, Role.ADMIN)


def _found[M](obj: M | None) -> M:
    if obj is None:
        raise Http404("Not found.")
    return obj


def partners_of(user: User) -> QuerySet[Partner]:
    """The partners the person signs in for: they are an active contact of it (one filter: the same
    contact), the partnership has not ended, and they hold the partner role at its school."""
    if not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(
        contacts__user=user,
        contacts__deactivated_at__isnull=True,
        ended_at__isnull=True,
        organisation__in=schools_with_role(user, Role.PARTNER),
    ).distinct()


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
    """Every offer of the partners of the person's schools whose partnership has not ended (open or not:
    the caller filters). What the lists of offers show."""
    return Offer.objects.filter(
        partner__organisation__in=schools_of_teacher(user), partner__ended_at__isnull=True
    ).select_related("partner")


def get_offer_for_teacher(user: User, pk: int) -> Offer:
    """An offer of a partner of the person's schools, also of a partnership that ended (its offers were
    withdrawn, which the page says): a teacher's earlier requests still lead to it."""
    return _found(
        Offer.objects.filter(pk=pk, partner__organisation__in=schools_of_teacher(user))
        .select_related("partner")
        .first()
    )


def get_request_for_teacher(user: User, pk: int) -> OfferRequest:
    return _found(OfferRequest.objects.filter(pk=pk, teacher=user).select_related("offer__partner").first())


def organisations_managing_partners(user: User) -> QuerySet[Organisation]:
    return schools_with_role(user, *PARTNER_MANAGERS)


def get_organisation_for_partner_manager(user: User, pk: int) -> Organisation:
    return _found(organisations_managing_partners(user).filter(pk=pk).first())


def get_partner_for_manager(user: User, organisation_pk: int, pk: int, *, current: bool = False) -> Partner:
    """A partner of the school, for its HR and administrators; with ``current``, only while the partnership
    has not ended (what changes it: an ended partnership is kept as it was)."""
    organisation = get_organisation_for_partner_manager(user, organisation_pk)
    found = Partner.objects.filter(pk=pk, organisation=organisation).select_related("organisation")
    if current:
        found = found.filter(ended_at__isnull=True)
    return _found(found.first())


def get_contact_for_manager(user: User, organisation_pk: int, pk: int, *, current: bool = False) -> Contact:
    """A contact of one of the school's partners, for its HR and administrators; with ``current``, only of a
    partner whose partnership has not ended."""
    organisation = get_organisation_for_partner_manager(user, organisation_pk)
    found = Contact.objects.filter(pk=pk, partner__organisation=organisation).select_related(
        "partner__organisation", "user"
    )
    if current:
        found = found.filter(partner__ended_at__isnull=True)
    return _found(found.first())
