"""The work field for teachers: the offers of their school's partners, asking for one, their requests, and
an accepted request into the development plan."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ontwikkelwijzer.workfield import access, services
from ontwikkelwijzer.workfield.forms import OfferRequestForm
from ontwikkelwijzer.workfield.models import Offer, OfferRequest

KIND_PARAMETER = "soort"


@login_required
def offers(request):
    """The open offers (not withdrawn, not over) of the partners of the person's schools, soonest first.
    A partner account finds the way to its own side of the work field here."""
    has_school = access.schools_of_teacher(request.user).exists()
    kind, notice = request.GET.get(KIND_PARAMETER, ""), ""
    if kind and kind not in Offer.Kind.values:
        notice = _("“%(kind)s” is not a kind of opportunity; all kinds are shown.") % {"kind": kind[:40]}
        kind = ""
    found = services.with_places_taken(
        access.offers_for_teacher(request.user).filter(withdrawn=False, end_date__gte=date.today())
    ).order_by("start_date", "pk")
    if kind:
        found = found.filter(kind=kind)
    rows = [{"offer": offer, "left": max(0, offer.places - offer.taken)} for offer in found]
    context = {
        "rows": rows,
        "kinds": Offer.Kind.choices,
        "kind": kind,
        "kind_parameter": KIND_PARAMETER,
        "notice": notice,
        "has_school": has_school,
        "is_partner": access.partners_of(request.user).exists(),
    }
    return render(request, "workfield/offers.html", context)


@login_required
def offer_detail(request, pk: int):
    offer = access.get_offer_for_teacher(request.user, pk)
    mine = (
        offer.requests.filter(teacher=request.user)
        .select_related("plan_item__activity")
        .order_by("-created_at", "-pk")
        .first()
    )
    asked = mine is not None and mine.status in (OfferRequest.Status.PENDING, OfferRequest.Status.ACCEPTED)
    problem = services.offer_problem(offer)
    form = OfferRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_create(offer=offer, teacher=request.user, message=form.cleaned_data["message"])
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("Your request was sent to %(partner)s.") % {"partner": offer.partner.name}
            )
            return redirect("workfield:my_requests")
    context = {
        "offer": offer,
        "left": max(0, offer.places - services.places_taken(offer)),
        "problem": problem,
        "mine": mine,
        "asked": asked,
        "form": form,
    }
    status = 400 if form.is_bound and form.errors else 200  # mistakes next to the field, what was typed kept
    return render(request, "workfield/offer.html", context, status=status)


@login_required
def my_requests(request):
    found = OfferRequest.objects.filter(teacher=request.user).select_related(
        "offer__partner", "plan_item__activity"
    )
    return render(request, "workfield/my_requests.html", {"requests": found})


@login_required
@require_POST
def cancel(request, pk: int):
    mine = access.get_request_for_teacher(request.user, pk)
    try:
        services.request_cancel(offer_request=mine)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your request was cancelled."))
    return redirect("workfield:my_requests")


@login_required
@require_POST
def to_plan(request, pk: int):
    mine = access.get_request_for_teacher(request.user, pk)
    try:
        item, created = services.request_to_plan(offer_request=mine)
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect("workfield:my_requests")
    if created:
        messages.success(request, _("The activity is in your development plan."))
    else:
        messages.success(
            request,
            _("“%(name)s” was already in your development plan: your request now leads to it.")
            % {"name": item.name},
        )
    return redirect("plans:item", item.pk)


def activity_offers(request, code: str) -> dict:
    """For an activity's page (``framework.extensions``): the open offers for the activity of the partners
    of the person's schools (teachers and team leaders), not withdrawn, not over, with places left. One
    query, and none at all for a visitor without an account, whose page is the same for everyone (and
    cached: ``framework.cache``)."""
    if not request.user.is_authenticated:
        return {"offers": []}
    today = date.today()
    found = services.with_places_taken(
        access.offers_for_teacher(request.user).filter(
            activity_code=code, withdrawn=False, end_date__gte=today
        )
    ).order_by("start_date", "pk")
    return {
        "offers": [
            {
                "offer": offer,
                "url": reverse("workfield:offer", args=[offer.pk]),
                "left": offer.places - offer.taken,
            }
            for offer in found
            if services.offer_problem(offer, today=today, taken=offer.taken) is None
        ]
    }
