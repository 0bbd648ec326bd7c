"""Cancelling an activity needs no goal: an activity added from the catalogue has none until the teacher
writes one, and cancelling it must not first ask for one. Planning one still does."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import PlanItem

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())


@pytest.fixture
def item(framework):
    teacher = User.objects.create_user(email="docent@school.nl", password="x")
    plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
    return services.plan_item_from_activity(
        plan=plan,
        activity=framework.activities.get(code="docentstage"),
        aspects=list(framework.aspects.filter(code="competence")),
    )


@pytest.fixture
def client_en(client, item):
    client.force_login(item.plan.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def edit(client, item, **changes):
    item.refresh_from_db()
    data = {
        "activity": item.activity.code,
        "title": "",
        "goal": item.goal,
        "aspects": [aspect.pk for aspect in item.aspects.all()],
        "start_date": item.start_date.isoformat(),
        "end_date": item.end_date.isoformat(),
        "estimated_hours": str(item.estimated_hours),
        "status": item.status,
        "follow_up": "",
        "version": item.version,
        **changes,
    }
    return client.post(reverse("plans:item_edit", args=[item.pk]), data)


class CancelTests:
    def test_an_activity_from_the_catalogue_is_cancelled_without_a_goal(self, client_en, item):
        assert item.goal == ""  # as plan_item_from_activity leaves it
        response = edit(client_en, item, status=ItemStatus.CANCELLED, goal="")
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.status == ItemStatus.CANCELLED and item.goal == ""

    def test_cancelling_with_the_goal_emptied_keeps_the_goal_it_had(self, client_en, item):
        PlanItem.objects.filter(pk=item.pk).update(goal="Weten hoe het bedrijf werkt")
        response = edit(client_en, item, status=ItemStatus.CANCELLED, goal="  ")
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.status == ItemStatus.CANCELLED and item.goal == "Weten hoe het bedrijf werkt"

    @pytest.mark.parametrize("status", [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE])
    def test_any_other_status_still_needs_a_goal(self, client_en, item, status):
        response = edit(client_en, item, status=status, goal="", follow_up="Wat ik typte")
        assert response.status_code == 200
        assert response.context["form"].has_error("goal", "required")
        html = response.content.decode()
        assert "Only a cancelled activity can do without one." in html
        assert 'href="#id_goal"' in html and "Wat ik typte" in html
        item.refresh_from_db()
        assert item.status == ItemStatus.PLANNED and item.version == 1

    def test_the_edit_form_warns_before_leaving_it_unsaved(self, client_en, item):
        html = client_en.get(reverse("plans:item_edit", args=[item.pk])).content.decode()
        assert '<script src="/static/js/unsaved.js" defer></script>' in html
        form_tag = html[html.index('<form method="post" class="form"') :]
        assert "data-warn-unsaved" in form_tag[: form_tag.index(">")]
