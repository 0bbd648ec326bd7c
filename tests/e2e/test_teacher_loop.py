"""The teacher's loop on a phone and a laptop, as a signed-in teacher would go through it: the start page,
a scan whose mix changes with the answers, an activity put in the plan twice (the second time after a
warning), three reflections saved at once, an upload that fails with the error in view, an activity
deleted and restored from the trash, a question before leaving with something typed and not saved, and
last year's unfinished activities taken over and the step undone.
Every page is screenshotted and checked with axe-core."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.selectors import framework_current
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import MAX_UPLOAD_BYTES
from ontwikkelwijzer.plans.models import PlanItem
from tests.e2e.journey import Journey
from tests.e2e.test_teacher import answer
from tests.e2e.test_team import PASSWORD, log_in
from tests.support import add

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


WIDER = """width => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .filter(e => !e.closest('.table-scroll') && !e.closest('details:not([open])'))
  .slice(0, 5).map(e => [e, e.parentElement, e.parentElement.parentElement]
    .map(x => x.tagName + (x.className ? '.' + x.className : '')).join(' < ')
    + ' ' + Math.round(e.getBoundingClientRect().right))"""


def no_sideways_scroll(page, width: int) -> None:
    """The page is no wider than the screen; otherwise the assertion names what sticks out."""
    if page.evaluate("document.documentElement.scrollWidth") > width:
        raise AssertionError(f"{page.url} scrolls sideways: {page.evaluate(WIDER, width)}")


def mix(page) -> list[str]:
    return page.locator("ol.recommendations > li strong").all_inner_texts()


def scan(page, site, low_aspect: str) -> list[str]:
    """Answer every statement with 4 and those of ``low_aspect`` with 1; the names in the mix."""
    page.goto(site.url + "/zelfscan/")
    answer(page, "s_", "4")
    answer(page, f"s_{low_aspect}", "1")
    page.locator("button.scan-submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultaat van je zelfscan")
    expect(page.locator("ol.recommendations > li")).to_have_count(5)
    return mix(page)


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_teacher_goes_round_the_loop_without_losing_anything(site, browser, request, device):
    framework = framework_current()
    teacher = get_user_model().objects.create_user(
        email="docent@roc.nl", password=PASSWORD, first_name="Fatima"
    )
    this_year = schoolyear.school_year_for(timezone.localdate())
    last_plan = services.plan_get_or_create(
        user=teacher, school_year=schoolyear.previous_school_year(this_year)
    )
    add(last_plan, framework, "werkbezoeken")
    add(last_plan, framework, "vakliteratuur")
    width = WIDTHS[device]["width"]
    context = browser.new_context(viewport=WIDTHS[device])
    page = context.new_page()
    journey = Journey(page, request.node.name)

    # Signed in, the home page is the teacher's own, with the next step.
    log_in(page, site.url, teacher.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fatima")
    expect(page.locator("#next-step-heading")).to_be_visible()
    no_sideways_scroll(page, width)
    journey.check("start page")

    # The scan on this screen, and a mix that follows the answers.
    page.goto(site.url + "/zelfscan/")
    no_sideways_scroll(page, width)
    journey.check("scan form")
    workfield_mix = scan(page, site, "workfield")
    expect(page.locator("ol.recommendations > li").first).to_contain_text("voor Samenwerking werkveld")
    journey.check("result weakest in workfield")
    identity_mix = scan(page, site, "identity")
    expect(page.locator("ol.recommendations > li").first).to_contain_text("voor Beroepsidentiteit")
    assert len(set(workfield_mix) & set(identity_mix)) <= 2, (workfield_mix, identity_mix)
    reasons = page.locator("ol.recommendations .reason").all_inner_texts()
    assert len(set(reasons)) == 5 and all("Het kader:" in r for r in reasons)
    no_sideways_scroll(page, width)
    journey.check("result weakest in identity")
    result_url = page.url

    # Put the first one in the plan, with a goal.
    first = page.locator("ol.recommendations > li").first
    first.locator("form button").click()
    page.locator("#id_goal").fill("Meer beroepsverhalen in mijn lessen")
    no_sideways_scroll(page, width)
    journey.check("goal form")
    page.locator("main form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ontwikkelplan/item/\d+/$"))
    item_url = page.url

    # The same once more: a warning first, and only on confirming a second one.
    page.goto(result_url)
    page.locator("ol.recommendations > li").first.locator("form button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("al in je plan")
    assert PlanItem.objects.filter(plan__user=teacher, plan__school_year=this_year).count() == 1
    journey.check("already in the plan")
    page.locator("form.confirm-form button[type=submit]").click()
    expect(page.locator("#id_goal")).to_be_visible()
    second_edit = page.url
    assert PlanItem.objects.filter(plan__user=teacher, plan__school_year=this_year).count() == 2

    # Delete the second one: a page says what happens; then it is in the trash and comes back.
    page.goto(second_edit.replace("/bewerken/", "/"))
    page.locator("a.item-delete").click()
    expect(page.locator("form.confirm-form")).to_be_visible()
    journey.check("delete confirmation")
    page.locator("form.confirm-form button[type=submit]").click()
    assert PlanItem.objects.filter(plan__user=teacher, plan__school_year=this_year).count() == 1
    page.goto(site.url + "/ontwikkelplan/prullenbak/")
    expect(page.locator("table.trash tbody tr")).to_have_count(1)
    no_sideways_scroll(page, width)
    journey.check("trash")
    page.locator("table.trash tbody tr button[type=submit]").click()
    assert PlanItem.objects.filter(plan__user=teacher, plan__school_year=this_year).count() == 2
    journey.check("restored")

    # Three reflections, saved with one button.
    page.goto(item_url)
    blocks = page.locator("#reflection form .reflection")
    expect(blocks).to_have_count(3)
    for n in range(3):
        blocks.nth(n).locator("input[type=radio][value='4']").check()
        blocks.nth(n).locator("textarea").fill(f"Reflectie {n + 1}: wat het opleverde")
    page.locator("#reflection form button[type=submit]").click()
    page.goto(item_url)
    for n in range(3):
        expect(page.locator("#reflection")).to_contain_text(f"Reflectie {n + 1}: wat het opleverde")
    journey.check("three reflections")

    # Typed and not saved: following a link first asks (the browser's "leave this page?"); staying keeps
    # the text. With nothing left unsaved, the link is followed without a question.
    asked: list[str] = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("#id_description").click()
    page.keyboard.type("Nog niet bewaard")
    page.locator(f"main a[href$='/ontwikkelplan/{this_year}/']").first.click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"], asked
    expect(page).to_have_url(item_url)
    expect(page.locator("#id_description")).to_have_value("Nog niet bewaard")
    page.locator("#id_description").fill("")
    page.locator(f"main a[href$='/ontwikkelplan/{this_year}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/ontwikkelplan/{this_year}/$"))
    assert asked == ["beforeunload"], asked
    page.remove_listener("dialog", stay)
    page.goto(item_url)

    # A file over the limit: the error is in view, what was typed stays, the file must be chosen again.
    page.locator("#id_description").fill("Een dag meegelopen bij het leerbedrijf")
    page.locator("#id_hours_spent").fill("6")
    page.locator("#id_evidence_file").set_input_files(
        files=[
            {
                "name": "groot.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF" + b"x" * (MAX_UPLOAD_BYTES + 1),
            }
        ]
    )
    page.locator("#log form.form button[type=submit]").click()
    summary = page.locator("#log .error-summary")
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("groot.pdf")
    expect(page.locator("#id_description")).to_have_value("Een dag meegelopen bij het leerbedrijf")
    journey.check("upload refused")

    # Last year's unfinished activities, taken over on choice and confirmation, then undone in one step.
    page.goto(site.url + f"/ontwikkelplan/{this_year}/")
    no_sideways_scroll(page, width)
    journey.check("plan")
    page.locator(f"a[href$='/ontwikkelplan/{this_year}/overnemen/']").click()
    expect(page.locator("input[name=items]")).to_have_count(2)
    no_sideways_scroll(page, width)
    journey.check("take over: choose")
    page.locator("input[name=items]").nth(1).uncheck()
    page.locator("form.carry-over-form button[type=submit]").click()
    expect(page.locator("form.confirm-form")).to_be_visible()
    journey.check("take over: confirm")
    page.locator("form.confirm-form button[type=submit]").click()
    copies = PlanItem.objects.filter(
        plan__user=teacher, plan__school_year=this_year, carried_from__isnull=False
    )
    assert [c.activity.code for c in copies] == ["werkbezoeken"]
    page.locator("a[href*='/ongedaan-maken/']").first.click()
    journey.check("undo take over: confirm")
    page.locator("form.confirm-form button[type=submit]").click()
    assert not PlanItem.objects.filter(
        plan__user=teacher, plan__school_year=this_year, carried_from__isnull=False
    )
    journey.check("take over undone")
    context.close()
