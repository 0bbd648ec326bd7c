"""Hypothesis: whatever is posted to the plan and scan forms, they answer with errors, never a crash."""

from datetime import date

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.selectors import activity_list
from ontwikkelwijzer.plans.forms import PlanItemForm
from ontwikkelwijzer.plans.models import DevelopmentPlan
from ontwikkelwijzer.scan.forms import ScanForm
from ontwikkelwijzer.scan.selectors import scan_statements

pytestmark = pytest.mark.django_db
TEXT = st.text(max_size=40)
VALUES = st.one_of(TEXT, st.integers(-10, 10_000).map(str), st.dates().map(date.isoformat), st.just(""))
FIELDS = [
    "activity",
    "title",
    "goal",
    "aspects",
    "start_date",
    "end_date",
    "estimated_hours",
    "status",
    "follow_up",
    "version",
    "learning",
    "hours_available",
    "done",
]


def as_querydict(data: dict[str, list[str]]) -> QueryDict:
    qd = QueryDict(mutable=True)
    for key, values in data.items():
        qd.setlist(key, values)
    return qd


POSTS = st.dictionaries(st.sampled_from(FIELDS) | TEXT, st.lists(VALUES, max_size=3), max_size=10)


@pytest.fixture
def plan(framework, django_user_model):
    user = django_user_model.objects.create_user(email="fuzz@school.nl", password="x")
    return DevelopmentPlan.objects.create(
        user=user, school_year=schoolyear.school_year_for(date.today()), framework=framework, budget_hours=59
    )


class FormFuzzTests:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(POSTS)
    def test_the_plan_item_form_never_crashes(self, plan, data):
        form = PlanItemForm(as_querydict(data), plan=plan)
        if form.is_valid():
            item = form.item_data()
            assert item.start_date <= item.end_date and item.aspects
        else:
            assert form.errors

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(POSTS)
    def test_the_scan_form_never_crashes(self, framework, data):
        form = ScanForm(
            as_querydict(data),
            statements=scan_statements(framework=framework),
            activities=activity_list(framework=framework),
        )
        assert form.is_valid() is False  # random data never answers every statement
        assert form.errors
