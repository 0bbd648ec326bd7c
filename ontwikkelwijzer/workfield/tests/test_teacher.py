"""Teachers and the work field: finding offers, asking for a place, an accepted request into the plan, and
the partners in the team and organisation overviews."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.overviews.org_overview import organisation_overview
from ontwikkelwijzer.overviews.team_overview import team_overview
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from ontwikkelwijzer.workfield import services
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from tests.support import add, person

pytestmark = pytest.mark.django_db
TODAY = date.today()
YEAR = schoolyear.school_year_for(TODAY)


@pytest.fixture
def teacher(school, team):
    return person(school, team, Role.TEACHER)


def offer_of(partner, **changes) -> Offer:
    first, last = schoolyear.bounds(YEAR)
    data = services.OfferData(
        kind=changes.pop("kind", "docentstage"),
        title=changes.pop("title", "Twee weken meelopen op de afdeling"),
        description="Je loopt mee met een wijkverpleegkundige.",
        start_date=changes.pop("start_date", max(TODAY, first)),
        end_date=changes.pop("end_date", last),
        places=changes.pop("places", 2),
    )
    return services.offer_save(partner=partner, data=data)


def ask(client, offer, message="Ik geef les in verpleegkunde en wil de praktijk van nu zien."):
    return client.post(reverse("workfield:offer", args=[offer.pk]), {"message": message})


class FindingTests:
    def test_a_teacher_sees_the_open_offers_of_their_schools_partners(
        self, client, teacher, partner, framework
    ):
        open_offer = offer_of(partner)
        offer_of(partner, title="Voorbij", start_date=TODAY - timedelta(30), end_date=TODAY - timedelta(1))
        withdrawn = offer_of(partner, title="Ingetrokken")
        services.offer_withdraw(offer=withdrawn)
        elsewhere = Partner.objects.create(
            organisation=Organisation.objects.create(name="ROC West"), name="Elders"
        )
        offer_of(elsewhere, title="Van een andere school")
        client.force_login(teacher)

        response = client.get(reverse("workfield:offers"))

        assert [row["offer"] for row in response.context["rows"]] == [open_offer]
        assert response.context["rows"][0]["left"] == 2

    def test_the_list_filters_by_kind_and_names_an_unknown_kind(self, client, teacher, partner, framework):
        offer_of(partner)
        visit = offer_of(partner, kind="werkbezoek", title="Een middag op bezoek")
        client.force_login(teacher)

        response = client.get(reverse("workfield:offers"), {"soort": "werkbezoek"})
        assert [row["offer"] for row in response.context["rows"]] == [visit]

        response = client.get(reverse("workfield:offers"), {"soort": "<b>onzin</b>"})
        assert len(response.context["rows"]) == 2 and response.context["notice"]
        assert "<b>onzin</b>" not in response.content.decode()

    def test_an_offer_of_another_school_is_not_reachable_by_its_id(self, client, teacher, framework):
        elsewhere = Partner.objects.create(
            organisation=Organisation.objects.create(name="ROC West"), name="Elders"
        )
        offer = offer_of(elsewhere)
        client.force_login(teacher)

        assert client.get(reverse("workfield:offer", args=[offer.pk])).status_code == 404
        assert ask(client, offer).status_code == 404 and not OfferRequest.objects.exists()

    def test_the_offer_is_an_instance_of_a_framework_activity(self, partner, framework):
        assert {offer_of(partner, kind=kind).activity_code for kind in Offer.Kind.values} <= set(
            framework.activities.values_list("code", flat=True)
        )


class AskingTests:
    def test_a_teacher_asks_with_a_message(self, client, teacher, partner, framework):
        offer = offer_of(partner)
        client.force_login(teacher)

        response = ask(client, offer)

        assert response.status_code == 302 and response["Location"] == reverse("workfield:my_requests")
        offer_request = OfferRequest.objects.get()
        assert (offer_request.teacher, offer_request.status) == (teacher, OfferRequest.Status.PENDING)
        page = client.get(reverse("workfield:offer", args=[offer.pk]))
        assert page.context["asked"] and 'name="message"' not in page.content.decode()

    def test_an_empty_message_is_refused_next_to_the_field(self, client, teacher, partner, framework):
        client.force_login(teacher)

        response = ask(client, offer_of(partner), message="  ")

        assert response.status_code == 400 and response.context["form"].errors["message"]
        assert 'aria-invalid="true"' in response.content.decode() and not OfferRequest.objects.exists()

    @pytest.mark.parametrize("state", ["full", "expired", "withdrawn"])
    def test_a_full_expired_or_withdrawn_offer_cannot_be_asked_for(
        self, client, teacher, partner, framework, state
    ):
        offer = offer_of(partner, places=1)
        if state == "full":
            other = person(partner.organisation, None, Role.TEACHER)
            services.request_answer(
                offer_request=services.request_create(offer=offer, teacher=other, message="x"), accept=True
            )
        elif state == "expired":
            Offer.objects.filter(pk=offer.pk).update(
                start_date=TODAY - timedelta(9), end_date=TODAY - timedelta(2)
            )
        else:
            services.offer_withdraw(offer=offer)
        client.force_login(teacher)
        page = client.get(reverse("workfield:offer", args=[offer.pk]))
        assert page.context["problem"] and 'name="message"' not in page.content.decode()

        response = ask(client, offer)  # the form was open in another tab, say

        assert response.status_code == 400
        assert str(response.context["form"].non_field_errors()[0]) == page.context["problem"]
        assert not OfferRequest.objects.filter(teacher=teacher).exists()
        assert "Ik geef les in verpleegkunde" in response.content.decode()  # what was typed stays

    def test_asking_twice_is_refused(self, teacher, partner, framework):
        offer = offer_of(partner)
        services.request_create(offer=offer, teacher=teacher, message="x")

        with pytest.raises(services.Refused):
            services.request_create(offer=offer, teacher=teacher, message="nog eens")
        assert OfferRequest.objects.count() == 1


class IntoThePlanTests:
    def test_an_accepted_request_goes_into_the_plan_with_the_activity_chosen(
        self, client, teacher, team, partner, framework
    ):
        offer = offer_of(partner)
        offer_request = services.request_create(offer=offer, teacher=teacher, message="x")
        services.request_answer(offer_request=offer_request, accept=True, answer="Welkom op maandag.")
        client.force_login(teacher)
        assert "Welkom op maandag." in client.get(reverse("workfield:my_requests")).content.decode()

        response = client.post(reverse("workfield:to_plan", args=[offer_request.pk]))

        item = PlanItem.objects.get(plan__user=teacher)
        assert response["Location"] == reverse("plans:item", args=[item.pk])
        assert item.activity.code == "docentstage" and item.plan.school_year == YEAR
        assert (item.start_date, item.end_date) == (offer.start_date, offer.end_date)
        assert partner.name in item.goal
        assert sorted(a.code for a in item.aspects.all()) == sorted(
            c.aspect.code for c in item.activity.contributions.all()
        )
        client.post(reverse("workfield:to_plan", args=[offer_request.pk]))  # twice: still one item
        assert PlanItem.objects.filter(plan__user=teacher).count() == 1

    def test_a_pending_or_declined_request_cannot_go_into_the_plan(self, client, teacher, partner, framework):
        offer_request = services.request_create(offer=offer_of(partner), teacher=teacher, message="x")
        client.force_login(teacher)

        client.post(reverse("workfield:to_plan", args=[offer_request.pk]))
        services.request_answer(offer_request=offer_request, accept=False)
        client.post(reverse("workfield:to_plan", args=[offer_request.pk]))

        assert not PlanItem.objects.exists()

    def test_someone_elses_request_is_not_reachable(self, client, teacher, partner, framework):
        offer_request = services.request_create(offer=offer_of(partner), teacher=teacher, message="x")
        services.request_answer(offer_request=offer_request, accept=True)
        client.force_login(person(partner.organisation, None, Role.TEACHER))

        assert client.post(reverse("workfield:to_plan", args=[offer_request.pk])).status_code == 404
        assert client.post(reverse("workfield:cancel", args=[offer_request.pk])).status_code == 404
        offer_request.refresh_from_db()
        assert offer_request.status == OfferRequest.Status.ACCEPTED and not PlanItem.objects.exists()

    def test_a_request_can_be_cancelled_until_it_is_in_the_plan(self, client, teacher, partner, framework):
        offer_request = services.request_create(offer=offer_of(partner), teacher=teacher, message="x")
        client.force_login(teacher)

        client.post(reverse("workfield:cancel", args=[offer_request.pk]))

        offer_request.refresh_from_db()
        assert offer_request.status == OfferRequest.Status.CANCELLED


class ExistingItemTests:
    """An accepted offer for an activity the teacher already has in that school year's plan leads to that
    item: no second one beside it."""

    def accepted(self, teacher, partner, **changes) -> OfferRequest:
        offer_request = services.request_create(
            offer=offer_of(partner, **changes), teacher=teacher, message="x"
        )
        return services.request_answer(offer_request=offer_request, accept=True)

    def test_the_request_leads_to_the_item_already_planned(self, client, teacher, partner, framework):
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        planned = add(plan, framework, "docentstage", goal="Mijn eigen stagedoel")
        before = PlanItem.objects.filter(pk=planned.pk).values().get()
        offer_request = self.accepted(teacher, partner)
        client.force_login(teacher)

        response = client.post(reverse("workfield:to_plan", args=[offer_request.pk]))

        assert response.status_code == 302 and response["Location"] == reverse(
            "plans:item", args=[planned.pk]
        )
        assert list(PlanItem.objects.filter(plan__user=teacher)) == [planned]
        offer_request.refresh_from_db()
        assert offer_request.plan_item == planned
        assert PlanItem.objects.filter(pk=planned.pk).values().get() == before  # the item is as it was
        item_page = client.get(response["Location"])
        assert any(planned.name in str(m) for m in item_page.context["messages"])
        # the teacher's pages for the request lead to that item
        link = f'href="{reverse("plans:item", args=[planned.pk])}"'
        assert link in client.get(reverse("workfield:my_requests")).content.decode()
        assert link in client.get(reverse("workfield:offer", args=[offer_request.offer_id])).content.decode()

    def test_an_open_item_goes_before_one_done(self, client, teacher, partner, framework):
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        first, _last = schoolyear.bounds(YEAR)
        add(plan, framework, "docentstage", status=ItemStatus.DONE, start_date=first)
        in_progress = add(plan, framework, "docentstage", status=ItemStatus.IN_PROGRESS)
        offer_request = self.accepted(teacher, partner)
        client.force_login(teacher)

        client.post(reverse("workfield:to_plan", args=[offer_request.pk]))

        offer_request.refresh_from_db()
        assert offer_request.plan_item == in_progress and PlanItem.objects.count() == 2

    def test_a_done_item_is_still_the_one(self, teacher, partner, framework):
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        done = add(plan, framework, "docentstage", status=ItemStatus.DONE)

        item, created = services.request_to_plan(offer_request=self.accepted(teacher, partner))

        assert (item, created) == (done, False) and PlanItem.objects.count() == 1

    @pytest.mark.parametrize("other", ["cancelled", "another_year", "another_activity", "someone_else"])
    def test_otherwise_a_new_item_is_added_as_before(
        self, client, school, team, teacher, partner, framework, other
    ):
        year = schoolyear.next_school_year(YEAR) if other == "another_year" else YEAR
        owner = person(school, team, Role.TEACHER) if other == "someone_else" else teacher
        plan = plan_services.plan_get_or_create(user=owner, school_year=year)
        code = "werkbezoeken" if other == "another_activity" else "docentstage"
        status = ItemStatus.CANCELLED if other == "cancelled" else ItemStatus.PLANNED
        existing = add(plan, framework, code, status=status)
        offer_request = self.accepted(teacher, partner)
        client.force_login(teacher)

        response = client.post(reverse("workfield:to_plan", args=[offer_request.pk]))

        new = PlanItem.objects.exclude(pk=existing.pk).get()
        assert response["Location"] == reverse("plans:item", args=[new.pk])
        assert (
            new.plan.user == teacher and new.plan.school_year == YEAR and new.activity.code == "docentstage"
        )
        assert partner.name in new.goal
        offer_request.refresh_from_db()
        assert offer_request.plan_item == new

    def test_the_item_of_the_school_year_the_offer_starts_in(self, teacher, partner, framework):
        next_year = schoolyear.next_school_year(YEAR)
        start, end = schoolyear.bounds(next_year)
        plan = plan_services.plan_get_or_create(user=teacher, school_year=next_year)
        planned = add(plan, framework, "docentstage")
        plan_services.plan_get_or_create(user=teacher, school_year=YEAR)

        item, created = services.request_to_plan(
            offer_request=self.accepted(teacher, partner, start_date=start, end_date=end)
        )

        assert (item, created) == (planned, False) and PlanItem.objects.count() == 1


class OverviewTests:
    def test_the_overviews_name_the_partners_and_how_often(self, teacher, team, school, partner, framework):
        colleague = person(school, team, Role.TEACHER)
        internship, visit = offer_of(partner, places=3), offer_of(partner, kind="werkbezoek")
        for who, offer in ((teacher, internship), (colleague, internship), (teacher, visit)):
            services.request_answer(
                offer_request=services.request_create(offer=offer, teacher=who, message="x"), accept=True
            )
        services.request_create(
            offer=offer_of(partner, kind="gastles"), teacher=colleague, message="x"
        )  # pending

        found = team_overview(team=team, school_year=YEAR, for_leader=True).partners
        assert [(p.name, p.activities) for p in found] == [("Zorggroep Rivierenland", 3)]
        assert [n for _label, n in found[0].kinds] == [2, 1]
        # Anyone who does not see the plans: only partners k teachers worked with, kinds each from k on.
        school.min_group_size = 3
        school.save()
        assert organisation_overview(organisation=school, school_year=YEAR).partners == []  # two teachers
        third = person(school, team, Role.TEACHER)
        services.request_answer(
            offer_request=services.request_create(offer=internship, teacher=third, message="x"), accept=True
        )
        found = organisation_overview(organisation=school, school_year=YEAR).partners
        assert [(p.name, p.activities, p.kinds) for p in found] == [("Zorggroep Rivierenland", 4, [])]
        # Someone who is not the team's leader sees no partners per team: the school's minus the team's
        # would be the other teachers'; a leader of a team of the school none for the school, likewise.
        assert team_overview(team=team, school_year=YEAR, for_leader=False).partners == []
        assert organisation_overview(organisation=school, school_year=YEAR, leader=True).partners == []

        def counters():
            return {(r.team_id, r.school_year): r.counts for r in GroupStats.objects.all() if r.counts}

        kept = counters()
        stats.rebuild()
        assert counters() == kept  # what every write kept up to date is what counting afresh gives

    def test_another_schools_partner_does_not_show_in_this_school(self, teacher, school, team, framework):
        other = Organisation.objects.create(name="ROC West")
        elsewhere = Partner.objects.create(organisation=other, name="Elders")
        Team.objects.create(organisation=other, name="West")
        Membership.objects.create(user=teacher, organisation=other, role=Role.TEACHER)
        offer = offer_of(elsewhere)
        services.request_answer(
            offer_request=services.request_create(offer=offer, teacher=teacher, message="x"), accept=True
        )

        assert team_overview(team=team, school_year=YEAR, for_leader=True).partners == []
        west = GroupStats.objects.get(organisation=other, team__isnull=True, school_year=YEAR).counts
        assert west[f"partner:{elsewhere.pk}"] == west[f"partnerp:{elsewhere.pk}"] == 1  # counted in West


class PartnerAccountTests:
    def test_a_partner_account_finds_the_way_to_its_own_side(self, client, partner, framework):
        user = person(partner.organisation, None, Role.PARTNER)
        Contact.objects.create(partner=partner, name="Petra", email=user.email, user=user)
        client.force_login(user)

        response = client.get(reverse("workfield:offers"))

        assert response.status_code == 200 and response.context["rows"] == []
        assert reverse("workfield:partner_home") in response.content.decode()
