"""Ids posted in forms are checked before the database sees them: whatever integer or text arrives in an id
field, the answer is a form error or a 404, never a 500 (an id past 2^63 used to crash SQLite)."""

from datetime import date

import pytest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.forms import PlanItemForm

pytestmark = pytest.mark.django_db
HUGE = [2**63, 2**63 - 1, -(2**63) - 1, 2**64, 10**30, -1, 0]
IDS = (
    st.one_of(
        st.sampled_from(HUGE),
        st.integers(),
        st.integers(min_value=2**62, max_value=2**70),
    ).map(str)
    | st.text(max_size=30)
    | st.sampled_from(["1e30", "+9" * 12, " 12 ", "0x10", "٣", "1_000"])
)
# The fields of the plan item form that take ids, and the hidden version number.
ID_FIELDS = ["aspects", "team_goal", "activity", "version"]
POSTS = st.dictionaries(st.sampled_from(ID_FIELDS), st.lists(IDS, min_size=1, max_size=3), min_size=1)


@pytest.fixture
def plan(framework):
    user = User.objects.create_user(email="docent@school.nl", password="x")
    return services.plan_get_or_create(user=user, school_year=schoolyear.school_year_for(date.today()))


def _valid_rest(plan) -> dict[str, list[str]]:
    start, end = schoolyear.bounds(plan.school_year)
    aspect = plan.framework.aspects.order_by("number").first()
    return {
        "title": ["Eigen cursus"],
        "goal": ["Iets leren"],
        "aspects": [str(aspect.pk)],
        "start_date": [start.isoformat()],
        "end_date": [end.isoformat()],
        "estimated_hours": ["4"],
        "status": ["planned"],
        "version": ["1"],
    }


def _querydict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


@pytest.fixture
def item(plan):
    start, end = schoolyear.bounds(plan.school_year)
    return services.plan_item_create(
        plan=plan,
        data=services.ItemData(
            title="Eigen cursus",
            goal="Iets leren",
            aspects=list(plan.framework.aspects.all()[:1]),
            start_date=start,
            end_date=end,
            estimated_hours=4,
        ),
    )


class BadIdTests:
    @pytest.mark.parametrize("value", [str(n) for n in HUGE])
    def test_an_aspect_id_out_of_range_is_a_form_error(self, plan, value):
        form = PlanItemForm(_querydict({**_valid_rest(plan), "aspects": [value]}), plan=plan)
        assert not form.is_valid() and "aspects" in form.errors

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(posted=POSTS)
    def test_posting_any_ids_to_the_item_pages_never_gives_a_500(self, client, plan, item, posted):
        client.force_login(plan.user)
        data = {**_valid_rest(plan), **posted}
        for url in (
            reverse("plans:item_create", args=[plan.school_year]),
            reverse("plans:item_edit", args=[item.pk]),
        ):
            with transaction.atomic():
                response = client.post(url, data)  # an error in the view fails the test: the client raises
                transaction.set_rollback(True)  # each example starts from the same plan
            assert response.status_code in (200, 302)

    @pytest.mark.parametrize("pk", [2**63, 2**64, 10**30])
    def test_an_id_out_of_range_in_the_address_is_a_404(self, client, plan, pk):
        client.force_login(plan.user)
        for name in ("plans:item", "plans:item_edit", "plans:evidence"):
            assert client.get(reverse(name, args=[pk])).status_code == 404
