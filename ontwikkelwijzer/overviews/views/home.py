from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ontwikkelwijzer.teams import access, invitations
from ontwikkelwijzer.teams.models import Membership
from ontwikkelwijzer.workfield import access as workfield_access


@login_required
def home(request):
    """Where a person finds the teams they lead and the organisations they oversee."""
    return render(
        request,
        "overviews/home.html",
        {
            "teams": access.teams_led_by(request.user),
            "organisations": access.organisations_overseen_by(request.user),
            "administered": access.organisations_administered_by(request.user),
            "activity_organisations": access.organisations_for_curriculum(request.user),
            "partner_organisations": workfield_access.organisations_managing_partners(request.user),
            "partners": workfield_access.partners_of(request.user),
            "memberships": Membership.objects.filter(user=request.user).select_related(
                "organisation", "team"
            ),
            "waiting": invitations.invitations_for(request.user),
        },
    )
