"""The school's side of the work field: HR and administrators list and add the school's partners, change a
partner's details and its contacts, add contacts (with an account, the contact signs in for the partner),
deactivate a contact and end a partnership. What takes access away or ends something asks first
(``core.confirm``): a GET shows what will happen, only the POST of that page does it. An ended partnership is
kept as it was: it can be read, not changed (the pages that change it are a 404 then)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.core.http import form_status
from ontwikkelwijzer.workfield import access, services
from ontwikkelwijzer.workfield.forms import ContactDetailsForm, ContactForm, PartnerForm
from ontwikkelwijzer.workfield.models import Contact, Offer, Partner


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
            contact_count=Count("contacts", filter=Q(contacts__deactivated_at__isnull=True), distinct=True)
        )
    )
    today = date.today()
    open_offers: dict[int, int] = {}
    for offer in services.with_places_taken(Offer.objects.filter(partner__organisation=organisation)):
        if services.offer_problem(offer, today=today, taken=offer.taken) is None:
            open_offers[offer.partner_id] = open_offers.get(offer.partner_id, 0) + 1
    for partner in rows:
        partner.open_offer_count = open_offers.get(partner.pk, 0)
    context = {
        "organisation": organisation,
        "partners": [p for p in rows if p.ended_at is None],
        "ended": sorted((p for p in rows if p.ended_at is not None), key=lambda p: p.ended_at, reverse=True),
        "form": form,
    }
    return render(request, "workfield/school_partners.html", context, status=form_status(form))


@login_required
def partner_detail(request, pk: int, partner_pk: int):
    """The partner, its contacts and offers; the POST adds a contact (not to an ended partnership)."""
    if request.method == "POST":
        partner = access.get_partner_for_manager(request.user, pk, partner_pk, current=True)
    else:
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
    contacts = list(partner.contacts.all())
    context = {
        "organisation": organisation,
        "partner": partner,
        "contacts": [c for c in contacts if c.active],
        "deactivated": [c for c in contacts if not c.active],
        "offers": offers,
        "form": form,
    }
    return render(request, "workfield/school_partner.html", context, status=form_status(form))


@login_required
def partner_edit(request, pk: int, partner_pk: int):
    """Change the partner's name, kind, sector, place and website (written down in the school's audit)."""
    partner = access.get_partner_for_manager(request.user, pk, partner_pk, current=True)
    name = partner.name  # as it is stored: the form puts what was typed on the partner
    form = PartnerForm(request.POST or None, organisation=partner.organisation, instance=partner)
    if request.method == "POST" and form.is_valid():
        services.partner_change(partner=form.instance, changed=form.changed_data, by=request.user)
        messages.success(request, _("The details of %(name)s were saved.") % {"name": form.instance.name})
        return redirect("workfield:partner", pk, partner.pk)
    context = {"organisation": partner.organisation, "partner": partner, "name": name, "form": form}
    return render(request, "workfield/school_partner_edit.html", context, status=form_status(form))


@login_required
def contact_edit(request, pk: int, contact_pk: int):
    """Change a contact's name, address, phone and position (written down in the school's audit)."""
    contact = access.get_contact_for_manager(request.user, pk, contact_pk, current=True)
    partner = contact.partner
    form = ContactDetailsForm(request.POST or None, partner=partner, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_change(contact=contact, data=form.data_object(), by=request.user)
        except IntegrityError:  # the same address given to another contact at the same moment
            form.add_error("email", _("This partner already has a contact with this e-mail address."))
        else:
            messages.success(request, _("The details of %(name)s were saved.") % {"name": contact.name})
            return redirect("workfield:partner", pk, partner.pk)
    context = {"organisation": partner.organisation, "partner": partner, "contact": contact, "form": form}
    return render(request, "workfield/school_contact_edit.html", context, status=form_status(form))


def _deactivate_confirmation(contact: Contact) -> Confirmation:
    effect = services.contact_deactivate_effect(contact=contact)
    partner = contact.partner
    params = {"name": contact.name, "partner": partner.name, "school": partner.organisation.name}
    consequences = []
    if effect.account:
        consequences.append(
            _("%(name)s can no longer sign in for %(partner)s: post offers or answer requests.") % params
        )
        if effect.loses_role:
            consequences.append(_("Their role as work-field partner of %(school)s ends now.") % params)
        else:
            consequences.append(
                _("They keep signing in for the other partners of %(school)s they are an active contact of.")
                % params
            )
    if effect.invited:
        consequences.append(
            _("Their invitation to sign in for %(partner)s is revoked: it can no longer be used.") % params
        )
    if not effect.account and not effect.invited:
        consequences.append(_("%(name)s has no account and no invitation, so nobody loses access.") % params)
    consequences.append(_("The offers and answers made for %(partner)s stay as they are.") % params)
    consequences.append(_("%(name)s stays in the list of contacts, marked as deactivated.") % params)
    return Confirmation(
        title=_("Deactivate the contact %(name)s?") % params,
        consequences=consequences,
        button=_("Deactivate the contact"),
        cancel_url=reverse("workfield:partner", args=[partner.organisation_id, partner.pk]),
        undo=_(
            "To let them in again, add them as a contact with an account once more: they get a new "
            "invitation."
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_deactivate(request, pk: int, contact_pk: int):
    """GET asks first (``core.confirm``); only the POST of that page (``confirm=yes``) deactivates."""
    contact = access.get_contact_for_manager(request.user, pk, contact_pk, current=True)
    back = reverse("workfield:partner", args=[pk, contact.partner_id])
    if not contact.active:
        messages.info(request, _("%(name)s has already been deactivated.") % {"name": contact.name})
        return redirect(back)
    if not confirmed(request):
        return confirm_page(request, _deactivate_confirmation(contact))
    services.contact_deactivate(contact=contact, by=request.user)
    messages.success(request, _("%(name)s was deactivated.") % {"name": contact.name})
    return redirect(back)


def _end_confirmation(partner: Partner) -> Confirmation:
    """What ending the partnership does, in numbers and words (``services.partnership_end_effect``)."""
    effect = services.partnership_end_effect(partner=partner)
    params = {"name": partner.name}
    consequences = [
        _(
            "%(name)s is listed under ended partnerships. Teachers no longer see its offers, and it can no "
            "longer be changed."
        )
        % params
    ]
    if effect.offers:
        consequences.append(
            ngettext(
                "Its open offer is withdrawn.", "Its %(count)s open offers are withdrawn.", effect.offers
            )
            % {"count": effect.offers}
        )
    else:
        consequences.append(_("It has no open offers, so none is withdrawn."))
    if effect.declined:
        consequences.append(
            ngettext(
                "The request still waiting for an answer is declined; the teacher is told by e-mail.",
                "The %(count)s requests still waiting for an answer are declined; the teachers are told by "
                "e-mail.",
                effect.declined,
            )
            % {"count": effect.declined}
        )
    else:
        consequences.append(_("No request is waiting for an answer, so none is declined."))
    if effect.told:
        consequences.append(
            ngettext(
                "The teacher with an accepted place in an offer that has not ended is told by e-mail. "
                "The place stays in their requests and plan.",
                "The %(count)s teachers with an accepted place in an offer that has not ended are told by "
                "e-mail. The places stay in their requests and plans.",
                effect.told,
            )
            % {"count": effect.told}
        )
    if effect.contacts:
        consequences.append(
            ngettext(
                "Its contact with an account or an invitation can no longer sign in for %(name)s.",
                "Its %(count)s contacts with an account or an invitation can no longer sign in for %(name)s.",
                effect.contacts,
            )
            % {"count": effect.contacts, "name": partner.name}
        )
    consequences.append(_("All its contacts are deactivated; they stay in the list."))
    return Confirmation(
        title=_("End the partnership with %(name)s?") % params,
        consequences=consequences,
        button=_("End the partnership"),
        cancel_url=reverse("workfield:partner", args=[partner.organisation_id, partner.pk]),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_end(request, pk: int, partner_pk: int):
    """GET asks first (``core.confirm``); only the POST of that page (``confirm=yes``) ends it."""
    partner = access.get_partner_for_manager(request.user, pk, partner_pk, current=True)
    if not confirmed(request):
        return confirm_page(request, _end_confirmation(partner))
    try:
        services.partnership_end(partner=partner, by=request.user)
    except services.Refused as refused:  # ended at the same moment by someone else
        messages.info(request, str(refused))
    else:
        messages.success(request, _("The partnership with %(name)s has ended.") % {"name": partner.name})
    return redirect("workfield:partners", pk)
