from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ontwikkelwijzer.teams import access, invitations, services
from ontwikkelwijzer.teams.forms import LeaveForm, SharingForm
from ontwikkelwijzer.teams.models import AuditEvent, Membership


@login_required
def privacy(request):
    """What a teacher shares with their team leader, the groups that can see them (and leaving them), the
    invitations waiting for an answer, and who looked at their data."""
    form = SharingForm(request.POST or None, instance=services.sharing_of(user=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices were saved."))
        return redirect("teams:privacy")
    return render(
        request,
        "teams/privacy.html",
        {
            "form": form,
            "groups": access.groups_of(request.user),
            "waiting": invitations.invitations_for(request.user),
            "events": AuditEvent.objects.filter(subject=request.user)[:200],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request, pk: int):
    """Leave a team or a role at a school: a page that says what happens, then a confirmed POST."""
    membership = (
        Membership.objects.filter(pk=pk, user=request.user).select_related("organisation", "team").first()
    )
    if membership is None:
        raise Http404("No such membership.")
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.membership_leave(membership=membership)
        except invitations.CannotLeave:
            form.add_error(
                None,
                _("You are the only administrator of %(school)s. Give someone else that role first.")
                % {"school": membership.organisation.name},
            )
        else:
            group = membership.team.name if membership.team else membership.organisation.name
            messages.success(request, _("You have left %(group)s.") % {"group": group})
            return redirect("teams:privacy")
    group = next(g for g in access.groups_of(request.user) if g.membership.pk == membership.pk)
    status = 400 if form.is_bound else 200
    return render(request, "teams/leave.html", {"group": group, "form": form}, status=status)
