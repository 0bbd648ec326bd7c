"""The two steps of a CSV import, the same for a team's list (``members.import_csv``,
``members.import_confirm``) and the whole school's (``admin.import_csv``, ``admin.import_confirm``), each
step its own view and URL: upload and check (``import_page``), which shows what would happen and changes
nothing, then confirm (``import_confirm``, POST only). The checked file waits in the session under a
digest, so only the file just shown is applied."""

from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from ontwikkelwijzer.teams import member_import
from ontwikkelwijzer.teams.member_forms import ImportConfirmForm, MemberImportForm
from ontwikkelwijzer.teams.models import Organisation, Team

SESSION_KEY = "member_import"


@dataclass(frozen=True)
class ImportTarget:
    """Where the list goes: a team, or the whole school (``team`` None); and the page's links."""

    organisation: Organisation
    team: Team | None
    url: str  # the upload page (step 1)
    confirm_url: str  # where the dry run's confirmation is posted (step 2)
    back_url: str
    back_label: str

    @property
    def key(self) -> str:
        return f"team:{self.team.pk}" if self.team else f"school:{self.organisation.pk}"

    def plan(self, parsed: member_import.ImportPlan, by) -> member_import.ImportPlan:
        if self.team is not None:
            return member_import.import_plan(self.team, parsed, by=by)
        return member_import.school_import_plan(self.organisation, parsed, by=by)


def _render(request, target: ImportTarget, **context):
    context.setdefault("form", MemberImportForm())
    return render(request, "teams/import.html", {"target": target, **context})


def import_page(request, target: ImportTarget):
    """Step 1: the form (GET), or the dry run of the file posted; nothing changes."""
    if request.method != "POST":
        return _render(request, target)
    form = MemberImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, target, form=form)
    plan = target.plan(form.parsed, request.user)
    digest = member_import.import_digest(form.text)
    confirm_form = None
    if plan.has_changes:
        request.session[SESSION_KEY] = {"target": target.key, "text": form.text, "digest": digest}
        confirm_form = ImportConfirmForm(initial={"digest": digest})
    else:
        request.session.pop(SESSION_KEY, None)
    return _render(
        request, target, plan=plan, confirm_form=confirm_form, file_name=form.cleaned_data["file"].name
    )


def import_confirm(request, target: ImportTarget):
    """Step 2 (a POST): apply the file of the dry run just shown, or send the person back to step 1."""
    stored = request.session.get(SESSION_KEY) or {}
    form = ImportConfirmForm(request.POST)
    valid = (
        form.is_valid()
        and stored.get("target") == target.key
        and isinstance(stored.get("text"), str)
        and constant_time_compare(stored.get("digest", ""), form.cleaned_data["digest"])
        and constant_time_compare(member_import.import_digest(stored["text"]), form.cleaned_data["digest"])
    )
    if not valid:
        messages.error(
            request, _("This import is no longer waiting for confirmation. Upload the file again.")
        )
        return redirect(target.url)
    try:
        parsed = member_import.parse_member_csv(stored["text"])
        result = member_import.import_apply(
            organisation=target.organisation,
            team=target.team,
            parsed=parsed,
            added_by=request.user,
            absolute_uri=request.build_absolute_uri,
        )
    except member_import.CsvError:
        request.session.pop(SESSION_KEY, None)
        messages.error(
            request, _("This import is no longer waiting for confirmation. Upload the file again.")
        )
        return redirect(target.url)
    except IntegrityError:
        messages.error(
            request,
            _(
                "Someone changed these accounts at the same moment. "
                "Nothing was imported; upload the file again."
            ),
        )
        return redirect(target.url)
    request.session.pop(SESSION_KEY, None)
    return _render(request, target, result=result)
