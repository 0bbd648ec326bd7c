"""Taking unfinished activities over from the school year before, from the new year's plan: chosen, confirmed,
with their dates a year on, and undoable as one step until one of the copies is written in."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import CarryOver, PlanItem
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from tests.support import person, rebuilt, snapshot

pytestmark = pytest.mark.django_db
# A school year with 29 February in it, and the one after.
BEFORE, YEAR = "2027-2028", "2028-2029"
STATUSES = [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CANCELLED]


@pytest.fixture
def team():
    return Team.objects.create(organisation=Organisation.objects.create(name="ROC Oost"), name="Zorg")


@pytest.fixture
def teacher(team):
    return person(team.organisation, team, Role.TEACHER)


@pytest.fixture
def last_year(teacher):
    return services.plan_get_or_create(user=teacher, school_year=BEFORE)


@pytest.fixture
def plan(teacher):
    return services.plan_get_or_create(user=teacher, school_year=YEAR)


def item(plan, framework, title: str, status=ItemStatus.PLANNED, start=None, end=None) -> PlanItem:
    made = services.plan_item_create(
        plan=plan,
        data=services.ItemData(
            title=title,
            goal=f"Doel van {title}",
            aspects=list(framework.aspects.filter(code__in=["competence", "identity"])),
            start_date=start or date(2027, 9, 1),
            end_date=end or date(2028, 2, 29),
            estimated_hours=Decimal("7.5"),
            follow_up=f"Vervolg van {title}",
        ),
    )
    PlanItem.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def state(*plans) -> list:
    return sorted(
        PlanItem.objects.filter(plan__in=plans).values_list(
            "pk", "plan", "title", "status", "start_date", "end_date", "carried_from"
        )
    )


@given(day=st.dates(min_value=date(1901, 1, 1), max_value=date(9000, 12, 31)), later=st.integers(0, 800))
def test_a_date_moves_one_year_on_and_29_february_becomes_28_february(day, later):
    shifted = services.shift_one_year(day)
    if (day.month, day.day) == (2, 29):
        assert shifted == date(day.year + 1, 2, 28)
    else:
        assert (shifted.year, shifted.month, shifted.day) == (day.year + 1, day.month, day.day)
    other = day + timedelta(days=later)
    if other.year < 9999:
        assert services.shift_one_year(other) >= shifted  # a period stays a period


class OfferTests:
    def test_the_new_years_plan_offers_only_the_planned_and_in_progress_ones(
        self, client, teacher, last_year, plan, framework
    ):
        made = {status: item(last_year, framework, f"Item {status}", status) for status in STATUSES}
        item(last_year, framework, "Al meegenomen", ItemStatus.CARRIED_OVER)
        english(client, teacher)
        page = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        assert f"Your plan {BEFORE} has 2 unfinished activities." in page
        assert f'href="{reverse("plans:carry_over", args=[YEAR])}"' in page
        html = client.get(reverse("plans:carry_over", args=[YEAR])).content.decode()
        planned, in_progress = made[ItemStatus.PLANNED], made[ItemStatus.IN_PROGRESS]
        assert f'value="{planned.pk}" id="carry-item-{planned.pk}" checked' in html  # planned: ticked
        assert f'value="{in_progress.pk}" id="carry-item-{in_progress.pk}">' in html  # in progress: a choice
        for status in (ItemStatus.DONE, ItemStatus.CANCELLED):
            assert f"Item {status}" not in html
        assert "Al meegenomen" not in html

    def test_the_old_years_plan_has_no_sweeping_button_any_more(self, client, teacher, last_year, framework):
        item(last_year, framework, "Open")
        client.force_login(teacher)
        page = client.get(reverse("plans:detail", args=[BEFORE])).content.decode()
        assert f'action="{reverse("plans:carry_over", args=[BEFORE])}"' not in page
        assert f'action="{reverse("plans:carry_over", args=[YEAR])}"' not in page
        assert reverse("plans:detail", args=[YEAR]) in page  # where to take them over

    def test_the_start_page_says_there_is_something_to_take_over(self, client, teacher, last_year, framework):
        item(last_year, framework, "Open")
        english(client, teacher)
        page = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        assert f"Your plan {BEFORE} has 1 unfinished activity." in page


class CarryOverTests:
    def test_a_post_without_confirmation_shows_what_will_happen_and_changes_nothing(
        self, client, teacher, last_year, plan, framework
    ):
        chosen = item(last_year, framework, "Cursus")
        english(client, teacher)
        before = state(last_year, plan)
        response = client.post(reverse("plans:carry_over", args=[YEAR]), {"items": [chosen.pk]})
        html = response.content.decode()
        assert response.status_code == 200
        assert "“Cursus”, from 1 September 2028 to 28 February 2029, planned." in html
        assert f'name="chosen" value="{chosen.pk}"' in html and 'name="confirm" value="yes"' in html
        nothing = client.post(reverse("plans:carry_over", args=[YEAR]), {"confirm": "yes"})
        assert (
            nothing.status_code == 200
            and "Choose at least one activity to take over." in nothing.content.decode()
        )
        assert state(last_year, plan) == before and not CarryOver.objects.exists()

    def test_confirmed_only_the_chosen_are_copied_a_year_on(
        self, client, teacher, last_year, plan, framework
    ):
        chosen = item(last_year, framework, "Cursus", ItemStatus.IN_PROGRESS)
        other = item(last_year, framework, "Stage", start=date(2027, 8, 1), end=date(2028, 7, 31))
        english(client, teacher)
        response = client.post(
            reverse("plans:carry_over", args=[YEAR]), {"items": str(chosen.pk), "confirm": "yes"}
        )
        assert response["Location"] == reverse("plans:detail", args=[YEAR])
        assert any(f"1 activity was taken over from {BEFORE}." in message for message in said(response))
        (copy,) = PlanItem.objects.filter(plan=plan)
        assert (copy.title, copy.goal, copy.estimated_hours, copy.follow_up) == (
            "Cursus",
            "Doel van Cursus",
            Decimal("7.5"),
            "Vervolg van Cursus",
        )
        assert set(copy.aspects.values_list("code", flat=True)) == {"competence", "identity"}
        assert (copy.start_date, copy.end_date) == (date(2028, 9, 1), date(2029, 2, 28))
        assert copy.status == ItemStatus.PLANNED and copy.carried_from_id == chosen.pk
        chosen.refresh_from_db()
        other.refresh_from_db()
        assert chosen.status == ItemStatus.CARRIED_OVER and other.status == ItemStatus.PLANNED
        # What was taken over is not offered again; the other one still is.
        html = client.get(reverse("plans:carry_over", args=[YEAR])).content.decode()
        assert f'value="{chosen.pk}"' not in html and f'value="{other.pk}"' in html
        again = client.post(
            reverse("plans:carry_over", args=[YEAR]), {"items": str(chosen.pk), "confirm": "yes"}
        )
        assert again.status_code == 200 and PlanItem.objects.filter(plan=plan).count() == 1
        assert snapshot() == rebuilt()

    def test_nobody_else_reaches_it(self, client, teacher, last_year, plan, framework, team):
        chosen = item(last_year, framework, "Cursus")
        step = services.plan_carry_over(plan=last_year, items=[chosen.pk])
        stranger = person(team.organisation, team, Role.TEACHER)
        services.plan_get_or_create(user=stranger, school_year=YEAR)
        client.force_login(stranger)
        before = state(last_year, plan)
        assert client.get(reverse("plans:carry_over", args=[YEAR])).status_code == 200  # their own: nothing
        response = client.post(
            reverse("plans:carry_over", args=[YEAR]), {"items": chosen.pk, "confirm": "yes"}
        )
        assert response.status_code == 200 and not PlanItem.objects.filter(plan__user=stranger).exists()
        undo = reverse("plans:carry_over_undo", args=[step.pk])
        assert client.get(undo).status_code == 404
        assert client.post(undo, {"confirm": "yes"}).status_code == 404
        assert state(last_year, plan) == before
        client.logout()
        assert client.get(reverse("plans:carry_over", args=[YEAR])).status_code == 302
        assert client.post(undo, {"confirm": "yes"}).status_code == 302
        assert state(last_year, plan) == before


class UndoTests:
    def test_undo_asks_first_then_removes_exactly_the_copies_of_that_step(
        self, client, teacher, last_year, plan, framework
    ):
        first = item(last_year, framework, "Cursus")
        busy = item(last_year, framework, "Stage", ItemStatus.IN_PROGRESS)
        later = item(last_year, framework, "Later")
        english(client, teacher)
        before = state(last_year, plan)
        step = services.plan_carry_over(plan=last_year, items=[first.pk, busy.pk])
        kept_step = services.plan_carry_over(plan=last_year, items=[later.pk])
        own = item(plan, framework, "Eigen", start=date(2028, 9, 1), end=date(2028, 10, 1))
        page = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        assert f'href="{reverse("plans:carry_over_undo", args=[kept_step.pk])}"' in page  # the latest

        url = reverse("plans:carry_over_undo", args=[step.pk])
        for response in (client.get(url), client.post(url)):
            html = response.content.decode()
            assert response.status_code == 200 and 'name="confirm" value="yes"' in html
            assert f"“Cursus” is removed from your plan {YEAR}." in html and "“Later”" not in html
        response = client.post(url, {"confirm": "yes"})
        assert response["Location"] == reverse("plans:detail", args=[YEAR])
        assert "Taking over was undone: 2 activities were removed from this plan." in said(response)
        left = state(last_year, plan)
        assert not PlanItem.objects.filter(pk__in=step.copies).exists()
        assert PlanItem.objects.filter(pk__in=[*kept_step.copies, own.pk]).count() == 2  # not this step's
        untouched = {later.pk, *kept_step.copies, own.pk}
        assert [row for row in left if row[0] not in untouched] == [
            row for row in before if row[0] != later.pk
        ]
        later.refresh_from_db()
        assert later.status == ItemStatus.CARRIED_OVER
        assert snapshot() == rebuilt()

        again = client.post(url, {"confirm": "yes"})
        assert any("was undone already, on" in message for message in said(again))
        assert state(last_year, plan) == left

    def test_undo_is_refused_once_a_copy_has_a_log_entry_or_a_reflection(
        self, client, teacher, last_year, plan, framework
    ):
        first, second = item(last_year, framework, "Cursus"), item(last_year, framework, "Stage")
        step = services.plan_carry_over(plan=last_year, items=[first.pk, second.pk])
        copy = PlanItem.objects.get(carried_from=second)
        aspect = framework.aspects.get(code="competence")
        services.reflection_save(item=copy, aspect=aspect, rating=3, text="Al over nagedacht")
        english(client, teacher)
        before = state(last_year, plan)
        url = reverse("plans:carry_over_undo", args=[step.pk])
        for response in (client.get(url), client.post(url, {"confirm": "yes"})):
            assert response["Location"] == reverse("plans:detail", args=[YEAR])
            assert any(
                "“Stage” has a log entry or a reflection since it was taken over" in m for m in said(response)
            )
        assert state(last_year, plan) == before
        step.refresh_from_db()
        assert step.undone_at is None

    def test_undo_is_refused_after_the_trash_days(self, client, teacher, last_year, plan, framework):
        step = services.plan_carry_over(plan=last_year, items=[item(last_year, framework, "Cursus").pk])
        CarryOver.objects.filter(pk=step.pk).update(created_at=timezone.now() - timedelta(days=30))
        english(client, teacher)
        before = state(last_year, plan)
        response = client.post(reverse("plans:carry_over_undo", args=[step.pk]), {"confirm": "yes"})
        assert any("can be undone for 30 days, and that time is over" in m for m in said(response))
        assert state(last_year, plan) == before
        assert (
            f'href="{reverse("plans:carry_over_undo", args=[step.pk])}"'
            not in client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        )


@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    statuses=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=6),
    picks=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_any_choice_copies_just_the_chosen_open_ones_and_undo_puts_everything_back(
    teacher, framework, statuses, picks
):
    with transaction.atomic():
        source = services.plan_get_or_create(user=teacher, school_year=BEFORE)
        made = [item(source, framework, f"Item {n}", status) for n, status in enumerate(statuses)]
        before = state(source)
        chosen = [row.pk for row, pick in zip(made, picks, strict=False) if pick]
        step = services.plan_carry_over(plan=source, items=chosen)
        copied = sorted(
            PlanItem.objects.filter(plan__school_year=YEAR).values_list("carried_from", flat=True)
        )
        assert copied == sorted(
            row.pk
            for row in made
            if row.pk in chosen and row.status in (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)
        )
        assert snapshot() == rebuilt()
        if step is None:
            assert not copied
        else:
            services.carry_over_undo(step=step)
            assert state(source) == before
            assert not PlanItem.objects.filter(plan__school_year=YEAR).exists()
            assert snapshot() == rebuilt()
        transaction.set_rollback(True)
