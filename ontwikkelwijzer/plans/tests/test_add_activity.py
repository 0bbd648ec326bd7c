"""“Zet in mijn plan” from an activity page or a recommendation: once is one click; a second one of the same
activity in the same plan only after saying it is meant."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import PlanItem
from tests.support import person

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())


@pytest.fixture
def teacher(client):
    user = person()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def put(client, code: str = "docentstage", **extra):
    return client.post(reverse("plans:add_activity", args=[YEAR]), {"activity": code, **extra})


class DuplicateTests:
    def test_a_second_one_is_not_added_without_asking(self, client, teacher, framework):
        first = put(client)
        (item,) = PlanItem.objects.filter(plan__user=teacher)
        assert first["Location"] == reverse("plans:item_edit", args=[item.pk])

        for response in (put(client), put(client, confirm="no")):
            html = response.content.decode()
            assert response.status_code == 200
            assert f"“Docentstage” is in your plan {YEAR} already" in html
            assert f'href="{reverse("plans:item", args=[item.pk])}"' in html
            assert 'name="confirm" value="yes"' in html and 'name="activity" value="docentstage"' in html
        assert PlanItem.objects.filter(plan__user=teacher).count() == 1

        second = put(client, confirm="yes")
        assert second.status_code == 302
        assert PlanItem.objects.filter(plan__user=teacher, activity__code="docentstage").count() == 2

    def test_the_chosen_aspects_go_along_with_the_confirmation(self, client, teacher, framework):
        put(client)
        html = put(client, aspects=["workfield"]).content.decode()
        assert '<input type="hidden" name="aspects" value="workfield">' in html
        put(client, aspects=["workfield"], confirm="yes")
        second = PlanItem.objects.filter(plan__user=teacher).order_by("pk").last()
        assert list(second.aspects.values_list("code", flat=True)) == ["workfield"]

    def test_a_cancelled_one_or_another_activity_or_year_is_no_reason_to_ask(
        self, client, teacher, framework
    ):
        put(client)
        PlanItem.objects.filter(plan__user=teacher).update(status=ItemStatus.CANCELLED)
        assert put(client).status_code == 302  # the cancelled one does not count
        assert put(client, "werkbezoeken").status_code == 302
        other_year = schoolyear.next_school_year(YEAR)
        services.plan_get_or_create(user=teacher, school_year=other_year)
        response = client.post(reverse("plans:add_activity", args=[other_year]), {"activity": "docentstage"})
        assert response.status_code == 302
        assert PlanItem.objects.filter(plan__user=teacher).count() == 4

    def test_a_done_one_counts_as_in_the_plan(self, client, teacher, framework):
        put(client)
        PlanItem.objects.filter(plan__user=teacher).update(status=ItemStatus.DONE)
        response = put(client)
        assert response.status_code == 200 and "(Done;" in response.content.decode()
        assert PlanItem.objects.filter(plan__user=teacher).count() == 1
