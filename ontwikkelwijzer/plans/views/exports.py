"""Downloads of one's own development plan: PDF, xlsx and CSV. Personal data: never cached."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.core.http import attachment
from ontwikkelwijzer.plans import access, exports, selectors
from ontwikkelwijzer.plans.selectors import PlanOverview

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _overview(request, school_year: str) -> PlanOverview:
    plan = access.get_plan_for_user(request.user, school_year)
    return selectors.plan_overview(plan=plan)


def _download(content: bytes | str, content_type: str, overview: PlanOverview, extension: str):
    return attachment(content, content_type, f"ontwikkelplan-{overview.plan.school_year}.{extension}")


@login_required
@never_cache
def pdf(request, school_year: str):
    overview = _overview(request, school_year)
    return _download(exports.plan_pdf(overview, request.user), "application/pdf", overview, "pdf")


@login_required
@never_cache
def xlsx(request, school_year: str):
    overview = _overview(request, school_year)
    return _download(exports.plan_xlsx(overview), XLSX_TYPE, overview, "xlsx")


@login_required
@never_cache
def csv(request, school_year: str):
    overview = _overview(request, school_year)
    return _download(exports.plan_csv(overview), "text/csv; charset=utf-8", overview, "csv")
