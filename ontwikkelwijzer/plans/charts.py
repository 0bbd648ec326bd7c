"""The plan's pictures, the same on its page and in its PDF."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ontwikkelwijzer.core.charts import hours_chart
from ontwikkelwijzer.plans.selectors import PlanOverview


def plan_hours_chart(overview: PlanOverview) -> SafeString:
    """The plan's budget, the hours planned and the hours spent (from the log), on one scale."""
    return hours_chart(
        [
            (_("Budget"), overview.plan.budget_hours),
            (_("Planned"), overview.hours_planned),
            (_("Spent (from your log)"), overview.hours_spent),
        ],
        title=_("Your hours in %(year)s: budget, planned and spent") % {"year": overview.plan.school_year},
        chart_id="plan-hours-chart",
    )
