"""What the work-field app holds about a person, for the own-data export and the deletion of the account
(gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py``): the teacher's requests for offers (with
their message and the partner's answer) and, for someone at a partner, the contact entries linked to the
account.

Deleting the account deletes the requests by CASCADE. A partner who had accepted a request for an offer
that has not ended yet is told by mail (the partner's contacts with an account) that the place is free
again: sent after the commit; a mail that cannot be sent is logged and the deletion stands. A contact entry
is the school's address book of its partner's people: it stays, without the link to the account (and
without the invitation, which goes with the invitations to the address), until the school removes it.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.workfield.models import Contact, OfferRequest

logger = logging.getLogger(__name__)

EXPORTED = {
    "workfield.OfferRequest.teacher": "workfield.requests",
    "workfield.OfferRequest.plan_item": (
        "workfield.requests[].plan_item (the id of the teacher's own plan item)"
    ),
    "workfield.Contact.user": "workfield.partner_contacts",
}
EXEMPT = {
    "workfield.Contact.invitation": (
        "Only which invitation was sent when HR gave the contact an account, so that accepting it links "
        "that contact. For the person who made the invitation the contact entry is someone else's data "
        "(teams exports the invitations they made, not whom for); the invited person gets the invitation "
        "in the teams export, and the contact entry once it is linked to their account (Contact.user). "
        "Deleting either account leaves the entry; the invitations to the address go, and with them the link."
    ),
}


def export(user) -> dict:
    return {
        "requests": [
            {
                "offer": offer_request.offer.title,
                "partner": offer_request.offer.partner.name,
                "kind": offer_request.offer.kind,
                "offer_start": offer_request.offer.start_date,
                "offer_end": offer_request.offer.end_date,
                "asked_at": offer_request.created_at,
                "message": offer_request.message,
                "status": offer_request.status,
                "answer": offer_request.answer,
                "answered_at": offer_request.answered_at,
                "plan_item": offer_request.plan_item_id,
            }
            for offer_request in OfferRequest.objects.filter(teacher=user)
            .select_related("offer__partner")
            .order_by("created_at", "pk")
        ],
        "partner_contacts": [
            {
                "partner": contact.partner.name,
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "position": contact.position,
                "added_at": contact.created_at,
            }
            for contact in Contact.objects.filter(user=user).select_related("partner").order_by("pk")
        ],
    }


@dataclass(frozen=True)
class FreedPlace:
    """What a partner is told when an accepted teacher deletes the account (gathered before the rows go)."""

    teacher: str
    offer: str
    start: date
    end: date
    to: list[str]

    def send(self) -> None:
        """Tell the partner that an accepted place is free again."""
        if not self.to:
            return
        with translation.override(settings.LANGUAGE_CODE):
            params = {
                "teacher": self.teacher,
                "offer": self.offer,
                "start": self.start.strftime("%d-%m-%Y"),
                "end": self.end.strftime("%d-%m-%Y"),
            }
            body = "\n\n".join(
                [
                    _("Hello,"),
                    _(
                        "%(teacher)s, whom you accepted for “%(offer)s” (%(start)s to %(end)s), has "
                        "deleted their account in Ontwikkelwijzer. The request is cancelled, so the place is "
                        "free again."
                    )
                    % params,
                    _("Their data has been deleted; this mail is all that is left of the request."),
                ]
            )
            subject = _("A place in “%(offer)s” is free again") % params
        try:
            send_mail(subject, body, None, self.to)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not tell the partner that a place in %r is free again", self.offer)


def freed_places(user, *, today: date | None = None) -> list[FreedPlace]:
    """The person's accepted requests for offers that have not ended, with whom to tell."""
    today = today or date.today()
    accepted = (
        OfferRequest.objects.filter(
            teacher=user, status=OfferRequest.Status.ACCEPTED, offer__end_date__gte=today
        )
        .select_related("offer__partner")
        .order_by("pk")
    )
    places = []
    for offer_request in accepted:
        to = sorted(
            set(
                User.objects.filter(partner_contacts__partner=offer_request.offer.partner_id, is_active=True)
                .exclude(pk=user.pk)
                .values_list("email", flat=True)
            )
        )
        places.append(
            FreedPlace(
                teacher=str(user),
                offer=offer_request.offer.title,
                start=offer_request.offer.start_date,
                end=offer_request.offer.end_date,
                to=to,
            )
        )
    return places


def erase(user) -> list:
    return [place.send for place in freed_places(user)]
