"""The school's side of the work field: HR and administrators list and add the school's partners, and
add contacts to a partner (with an account, the contact signs in for the partner)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ontwikkelwijzer.workfield import access, services
from ontwikkelwijzer.workfield.forms import ContactForm, PartnerForm
from ontwikkelwijzer.workfield.models import Offer, Partner


@login_required
def partners(request, pk: int):
    organisation = access.get_organisation_for_partner_manager(request.user, pk)
    form = PartnerForm(
        request.POST or None, organisation=organisation, instance=Partner(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        partner = form.save()
        messages.success(
            request, _("“%(name)s” was added to your school's partners.") % {"name": partner.name}
        )
        return redirect("workfield:partners", organisation.pk)
    rows = list(
        Partner.objects.filter(organisation=organisation).annotate(
            contact_count=Count("contacts", distinct=True)
        )
    )
    today = date.today()
    open_offers: dict[int, int] = {}
    for offer in services.with_places_taken(Offer.objects.filter(partner__organisation=organisation)):
        if services.offer_problem(offer, today=today, taken=offer.taken) is None:
            open_offers[offer.partner_id] = open_offers.get(offer.partner_id, 0) + 1
    for partner in rows:
        partner.open_offer_count = open_offers.get(partner.pk, 0)
    context = {"organisation": organisation, "partners": rows, "form": form}
    return render(request, "workfield/school_partners.html", context)


@login_required
def partner_detail(request, pk: int, partner_pk: int):
    partner = access.get_partner_for_manager(request.user, pk, partner_pk)
    organisation = partner.organisation
    form = ContactForm(request.POST or None, partner=partner, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact, invited = services.contact_add(
                partner=partner,
                name=data["name"].strip(),
                email=data["email"],
                phone=data["phone"].strip(),
                position=data["position"].strip(),
                account=data["account"],
                added_by=request.user,
                absolute_uri=request.build_absolute_uri,
            )
        except IntegrityError:  # the same address added at the same moment by someone else
            form.add_error("email", _("This partner already has a contact with this e-mail address."))
        except services.Refused as refused:  # the form checks the address too (ContactForm.clean)
            form.add_error("email", str(refused))
        else:
            if invited:
                text = _(
                    "“%(name)s” was added as a contact and got an e-mail with an invitation to sign in for "
                    "%(partner)s. They can sign in once they accept it."
                )
            else:
                text = _("“%(name)s” was added as a contact of %(partner)s.")
            messages.success(request, text % {"name": contact.name, "partner": partner.name})
            return redirect("workfield:partner", organisation.pk, partner.pk)
    today = date.today()
    offers = list(services.with_places_taken(partner.offers.all()))
    for offer in offers:
        offer.status = services.offer_status(offer, today=today, taken=offer.taken)
        offer.status_label = services.STATUS_LABELS[offer.status]
    context = {
        "organisation": organisation,
        "partner": partner,
        "contacts": list(partner.contacts.all()),
        "offers": offers,
        "form": form,
    }
    return render(request, "workfield/school_partner.html", context)
