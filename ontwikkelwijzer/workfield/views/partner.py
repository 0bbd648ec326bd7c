"""The partner's side of the work field: a partner account posts, changes and withdraws offers, and answers
teachers' requests. A partner sees a teacher's name, message and the offer asked for; never a teacher's plan,
reflections or scans. Whoever is no (active) partner contact gets a 404 on every page here; their start page
here says so. Withdrawing an offer asks
first: a GET shows what it does to the requests, only the POST of that page withdraws."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.core.http import form_status
from ontwikkelwijzer.workfield import access, services
from ontwikkelwijzer.workfield.forms import AnswerForm, OfferForm
from ontwikkelwijzer.workfield.models import Offer, OfferRequest, Partner


def _partners(user) -> list[Partner]:
    """The partners the person signs in for; a 404 for anyone who is no partner contact."""
    found = list(access.partners_of(user).select_related("organisation"))
    if not found:
        raise Http404("Not a partner contact.")
    return found


def _chosen_partner(request) -> Partner:
    """Their only partner; with several, the one named by the ``partner`` parameter."""
    found = _partners(request.user)
    if len(found) == 1:
        return found[0]
    chosen = request.POST.get("partner") or request.GET.get("partner") or ""
    for partner in found:
        if str(partner.pk) == chosen:
            return partner
    raise Http404("Choose one of your partners.")


@login_required
def home(request):
    """The partner's own page: for each partner they sign in for, the requests waiting for an answer
    (oldest first), the offers with their status and places taken, what they take part in (accepted
    requests: teacher, offer, period) and the requests answered earlier. Someone who signs in for no partner
    (any more) gets a page that says so, with a 404."""
    found = list(access.partners_of(request.user).select_related("organisation"))
    if not found:
        return render(request, "workfield/partner_none.html", status=404)
    today = date.today()
    sections = []
    for partner in found:
        offers = list(services.with_places_taken(partner.offers.all()))
        for offer in offers:
            offer.status = services.offer_status(offer, today=today, taken=offer.taken)
            offer.status_label = services.STATUS_LABELS[offer.status]
        requests = list(
            OfferRequest.objects.filter(offer__partner=partner)
            .select_related("offer", "teacher")
            .order_by("-created_at", "-pk")
        )
        waiting = [r for r in requests if r.status == OfferRequest.Status.PENDING]
        sections.append(
            {
                "partner": partner,
                "offers": offers,
                "waiting": waiting[::-1],  # the oldest first: who has waited longest
                "answered": [r for r in requests if r.status != OfferRequest.Status.PENDING],
                "activities": sorted(
                    (r for r in requests if r.status == OfferRequest.Status.ACCEPTED),
                    key=lambda r: (r.offer.start_date, r.offer.pk, r.pk),
                ),
            }
        )
    context = {"sections": sections, "several": len(sections) > 1, "today": today}
    return render(request, "workfield/partner_home.html", context)


@login_required
def offer_create(request):
    partner = _chosen_partner(request)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offer = services.offer_save(partner=partner, data=form.data_object())
        messages.success(request, _("Your offer “%(title)s” was posted.") % {"title": offer.title})
        return redirect("workfield:partner_home")
    context = {"partner": partner, "form": form, "offer": None}
    return render(request, "workfield/offer_form.html", context, status=form_status(form))


@login_required
def offer_edit(request, pk: int):
    offer = access.get_offer_for_partner(request.user, pk)
    if offer.withdrawn:
        messages.error(request, _("This offer has been withdrawn and can no longer be changed."))
        return redirect("workfield:partner_home")
    form = OfferForm(request.POST or None, offer=offer)
    if request.method == "POST" and form.is_valid():
        taken = services.places_taken(offer)
        if form.cleaned_data["places"] < taken:
            form.add_error(
                "places",
                _("%(taken)s teachers already have a place: the number of places cannot be lower.")
                % {"taken": taken},
            )
        else:
            services.offer_save(partner=offer.partner, data=form.data_object(), offer=offer)
            messages.success(request, _("Your changes were saved."))
            return redirect("workfield:partner_home")
    context = {"partner": offer.partner, "form": form, "offer": offer}
    return render(request, "workfield/offer_form.html", context, status=form_status(form))


def _withdraw_confirmation(offer: Offer) -> Confirmation:
    """What withdrawing does, in words: to the offer, to the requests still waiting (declined, and the
    teachers mailed) and to the teachers accepted (they keep their place)."""
    effect = services.offer_withdraw_effect(offer=offer)
    title = {"title": offer.title}
    consequences = [_("Teachers can no longer ask for “%(title)s”, and you can no longer change it.") % title]
    if effect.declined:
        consequences.append(
            ngettext(
                "The request still waiting for your answer is declined, with the answer "
                "“The offer was withdrawn.”",
                "The %(count)s requests still waiting for your answer are declined, with the answer "
                "“The offer was withdrawn.”",
                effect.declined,
            )
            % {"count": effect.declined}
        )
        consequences.append(
            ngettext(
                "The teacher is told by e-mail, and sees it in their list of requests.",
                "The teachers are told by e-mail, and see it in their list of requests.",
                effect.declined,
            )
        )
    else:
        consequences.append(_("No request is waiting for your answer, so none is declined."))
    if effect.kept:
        consequences.append(
            ngettext(
                "The teacher you accepted keeps their place.",
                "The %(count)s teachers you accepted keep their place.",
                effect.kept,
            )
            % {"count": effect.kept}
        )
    return Confirmation(
        title=_("Withdraw the offer “%(title)s”?") % title,
        consequences=consequences,
        button=_("Withdraw the offer"),
        cancel_url=reverse("workfield:offer_edit", args=[offer.pk]),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer_withdraw(request, pk: int):
    """GET asks first (``core.confirm``); only the POST of that page (``confirm=yes``) withdraws."""
    offer = access.get_offer_for_partner(request.user, pk)
    if offer.withdrawn:
        messages.info(
            request, _("The offer “%(title)s” has already been withdrawn.") % {"title": offer.title}
        )
        return redirect("workfield:partner_home")
    if not confirmed(request):
        return confirm_page(request, _withdraw_confirmation(offer))
    services.offer_withdraw(offer=offer)
    messages.success(
        request,
        _("Your offer “%(title)s” was withdrawn; requests still waiting were declined.")
        % {"title": offer.title},
    )
    return redirect("workfield:partner_home")


@login_required
def request_answer(request, pk: int):
    offer_request = access.get_request_for_partner(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.request_answer(
                offer_request=offer_request, accept=accept, answer=form.cleaned_data["answer"]
            )
        except services.Refused as exc:
            form.add_error(None, str(exc))
        else:
            if accept:
                text = _("You accepted the request of %(name)s.")
            else:
                text = _("You declined the request of %(name)s.")
            messages.success(request, text % {"name": offer_request.teacher})
            return redirect("workfield:partner_home")
    offer = offer_request.offer
    context = {
        "offer_request": offer_request,
        "offer": offer,
        "taken": services.places_taken(offer),
        "form": form,
        "show_form": offer_request.status == OfferRequest.Status.PENDING or form.is_bound,
    }
    return render(request, "workfield/request_answer.html", context, status=form_status(form))
