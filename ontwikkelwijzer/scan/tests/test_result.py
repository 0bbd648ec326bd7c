"""The scan result through the real selectors: the mix follows the stored answers and the person's plan."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.services import framework_load
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.scan.selectors import scan_result
from ontwikkelwijzer.scan.services import ScanInput
from tests.support import add, person

pytestmark = pytest.mark.django_db
ASPECTS = ("competence", "identity", "workfield")


def answers_for(framework, **values: int | None) -> dict[str, int | None]:
    return {s.code: values[s.aspect.code] for s in framework.scan_statements.select_related("aspect")}


def codes(result) -> list[str]:
    return [r.code for r in result.recommendations]


class PlanHistoryTests:
    def test_what_is_in_this_years_plan_is_not_recommended_again_but_cancelled_is(self, framework):
        teacher = person()
        data = ScanInput(answers=answers_for(framework, competence=4, identity=4, workfield=1))
        first = codes(scan_result(framework=framework, data=data, user=teacher))
        plan = plan_services.plan_get_or_create(
            user=teacher, school_year=schoolyear.school_year_for(timezone.localdate())
        )
        add(plan, framework, first[0])
        add(plan, framework, first[1], status=ItemStatus.DONE)
        add(plan, framework, first[2], status=ItemStatus.CANCELLED)
        again = codes(scan_result(framework=framework, data=data, user=teacher))
        assert first[0] not in again and first[1] not in again
        assert first[2] in again
        assert codes(scan_result(framework=framework, data=data)) == first  # a visitor has no plan

    def test_a_saved_scan_shows_what_was_recommended_when_it_was_made(self, framework):
        teacher = person()
        data = ScanInput(answers=answers_for(framework, competence=4, identity=1, workfield=4))
        made = timezone.now()
        first = codes(scan_result(framework=framework, data=data, user=teacher, moment=made))
        plan = plan_services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_at(made))
        add(plan, framework, first[0])  # put in the plan from the result page, after the scan
        assert codes(scan_result(framework=framework, data=data, user=teacher, moment=made)) == first
        later = made + timedelta(minutes=1)
        assert first[0] not in codes(scan_result(framework=framework, data=data, user=teacher, moment=later))

    def test_done_last_year_comes_back_only_with_a_reason(self, framework):
        teacher = person()
        data = ScanInput(answers=answers_for(framework, competence=1, identity=4, workfield=4))
        first = scan_result(framework=framework, data=data, user=teacher).recommendations
        this_year = schoolyear.school_year_for(timezone.localdate())
        last = plan_services.plan_get_or_create(
            user=teacher, school_year=schoolyear.previous_school_year(this_year)
        )
        for r in first:
            add(last, framework, r.code, status=ItemStatus.DONE)
        with translation.override("en"):
            again = scan_result(framework=framework, data=data, user=teacher).recommendations
        for r in again:
            assert ("last school year" in r.reason) == (r.code in {x.code for x in first})
        assert {r.code for r in again} != {r.code for r in first}  # half the weight: others come first


class ResultPropertyTests(TestCase):
    """The issue's rule through the stored framework and the real selector, over generated answers."""

    @classmethod
    def setUpTestData(cls):
        from django.conf import settings as django_settings

        cls.framework = framework_load(
            path=django_settings.BASE_DIR / "framework" / "bgd-2026-04.yaml"
        ).framework

    @settings(max_examples=25, deadline=None)
    @given(st.permutations(ASPECTS), st.data())
    def test_different_weakest_aspects_give_clearly_different_mixes(self, order, data):
        mixes = []
        for weakest in order[:2]:
            values = {
                a: data.draw(st.integers(1, 2)) if a == weakest else data.draw(st.integers(4, 5))
                for a in ASPECTS
            }
            result = scan_result(
                framework=self.framework, data=ScanInput(answers=answers_for(self.framework, **values))
            )
            assert result.recommendations[0].aspect == weakest
            assert sum(weakest in r.aspects for r in result.recommendations) > len(result.recommendations) / 2
            mixes.append(set(codes(result)))
        assert len(mixes[0] & mixes[1]) <= 2
