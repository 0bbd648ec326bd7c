from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.models import DevelopmentPlan
from ontwikkelwijzer.plans.selectors import plan_overview
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.selectors import scan_input_of, scan_result
from ontwikkelwijzer.teams import access, services
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Sharing
from ontwikkelwijzer.workfield import access as workfield_access

SharingForm = modelform_factory(Sharing, fields=["share_reflections", "share_scans"])


@login_required
def home(request):
    """Where a person finds the teams they lead and the organisations they oversee."""
    return render(
        request,
        "teams/home.html",
        {
            "teams": access.teams_led_by(request.user),
            "organisations": access.organisations_overseen_by(request.user),
            "activity_organisations": access.organisations_for_curriculum(request.user),
            "partner_organisations": workfield_access.organisations_managing_partners(request.user),
            "partners": workfield_access.partners_of(request.user),
            "memberships": Membership.objects.filter(user=request.user).select_related(
                "organisation", "team"
            ),
        },
    )


@login_required
def privacy(request):
    """What a teacher shares with their team leader, and who looked at their data."""
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
            "events": AuditEvent.objects.filter(subject=request.user)[:200],
        },
    )


@login_required
def member_plan(request, pk: int, member_pk: int, school_year: str):
    """A team leader looks at a teacher's plan: items and progress; reflections and scans if shared."""
    if not schoolyear.is_school_year(school_year):
        raise Http404("Not a school year.")
    team, member = access.get_member_for_leader(request.user, pk, member_pk)
    sharing = services.sharing_of(user=member)
    plan = (
        DevelopmentPlan.objects.filter(user=member, school_year=school_year)
        .select_related("framework")
        .first()
    )
    services.audit_record(
        actor=request.user,
        subject=member,
        action=_("viewed your development plan %(year)s (team %(team)s)")
        % {"year": school_year, "team": team},
    )
    context = {"team": team, "member": member, "school_year": school_year, "sharing": sharing, "plan": plan}
    if plan is not None:
        context["o"] = plan_overview(plan=plan)
    if sharing.share_scans:
        latest = Scan.objects.filter(user=member).select_related("framework").first()
        if latest is not None:
            result = scan_result(framework=latest.framework, data=scan_input_of(latest))
            context["scan"] = latest
            context["scan_rows"] = [(result.aspect_names[s.aspect], s.score) for s in result.scores]
    return render(request, "teams/member_plan.html", context)
