"""Downloads of one's own development plan: PDF, xlsx and CSV. Personal data: never cached."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.plans import access, exports, selectors
from ontwikkelwijzer.plans.selectors import PlanOverview

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _overview(request, school_year: str) -> PlanOverview:
    plan = access.get_plan_for_user(request.user, school_year)
    return selectors.plan_overview(plan=plan)


def _attachment(
    content: bytes | str, content_type: str, overview: PlanOverview, extension: str
) -> HttpResponse:
    filename = f"ontwikkelplan-{overview.plan.school_year}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@never_cache
def pdf(request, school_year: str):
    overview = _overview(request, school_year)
    return _attachment(exports.plan_pdf(overview, request.user), "application/pdf", overview, "pdf")


@login_required
@never_cache
def xlsx(request, school_year: str):
    overview = _overview(request, school_year)
    return _attachment(exports.plan_xlsx(overview), XLSX_TYPE, overview, "xlsx")


@login_required
@never_cache
def csv(request, school_year: str):
    overview = _overview(request, school_year)
    return _attachment(exports.plan_csv(overview), "text/csv; charset=utf-8", overview, "csv")
