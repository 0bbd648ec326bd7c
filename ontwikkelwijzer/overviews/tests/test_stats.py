"""The overview counters (overviews.stats): what every write keeps up to date equals what a rebuild counts."""

from contextlib import suppress
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.overviews.models import GroupStats, UserStats
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.privacy.services import user_delete
from ontwikkelwijzer.teams import services as services_teams
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Sharing, Team
from ontwikkelwijzer.workfield import services as services_workfield
from ontwikkelwijzer.workfield.models import Offer, OfferRequest, Partner
from tests.support import accepted_offer, add, own, person, rebuilt, scan, snapshot

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
CODES = ["docentstage", "plg", "vakliteratuur", "co-teaching", "werkbezoeken"]


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="ROC Midden", min_group_size=3)


@pytest.fixture
def teams(organisation):
    return [Team.objects.create(organisation=organisation, name=name) for name in ("A", "B")]


class CounterTests:
    def test_a_teachers_plan_counts_in_each_of_their_teams_and_once_in_the_organisation(
        self, organisation, teams, framework
    ):
        a, b = teams
        teacher = person(organisation, a, Role.TEACHER)
        Membership.objects.create(user=teacher, organisation=organisation, team=b, role=Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        add(plan, framework, "docentstage", ("competence", "workfield"), estimated_hours=Decimal("12.5"))
        own(plan, framework, ("identity",))
        scan(teacher, framework, 4)

        found = snapshot()

        for team in (a.pk, b.pk, None):
            counts = found[(organisation.pk, team, YEAR)]
            assert counts["plans"] == 1 and counts["total"] == 2
            # the activity table is the organisation's only: its counters stay out of the team rows
            assert (counts.get("act:docentstage"), counts.get("actp:docentstage")) == (
                (1, 1) if team is None else (None, None)
            )
            assert counts["planned"] == 125 + 50 and counts["own:identity"] == 1
            assert counts["cov:competence:practice:0:1"] == counts["cov:workfield:practice:0:1"] == 1
            assert counts["cat:practice"] == 1 and counts["formal"] == 1 and "informal" not in counts
            assert found[(organisation.pk, team, "")] == {"teachers": 1}
        assert found[(organisation.pk, a.pk, YEAR)]["scan"] == 1  # the home team: the lowest id
        assert "scan" not in found[(organisation.pk, b.pk, YEAR)]
        assert found[(organisation.pk, None, YEAR)]["scan"] == 1
        assert found == rebuilt()

    def test_other_roles_add_nothing(self, organisation, teams, framework):
        leader = person(organisation, teams[0], Role.TEAM_LEADER)
        add(services.plan_get_or_create(user=leader, school_year=YEAR), framework, "plg")
        scan(leader, framework, 5)

        assert snapshot() == {} and not UserStats.objects.exists()

    def test_moving_to_another_team_moves_the_counters(self, organisation, teams, framework):
        a, b = teams
        teacher = person(organisation, a, Role.TEACHER)
        add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "plg")
        scan(teacher, framework, 3)
        membership = Membership.objects.get(user=teacher, team=a)

        membership.team = b
        membership.save()

        found = snapshot()
        assert (organisation.pk, a.pk, YEAR) not in found and (organisation.pk, a.pk, "") not in found
        assert found[(organisation.pk, b.pk, YEAR)]["scan"] == 1
        assert found[(organisation.pk, None, YEAR)]["total"] == 1
        assert found == rebuilt()

    def test_deleting_an_account_takes_everything_of_it_out(self, organisation, teams, framework):
        stays = person(organisation, teams[0], Role.TEACHER)
        goes = person(organisation, teams[0], Role.TEACHER)
        for teacher in (stays, goes):
            add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "plg")
            scan(teacher, framework, 2)

        user_delete(user=goes)

        found = snapshot()
        assert found[(organisation.pk, teams[0].pk, YEAR)]["total"] == 1
        assert found[(organisation.pk, None, "")] == {"teachers": 1}
        assert found == rebuilt()
        assert not UserStats.objects.filter(user_id=goes.pk).exists()

    def test_deleting_a_team_leaves_the_organisation_right(self, organisation, teams, framework):
        teacher = person(organisation, teams[1], Role.TEACHER)
        add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "plg")

        teams[1].delete()

        assert snapshot() == rebuilt() == {}  # no team left: the teacher is in no group of the organisation

    def test_updates_that_send_no_signal_are_counted_too(self, organisation, teams, framework):
        teacher = person(organisation, teams[0], Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        add(plan, framework, "plg", status=ItemStatus.DONE)  # update() in the helper
        add(plan, framework, "co-teaching")
        logged = add(plan, framework, "vakliteratuur")
        services.log_entry_create(item=logged, day=date.today(), description="x", hours_spent=Decimal("1.5"))
        Sharing.objects.create(user=teacher, share_reflections=True)  # else the log counts nowhere

        counts = snapshot()[(organisation.pk, teams[0].pk, YEAR)]
        assert counts["status:done"] == counts["status:in_progress"] == counts["status:planned"] == 1
        assert counts["spent"] == 15 and counts["log"] == 1

        services.plan_carry_over(plan=plan)

        counts = snapshot()[(organisation.pk, teams[0].pk, YEAR)]
        assert counts["status:carried_over"] == 2 and counts["total"] == 1
        assert snapshot() == rebuilt()

    def test_inside_deferred_the_refresh_waits_for_the_end_and_happens_once(
        self, organisation, teams, framework
    ):
        teacher = person(organisation, teams[0], Role.TEACHER)
        before = snapshot()
        with stats.deferred():
            plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
            for code in CODES:
                add(plan, framework, code)
            assert snapshot() == before
            with CaptureQueriesContext(connection) as inside:
                add(plan, framework, "plg")
        with CaptureQueriesContext(connection) as immediately:
            add(plan, framework, "plg")

        assert snapshot()[(organisation.pk, teams[0].pk, YEAR)]["total"] == len(CODES) + 2
        assert len(inside) < len(immediately)  # inside, nothing was refreshed yet
        assert snapshot() == rebuilt()

    def test_a_request_refreshes_what_it_touched(self, client, organisation, teams, framework):
        teacher = person(organisation, teams[0], Role.TEACHER)
        services.plan_get_or_create(user=teacher, school_year=YEAR)
        client.force_login(teacher)
        activity = framework.activities.get(code="plg")

        response = client.post(reverse("plans:add_activity", args=[YEAR]), {"activity": activity.code})

        assert response.status_code in (302, 303)
        assert snapshot()[(organisation.pk, None, YEAR)]["act:plg"] == 1
        assert snapshot()[(organisation.pk, teams[0].pk, YEAR)]["cat:development"] == 1

    def test_editing_an_item_on_its_page_moves_its_aspects_in_the_counters(
        self, client, organisation, teams, framework
    ):
        teacher = person(organisation, teams[0], Role.TEACHER)
        item = add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "docentstage")
        client.force_login(teacher)
        before, saved = {aspect.code for aspect in item.aspects.all()}, item.updated_at
        wanted = sorted(
            ({"identity", "competence"} - before) | ({"competence"} & before)
        )  # one stays, one goes
        posted = client.post(reverse("plans:item_edit", args=[item.pk]), edit_data(item, framework, wanted))

        assert posted.status_code == 302
        item = PlanItem.objects.get(pk=item.pk)
        assert sorted(aspect.code for aspect in item.aspects.all()) == wanted
        assert item.version == 2 and item.status == ItemStatus.IN_PROGRESS and item.updated_at > saved
        counts = snapshot()[(organisation.pk, teams[0].pk, YEAR)]
        assert counts["status:in_progress"] == 1 and "status:planned" not in counts
        assert {name for name in counts if name.startswith("cov:")} == {
            f"cov:{code}:practice:0:1" for code in wanted
        }
        assert snapshot() == rebuilt()

    def test_accepted_requests_count_once_in_each_of_the_teachers_groups(
        self, organisation, teams, framework
    ):
        a, b = teams
        teacher = person(organisation, a, Role.TEACHER)
        Membership.objects.create(user=teacher, organisation=organisation, team=b, role=Role.TEACHER)
        colleague = person(organisation, a, Role.TEACHER)
        partner = Partner.objects.create(organisation=organisation, name="Zorggroep Oost")
        for who, kind, status in (
            (teacher, Offer.Kind.INTERNSHIP, OfferRequest.Status.ACCEPTED),
            (teacher, Offer.Kind.INTERNSHIP, OfferRequest.Status.ACCEPTED),
            (teacher, Offer.Kind.VISIT, OfferRequest.Status.ACCEPTED),
            (teacher, Offer.Kind.VISIT, OfferRequest.Status.PENDING),
            (colleague, Offer.Kind.INTERNSHIP, OfferRequest.Status.ACCEPTED),
        ):
            accepted_offer(partner, who, kind, status)

        found = snapshot()
        p = partner.pk
        for team, requests, people in ((a.pk, 4, 2), (b.pk, 3, 1), (None, 4, 2)):
            counts = found[(organisation.pk, team, YEAR)]
            assert counts[f"partner:{p}"] == requests and counts[f"partnerp:{p}"] == people
            assert counts[f"partnerkind:{p}:docentstage"] == requests - 1
            assert counts[f"partnerpkind:{p}:werkbezoek"] == 1
        assert found == rebuilt()

    def test_the_cost_of_a_refresh_does_not_grow_with_the_organisation(self, organisation, teams, framework):
        teacher = person(organisation, teams[0], Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        add(plan, framework, "plg")
        with CaptureQueriesContext(connection) as small:
            stats.refresh([teacher.pk])
        for _ in range(10):
            other = person(organisation, teams[0], Role.TEACHER)
            add(services.plan_get_or_create(user=other, school_year=YEAR), framework, "plg")
        with CaptureQueriesContext(connection) as large:
            stats.refresh([teacher.pk])

        assert len(small) == len(large)


def edit_data(item: PlanItem, framework, aspects: list[str], status: str = ItemStatus.IN_PROGRESS) -> dict:
    """What the item's edit page posts: the item as it is, with these aspects and this status."""
    return {
        "activity": item.activity.code if item.activity else "",
        "title": item.title,
        "goal": "Beter begeleiden",
        "aspects": [
            str(pk) for pk in framework.aspects.filter(code__in=aspects).values_list("pk", flat=True)
        ],
        "start_date": item.start_date.isoformat(),
        "end_date": item.end_date.isoformat(),
        "estimated_hours": "6",
        "status": status,
        "follow_up": "",
        "team_goal": "",
        "version": item.version,
    }


class SchoolAddressesTests:
    """A school that set its e-mail domains counts only the plain addresses at them: a team leader who
    makes accounts of their own (another provider, a +tag of their mailbox) adds nothing to any figure."""

    def test_accounts_outside_the_schools_domains_count_in_no_figure(self, organisation, teams, framework):
        organisation.email_domains = "school.nl"
        services_teams.school_settings_save(organisation=organisation)
        real = person(organisation, teams[0], Role.TEACHER)  # persoonN@school.nl
        puppets = []
        for address in ("pop1@gmail.com", "leider+pop@school.nl", "pop@sub.school.nl", '"leider"@school.nl'):
            puppet = User.objects.create_user(email=address, password="x")
            Membership.objects.create(
                user=puppet, organisation=organisation, team=teams[0], role=Role.TEACHER
            )
            puppets.append(puppet)
        for user in (real, *puppets):
            add(services.plan_get_or_create(user=user, school_year=YEAR), framework, "plg")
            scan(user, framework, 4)

        counts = snapshot()[(organisation.pk, teams[0].pk, YEAR)]
        assert counts["plans"] == counts["scan"] == 1
        assert snapshot()[(organisation.pk, None, "")]["teachers"] == 1
        assert snapshot() == rebuilt()

    def test_setting_the_domains_counts_everyone_again(self, organisation, teams, framework):
        outside = User.objects.create_user(email="docent@gmail.com", password="x")
        Membership.objects.create(user=outside, organisation=organisation, team=teams[0], role=Role.TEACHER)
        add(services.plan_get_or_create(user=outside, school_year=YEAR), framework, "plg")
        assert snapshot()[(organisation.pk, teams[0].pk, YEAR)]["plans"] == 1  # no domains: every address

        organisation.email_domains = "School.NL, @roc.nl"
        organisation.full_clean()
        services_teams.school_settings_save(organisation=organisation)

        assert organisation.email_domains == "school.nl, roc.nl"
        assert (organisation.pk, teams[0].pk, YEAR) not in snapshot() and snapshot() == rebuilt()
        organisation.email_domains = ""
        services_teams.school_settings_save(organisation=organisation)
        assert snapshot()[(organisation.pk, teams[0].pk, YEAR)]["plans"] == 1

    @pytest.mark.parametrize("text", ["school", "school.nl, -x.nl", "a@b.nl", "school..nl"])
    def test_a_domain_that_is_none_is_refused_by_name(self, organisation, text):
        organisation.email_domains = text

        with pytest.raises(ValidationError) as refused:
            organisation.full_clean()

        assert "email_domains" in refused.value.message_dict


def own_data(category, aspect, n: int) -> own_activities.OwnActivityData:
    return own_activities.OwnActivityData(
        name="Regionaal netwerk",
        description="Bijeenkomsten met docenten van drie scholen.",
        category=category,
        learning=["informal"] if n % 2 else ["formal"],
        involves_workfield=n % 3 == 0,
        touches_curriculum=False,
        estimated_hours=1,
        contributions={aspect: "Docenten leren van praktijkvoorbeelden."},
    )


class RandomWritesTests:
    """Any sequence of writes, through the services and through the pages, leaves the counters where a
    rebuild from scratch puts them, after every step."""

    writes = st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "item",
                    "own",
                    "status",
                    "delete_item",
                    "log",
                    "reflect",
                    "scan",
                    "join",
                    "leave",
                    "role",
                    "delete_user",
                    "old_scan",
                    "budget",
                    "share",
                    "plan_own_activity",
                    "edit_own_activity",
                    "move",
                    "carry_over",
                    "log_page",
                    "edit",
                    "edit_page",
                    "add_page",
                    "ask",
                    "answer",
                    "cancel_request",
                    "request_to_plan",
                ]
            ),
            st.integers(0, 3),
            st.integers(0, 4),
        ),
        max_size=14,
    )

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(writes=writes)
    def test_incremental_equals_rebuilt(self, framework, writes):
        with transaction.atomic():
            organisation = Organisation.objects.create(name="Willekeurig", min_group_size=3)
            teams = [Team.objects.create(organisation=organisation, name=n) for n in ("A", "B", "C")]
            people = [person(organisation, teams[i % 3], Role.TEACHER) for i in range(4)]
            aspects = list(framework.aspects.all())
            categories = list(framework.categories.all())
            own_activity = own_activities.save(
                organisation=organisation, framework=framework, data=own_data(categories[0], aspects[0], 0)
            )
            partner = Partner.objects.create(organisation=organisation, name="Zorggroep Oost")
            today = date.today()
            offers = [  # one of this school year with two places, one since last school year with one
                services_workfield.offer_save(
                    partner=partner,
                    data=services_workfield.OfferData(
                        kind=offer_kind,
                        title=title,
                        description="Meelopen en meedoen",
                        start_date=start,
                        end_date=today + timedelta(days=30),
                        places=places,
                    ),
                )
                for offer_kind, title, start, places in (
                    (Offer.Kind.INTERNSHIP, "Docentstage", today, 2),
                    (Offer.Kind.VISIT, "Werkbezoek", today - timedelta(days=400), 1),
                )
            ]
            for kind, who, n in writes:
                user = people[who]
                if not type(user).objects.filter(pk=user.pk).exists():
                    continue
                plan = services.plan_get_or_create(user=user, school_year=YEAR)
                items = list(PlanItem.objects.filter(plan=plan).order_by("pk"))
                item = items[n % len(items)] if items else None
                if kind == "item":
                    add(plan, framework, CODES[n], (aspects[n % 3].code,))
                elif kind == "own":
                    own(plan, framework, (aspects[n % 3].code,))
                elif kind == "status" and item:
                    status = [ItemStatus.DONE, ItemStatus.CANCELLED, ItemStatus.IN_PROGRESS][n % 3]
                    PlanItem.objects.filter(pk=item.pk).update(status=status)
                    stats.touched(user.pk)
                elif kind == "delete_item" and item:
                    item.delete()
                elif kind == "log" and item:
                    services.log_entry_create(item=item, day=date.today(), description="x", hours_spent=n)
                elif kind == "reflect" and item:
                    services.reflection_save(item=item, aspect=aspects[n % 3], rating=1 + n, text="y")
                elif kind in ("scan", "old_scan"):
                    made = scan(user, framework, 1 + n)
                    if kind == "old_scan":  # a scan of last school year
                        earlier = made.created_at - timedelta(days=366)
                        type(made).objects.filter(pk=made.pk).update(created_at=earlier)
                        stats.touched(user.pk)
                elif kind == "join":
                    Membership.objects.get_or_create(
                        user=user, organisation=organisation, team=teams[n % 3], role=Role.TEACHER
                    )
                elif kind == "leave":
                    Membership.objects.filter(user=user, team=teams[n % 3]).delete()
                elif kind == "role":
                    Membership.objects.filter(user=user).update(role=Role.TEAM_LEADER)
                    stats.touched(user.pk)
                elif kind == "delete_user":
                    user_delete(user=user)
                elif kind == "budget":
                    plan.budget_hours = Decimal(10 * n)
                    plan.save()
                elif kind == "plan_own_activity":
                    services.plan_item_from_activity(
                        plan=plan, activity=own_activity, aspects=[aspects[n % 3]]
                    )
                elif kind == "edit_own_activity":  # its category, learning mode and work field change
                    data = own_data(categories[n % len(categories)], aspects[n % 3], n)
                    own_activities.save(
                        organisation=organisation, framework=framework, data=data, activity=own_activity
                    )
                elif kind == "share":  # the log counts only while it is shared
                    Sharing.objects.update_or_create(user=user, defaults={"share_reflections": n % 2 == 0})
                elif kind == "move":  # to another team of the school
                    membership = Membership.objects.filter(user=user, team__isnull=False).first()
                    target = teams[n % 3]
                    if membership and not Membership.objects.filter(user=user, team=target).exists():
                        membership.team = target
                        membership.save()
                elif kind == "carry_over" and items:
                    services.plan_carry_over(plan=plan)
                elif kind == "log_page" and item:  # through the page, the middleware and all
                    browser = Client()
                    browser.force_login(user)
                    posted = browser.post(
                        reverse("plans:log_add", args=[item.pk]),
                        {"date": date.today().isoformat(), "description": "Via de pagina", "hours_spent": n},
                    )
                    assert posted.status_code == 302
                elif kind == "edit" and item:  # its aspects, hours and status change
                    status = [ItemStatus.DONE, ItemStatus.CANCELLED, ItemStatus.IN_PROGRESS][n % 3]
                    services.plan_item_update(
                        item=item,
                        data=services.ItemData(
                            activity=item.activity,
                            title=item.title,
                            goal="Ander doel",
                            aspects=aspects[n % 3 : n % 3 + 2],
                            start_date=item.start_date,
                            end_date=item.end_date,
                            estimated_hours=Decimal(n),
                            status=status,
                        ),
                        version=item.version,
                    )
                elif kind in ("edit_page", "add_page"):  # through the page, the middleware and all
                    browser = Client()
                    browser.force_login(user)
                    if kind == "add_page":
                        url, data = reverse("plans:add_activity", args=[YEAR]), {"activity": CODES[n]}
                    elif item:
                        chosen = [a.code for a in aspects[n % 3 : n % 3 + 1 + n % 2]]
                        url = reverse("plans:item_edit", args=[item.pk])
                        data = edit_data(
                            item, framework, chosen, status=ItemStatus.DONE if n % 2 else "planned"
                        )
                    else:
                        continue
                    posted = browser.post(url, data)  # adding one planned already: the question (200)
                    assert posted.status_code == 302 or kind == "add_page", posted.content.decode()[:300]
                elif kind == "ask":  # the teacher asks for a place; with n > 0 the request goes on at once
                    with suppress(services_workfield.Refused):  # the offer is full, or asked for already
                        offer_request = services_workfield.request_create(
                            offer=offers[(n + who) % 2], teacher=user, message="Graag"
                        )
                        if n:  # the partner accepts (declines with n 2); then the teacher cancels (n 3)
                            assert snapshot() == rebuilt(), (kind, who, n, "asked")
                            offer_request = services_workfield.request_answer(
                                offer_request=offer_request, accept=n != 2, answer="Welkom"
                            )
                        if n in (3, 4):  # or puts it in the plan (n 4)
                            assert snapshot() == rebuilt(), (kind, who, n, "answered")
                            if n == 3:
                                services_workfield.request_cancel(offer_request=offer_request)
                            else:
                                services_workfield.request_to_plan(offer_request=offer_request)
                elif kind in ("answer", "cancel_request", "request_to_plan"):  # any teacher's request
                    statuses = {
                        "answer": [OfferRequest.Status.PENDING],
                        "cancel_request": [OfferRequest.Status.PENDING, OfferRequest.Status.ACCEPTED],
                        "request_to_plan": [OfferRequest.Status.ACCEPTED],
                    }[kind]
                    found = list(
                        OfferRequest.objects.filter(status__in=statuses, plan_item=None)
                        .select_related("offer__partner", "teacher")
                        .order_by("pk")
                    )
                    offer_request = found[n % len(found)] if found else None
                    if offer_request and kind == "answer":  # the partner accepts (n even) or declines
                        with suppress(services_workfield.Refused):  # no place left
                            services_workfield.request_answer(
                                offer_request=offer_request, accept=n % 2 == 0, answer="Welkom"
                            )
                    elif offer_request and kind == "cancel_request":  # the teacher takes it back
                        services_workfield.request_cancel(offer_request=offer_request)
                    elif offer_request:  # into the plan: a new item, or the one planned already
                        services_workfield.request_to_plan(offer_request=offer_request)
                assert snapshot() == rebuilt(), (kind, who, n)
            transaction.set_rollback(True)


class CommandTests:
    def test_rebuild_overviews_recomputes_and_reports(self, organisation, teams, framework, capsys):
        teacher = person(organisation, teams[0], Role.TEACHER)
        add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "plg")
        before = snapshot()
        GroupStats.objects.all().delete()

        call_command("rebuild_overviews", organisation=organisation.pk)

        assert snapshot() == before
        assert "rows of overview counters" in capsys.readouterr().out

    def test_an_unknown_organisation_is_an_error(self):
        with pytest.raises(CommandError, match="no organisation with id 999999"):
            call_command("rebuild_overviews", organisation=999999)
