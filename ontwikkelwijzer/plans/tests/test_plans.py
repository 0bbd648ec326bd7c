import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import Entry, coverage, gaps
from ontwikkelwijzer.plans.models import DevelopmentPlan, PlanItem

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
START, END = schoolyear.bounds(YEAR)


@pytest.fixture
def teacher():
    return User.objects.create_user(
        email="docent@school.nl", password="x", first_name="Fatima", fte=Decimal("0.8")
    )


@pytest.fixture
def plan(teacher, framework):
    return services.plan_get_or_create(user=teacher, school_year=YEAR)


def add(plan, framework, code: str, **changes) -> PlanItem:
    activity = framework.activities.get(code=code)
    item = services.plan_item_from_activity(
        plan=plan, activity=activity, aspects=[c.aspect for c in activity.contributions.all()]
    )
    if changes:
        PlanItem.objects.filter(pk=item.pk).update(**changes)
        item.refresh_from_db()
    return item


def form_data(framework, **changes) -> dict:
    aspect = framework.aspects.get(code="identity")
    return {
        "activity": "co-teaching",
        "title": "",
        "goal": "Samen lesgeven met een vakman",
        "aspects": [aspect.pk],
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "estimated_hours": "12",
        "status": "planned",
        "follow_up": "",
        **changes,
    }


class SchoolYearTests:
    def test_a_school_year_runs_from_august_to_july(self):
        assert schoolyear.school_year_for(date(2026, 7, 31)) == "2025-2026"
        assert schoolyear.school_year_for(date(2026, 8, 1)) == "2026-2027"
        assert schoolyear.bounds("2026-2027") == (date(2026, 8, 1), date(2027, 7, 31))
        assert schoolyear.is_school_year("2026-2027") and not schoolyear.is_school_year("2026-2028")
        assert [m.month for m in schoolyear.months("2026-2027")][:2] == [8, 9]


class PlanTests:
    def test_a_teacher_starts_a_plan_with_a_budget_pro_rata_to_the_fte(self, client, teacher, framework):
        client.force_login(teacher)
        response = client.get(reverse("plans:current"))
        assert response["Location"] == reverse("plans:detail", args=[YEAR])
        assert "47,2" in client.get(response["Location"]).content.decode()
        client.post(reverse("plans:start", args=[YEAR]))
        plan = DevelopmentPlan.objects.get(user=teacher)
        assert plan.budget_hours == Decimal("47.2")

    def test_the_plan_page_shows_hours_timeline_and_gaps(self, client, teacher, plan, framework):
        add(plan, framework, "docentstage")
        client.force_login(teacher)
        html = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        assert "Docentstage" in html and 'class="timeline"' in html and 'class="coverage"' in html
        assert "informele" in html.lower()  # a gap: no informal activities yet

    def test_the_timeline_marks_the_months_an_item_runs_as_one_named_cell(
        self, client, teacher, plan, framework
    ):
        first = schoolyear.SchoolYear.stored(YEAR).first
        add(plan, framework, "docentstage", start_date=date(first, 10, 3), end_date=date(first + 1, 1, 20))
        add(plan, framework, "vakliteratuur", start_date=date(first, 8, 1), end_date=date(first + 1, 7, 31))
        add(plan, framework, "werkbezoeken", start_date=date(first, 11, 1), end_date=date(first, 11, 30))
        client.force_login(teacher)
        html = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        rows = re.findall(
            r"<tr><th scope=\"row\">([^<]+)</th>\s*(.*?)\s*</tr>", html.split('class="timeline"')[1]
        )
        cells = {
            name: re.findall(
                r'<td(?: class="on")? colspan="(\d+)">(?:<span class="visually-hidden">([^<]*))?', row
            )
            for name, row in rows
        }
        assert cells["Docentstage"] == [("2", ""), ("4", "oktober – januari"), ("6", "")]
        assert cells["Lezen van specialistische vakliteratuur"] == [("12", "augustus – juli")]
        assert cells["Werkbezoeken/ bedrijfsbezoeken"] == [("3", ""), ("1", "november"), ("8", "")]

    def test_a_bad_school_year_in_the_url_is_a_404(self, client, teacher):
        client.force_login(teacher)
        assert client.get("/ontwikkelplan/2026-2030/").status_code == 404

    def test_the_plan_page_costs_the_same_queries_for_2_or_20_items(
        self, client, teacher, plan, framework, django_assert_max_num_queries
    ):
        client.force_login(teacher)
        codes = list(framework.activities.values_list("code", flat=True))
        for code in codes[:2]:
            add(plan, framework, code)
        with django_assert_max_num_queries(16) as small:
            client.get(reverse("plans:detail", args=[YEAR]))
        for code in codes[2:20]:
            add(plan, framework, code)
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(reverse("plans:detail", args=[YEAR]))


class ItemFormTests:
    def test_a_teacher_adds_an_activity_from_the_catalogue(self, client, teacher, framework):
        client.force_login(teacher)
        response = client.post(reverse("plans:add_activity", args=[YEAR]), {"activity": "docentstage"})
        item = PlanItem.objects.get(plan__user=teacher)
        assert response["Location"] == reverse("plans:item_edit", args=[item.pk])
        assert item.activity.code == "docentstage" and item.estimated_hours == Decimal(16)
        assert {a.code for a in item.aspects.all()} == {"competence", "workfield"}

    def test_a_teacher_adds_an_own_activity(self, client, teacher, plan, framework):
        client.force_login(teacher)
        data = form_data(framework, activity="", title="Cursus didactiek van het mbo")
        response = client.post(reverse("plans:item_create", args=[YEAR]), data)
        item = PlanItem.objects.get(plan=plan)
        assert response["Location"] == reverse("plans:item", args=[item.pk])
        assert item.name == "Cursus didactiek van het mbo" and item.activity is None

    def test_errors_are_shown_next_to_the_fields_and_nothing_typed_is_lost(
        self, client, teacher, plan, framework
    ):
        client.force_login(teacher)
        data = form_data(
            framework, activity="", title="", end_date=(START - timedelta(days=1)).isoformat(), aspects=[]
        )
        html = client.post(reverse("plans:item_create", args=[YEAR]), data).content.decode()
        for field in ("title", "end_date", "aspects"):
            assert f'id="id_{field}_error"' in html
        assert "Samen lesgeven met een vakman" in html
        assert not PlanItem.objects.exists()


class ConflictTests:
    def test_a_second_tab_is_told_of_the_conflict_and_nothing_is_overwritten(
        self, client, teacher, plan, framework
    ):
        item = add(plan, framework, "co-teaching")
        client.force_login(teacher)
        url = reverse("plans:item_edit", args=[item.pk])
        first = form_data(framework, goal="Doel uit tab 1", version=item.version)
        second = form_data(framework, goal="Doel uit tab 2", version=item.version)
        assert client.post(url, first).status_code == 302
        response = client.post(url, second)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Doel uit tab 1" in html and "Doel uit tab 2" in html  # both versions are shown
        item.refresh_from_db()
        assert item.goal == "Doel uit tab 1" and item.version == 2
        # Saving again, knowingly, replaces the saved version.
        assert client.post(url, {**second, "version": 2}).status_code == 302
        item.refresh_from_db()
        assert item.goal == "Doel uit tab 2"


class CarryOverTests:
    def test_unfinished_items_are_taken_over_from_the_new_years_plan_once(
        self, client, teacher, plan, framework
    ):
        open_item = add(plan, framework, "docentstage")
        add(plan, framework, "werkbezoeken", status=ItemStatus.DONE)
        client.force_login(teacher)
        next_year = schoolyear.next_school_year(YEAR)
        client.post(reverse("plans:start", args=[next_year]))
        url = reverse("plans:carry_over", args=[next_year])
        response = client.post(url, {"items": open_item.pk, "confirm": "yes"})
        assert response["Location"] == reverse("plans:detail", args=[next_year])
        client.post(url, {"items": open_item.pk, "confirm": "yes"})
        carried = PlanItem.objects.filter(plan__school_year=next_year)
        assert [i.activity.code for i in carried] == ["docentstage"]
        assert carried[0].carried_from_id == open_item.pk
        open_item.refresh_from_db()
        assert open_item.status == ItemStatus.CARRIED_OVER


class AccessTests:
    def test_nobody_reaches_another_persons_item_by_guessing_its_id(self, client, plan, framework):
        item = add(plan, framework, "docentstage")
        client.force_login(User.objects.create_user(email="ander@school.nl", password="x"))
        for name in ("plans:item", "plans:item_edit"):
            assert client.get(reverse(name, args=[item.pk])).status_code == 404
        assert (
            client.post(reverse("plans:item_edit", args=[item.pk]), form_data(framework)).status_code == 404
        )
        assert client.post(reverse("plans:carry_over", args=[YEAR])).status_code == 404
        client.logout()
        assert client.get(reverse("plans:item", args=[item.pk])).status_code == 302


class CoverageTests:
    def test_it_counts_and_names_the_gaps(self):
        entries = [
            Entry(frozenset({"competence"}), "practice", frozenset({"informal"})),
            Entry(frozenset({"competence", "workfield"}), "expertise", frozenset({"informal", "formal"})),
        ]
        result = coverage(
            entries, ["competence", "identity", "workfield"], ["practice", "expertise", "development"]
        )
        assert result.cells[("competence", "expertise", "formal")] == 1
        assert result.by_aspect == {"competence": 2, "identity": 0, "workfield": 1}
        words = gaps(
            result,
            {"competence": "B", "identity": "I", "workfield": "W"},
            {"practice": "P", "expertise": "E", "development": "D"},
        )
        assert len(words) == 2  # nothing for identity; nothing from development
        assert "I" in words[0] and "D" in words[1]
