from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import link_in, mails_to
from ontwikkelwijzer.teams import invitations, member_import
from ontwikkelwijzer.teams.constants import INVITATION_DAYS, Role
from ontwikkelwijzer.teams.models import Invitation, Membership, Organisation, Team

PASSWORD = "Een-lang-wachtwoord-2026"


def dutch(message: str) -> str:
    """The text as the page shows it (in Dutch once translated)."""
    with translation.override("nl"):
        return gettext(message)


def person(email: str, organisation: Organisation | None = None, team: Team | None = None, role: str = ""):
    user = User.objects.create_user(email=email, password="x")
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, team=team, role=role)
    return user


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="ROC Midden", email_domains="school.nl")


@pytest.fixture
def team(organisation):
    return Team.objects.create(organisation=organisation, name="Zorg en welzijn")


@pytest.fixture
def leader(organisation, team):
    return person("leider@school.nl", organisation, team, Role.TEAM_LEADER)


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def invitation_for(team: Team, **changes) -> Invitation:
    fields = {
        "organisation": team.organisation,
        "team": team,
        "role": Role.TEACHER,
        "expires_at": timezone.now() + timedelta(days=INVITATION_DAYS),
        **changes,
    }
    return Invitation.objects.create(**fields)


def accept_url(invitation: Invitation) -> str:
    return reverse("teams:accept", args=[invitation.token])


def upload(client, team: Team, text: str | bytes, name: str = "leden.csv"):
    content = text if isinstance(text, bytes) else text.encode("utf-8")
    return client.post(reverse("teams:import", args=[team.pk]), {"file": SimpleUploadedFile(name, content)})


def confirm(client, team: Team, digest: str | None = None):
    if digest is None:
        digest = client.session.get("member_import", {}).get("digest", "0" * 64)
    return client.post(reverse("teams:import_confirm", args=[team.pk]), {"digest": digest})


def counts() -> tuple[int, int]:
    return User.objects.count(), Membership.objects.count()


GOOD_AND_BAD = (
    "email,first_name,last_name,role,fte\n"
    "nieuw1@school.nl,Anna,Jansen,docent,0.8\n"  # 2: no account yet: invited
    "bestaand@school.nl,Bea,Bakker,Teamleider,\n"  # 3: an existing account, invited as team leader
    "lid@school.nl,Cor,Claes,teacher,1\n"  # 4: already a teacher of the team
    "geen-adres,Dirk,Dekker,docent,1\n"  # 5: invalid e-mail
    "nieuw2@school.nl,Eva,Evers,directeur,1\n"  # 6: unknown role
    "nieuw3@school.nl,Fien,Fransen,docent,3\n"  # 7: FTE out of range
    "NIEUW1@school.nl,Anna,Jansen,docent,0.8\n"  # 8: duplicate of line 2
    ",Geen,Adres,docent,1\n"  # 9: missing e-mail
    "nieuw4@school.nl,Hans,Hendriks,docent,0,8\n"  # 10: unquoted decimal comma: too many columns
    "\n"
    "nieuw5@school.nl,Ids,Ingen,,\n"  # 12: invited as teacher, no FTE given
)
REFUSED = {
    5: member_import.INVALID_EMAIL,
    6: member_import.UNKNOWN_ROLE,
    7: member_import.FTE_OUT_OF_RANGE,
    8: member_import.DUPLICATE_EMAIL,
    9: member_import.MISSING_EMAIL,
    10: member_import.TOO_MANY_COLUMNS,
}


class CsvParseTests:
    """parse_member_csv needs no database."""

    def test_it_keeps_good_rows_and_refuses_bad_ones_with_their_line_number(self):
        plan = member_import.parse_member_csv(GOOD_AND_BAD)
        assert [row.line for row in plan.rows] == [2, 3, 4, 12]
        assert {problem.line: problem.codes for problem in plan.problems} == {
            line: {code} for line, code in REFUSED.items()
        }
        first = plan.rows[0]
        assert (first.email, first.first_name, first.role, first.fte) == (
            "nieuw1@school.nl",
            "Anna",
            Role.TEACHER,
            Decimal("0.80"),
        )
        assert plan.rows[1].role == Role.TEAM_LEADER
        assert plan.rows[3].role == Role.TEACHER and plan.rows[3].fte is None

    def test_it_reads_semicolons_a_bom_decimal_commas_and_dutch_headers(self):
        text = (
            "\ufeffE-mail;Voornaam;Achternaam;Rol;FTE\r\n"
            "a@school.nl;Ab;Bos;TEAMLEIDER;0,8\r\n"
            "b@school.nl;Bo;;Docent;0,05\r\n"
        )
        plan = member_import.parse_member_csv(text)
        assert plan.separator == ";" and plan.problems == ()
        assert [(row.email, row.role, row.fte) for row in plan.rows] == [
            ("a@school.nl", Role.TEAM_LEADER, Decimal("0.80")),
            ("b@school.nl", Role.TEACHER, Decimal("0.05")),
        ]

    def test_a_quoted_decimal_comma_is_fine_in_a_comma_separated_file(self):
        plan = member_import.parse_member_csv('email,fte\na@school.nl,"0,8"\n')
        assert plan.rows[0].fte == Decimal("0.80")

    def test_only_email_is_required_and_trailing_empty_columns_are_ignored(self):
        plan = member_import.parse_member_csv("email;\na@school.nl;;\n")
        assert plan.rows[0].role == Role.TEACHER and plan.rows[0].first_name == ""

    def test_a_duplicate_only_counts_against_a_good_row(self):
        plan = member_import.parse_member_csv(
            "email,role\na@school.nl,baas\na@school.nl,docent\na@school.nl,docent\n"
        )
        assert [row.line for row in plan.rows] == [3]
        assert [(problem.line, problem.codes) for problem in plan.problems] == [
            (2, {member_import.UNKNOWN_ROLE}),
            (4, {member_import.DUPLICATE_EMAIL}),
        ]

    def test_it_gives_every_reason_for_a_row(self):
        plan = member_import.parse_member_csv("email,role,fte\nfout,baas,nul\n")
        assert plan.problems[0].codes == {
            member_import.INVALID_EMAIL,
            member_import.UNKNOWN_ROLE,
            member_import.INVALID_FTE,
        }

    def test_it_refuses_fte_with_more_than_two_decimals_or_zero(self):
        plan = member_import.parse_member_csv(
            "email,fte\na@school.nl,0.333\nb@school.nl,0\nc@school.nl,0.500\n"
        )
        assert [problem.codes for problem in plan.problems] == [
            {member_import.INVALID_FTE},
            {member_import.FTE_OUT_OF_RANGE},
        ]
        assert plan.rows[0].fte == Decimal("0.50")

    @pytest.mark.parametrize("value", ["1e999999", "NaN", "-Infinity", "0,8,1", "acht"])
    def test_odd_numbers_are_refused_not_crashed_on(self, value):
        plan = member_import.parse_member_csv(f'email;fte\na@school.nl;"{value}"\n')
        assert plan.problems[0].codes <= {member_import.INVALID_FTE, member_import.FTE_OUT_OF_RANGE}

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.lists(
                st.sampled_from(["a@school.nl", "B@x.nl", "", "docent", "0,8", '"', ";", ",", "\n", "é"])
            ),
            max_size=6,
        )
    )
    def test_any_text_gives_a_plan_or_a_csv_error(self, lines):
        text = "email;first_name;role;fte\n" + "\n".join("".join(line) for line in lines)
        try:
            plan = member_import.parse_member_csv(text)
        except member_import.CsvError:
            return
        lines_used = [row.line for row in plan.rows] + [problem.line for problem in plan.problems]
        assert len(lines_used) == len(set(lines_used)) and all(line > 1 for line in lines_used)
        assert len({row.email for row in plan.rows}) == len(plan.rows)

    def test_line_numbers_count_lines_of_the_file_with_quoted_line_breaks(self):
        plan = member_import.parse_member_csv('email,first_name\n"a@school.nl","An\nna"\nfout,B\n')
        assert plan.rows[0].first_name == "An\nna"
        assert plan.problems[0].line == 4

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "\n\n",
            "first_name,last_name\nAnna,Jansen\n",  # no email column
            "email,telefoon\na@school.nl,06\n",  # unknown column
            "email,e-mail\na@school.nl,b@school.nl\n",  # a column twice
            "email,,role\na@school.nl,x,docent\n",  # a column without a name
            "email\n",  # no rows
        ],
    )
    def test_a_file_that_cannot_be_used_as_a_whole_is_an_error(self, text):
        with pytest.raises(member_import.CsvError):
            member_import.parse_member_csv(text)

    def test_it_refuses_more_than_the_maximum_number_of_rows(self):
        rows = "".join(f"p{i}@school.nl\n" for i in range(member_import.MAX_IMPORT_ROWS))
        assert len(member_import.parse_member_csv("email\n" + rows).rows) == member_import.MAX_IMPORT_ROWS
        with pytest.raises(member_import.CsvError):
            member_import.parse_member_csv("email\n" + rows + "een-te-veel@school.nl\n")


@pytest.mark.django_db
class InvitationTests:
    def test_a_leader_invites_and_a_new_visitor_signs_up_and_joins(self, client, leader, team, framework):
        client.force_login(leader)
        response = client.post(reverse("teams:invite", args=[team.pk]), {"role": Role.TEACHER})
        assert response.status_code == 302 and response["Location"] == reverse(
            "teams:members", args=[team.pk]
        )
        invitation = Invitation.objects.get(team=team)
        assert invitation.created_by == leader and invitation.organisation == team.organisation
        assert invitation.role == Role.TEACHER and invitation.uses == 0
        expected = timezone.now() + timedelta(days=INVITATION_DAYS)
        assert abs(invitation.expires_at - expected) < timedelta(minutes=1)
        link = "http://testserver" + accept_url(invitation)
        page = client.get(response["Location"]).content.decode()
        assert link in page  # in the success message and in the table of active links

        client.logout()
        page = client.get(accept_url(invitation)).content.decode()
        assert "ROC Midden" in page and "Zorg en welzijn" in page
        assert f"{reverse('accounts:signup')}?next={accept_url(invitation)}" in page
        assert f"{reverse('accounts:login')}?next={accept_url(invitation)}" in page

        response = client.post(
            reverse("accounts:signup") + f"?next={accept_url(invitation)}",
            {
                "email": "nieuw@school.nl",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "fte": "0.8",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": accept_url(invitation),
            },
        )
        assert response["Location"] == reverse("accounts:signup_sent")
        response = client.post(link_in(mails_to("nieuw@school.nl")[0]))  # the mailed link, same browser
        assert response["Location"] == accept_url(invitation)
        page = client.get(accept_url(invitation)).content.decode()
        assert f'<form method="post" action="{accept_url(invitation)}"' in page

        response = client.post(accept_url(invitation))
        assert response["Location"] == reverse("plans:current")
        newcomer = User.objects.get(email="nieuw@school.nl")
        assert Membership.objects.filter(user=newcomer, team=team, role=Role.TEACHER).count() == 1
        assert client.get(response["Location"], follow=True).status_code == 200

        client.post(accept_url(invitation))
        assert Membership.objects.filter(user=newcomer, team=team).count() == 1
        invitation.refresh_from_db()
        assert invitation.uses == 1  # joining again uses nothing up

    def test_an_existing_user_logs_in_and_joins_as_team_leader(self, client, team, leader):
        invitation = invitation_for(
            team, role=Role.TEAM_LEADER, email="docent@school.nl", max_uses=1, created_by=leader
        )
        user = person("docent@school.nl")
        assert client.post(accept_url(invitation))["Location"].startswith(reverse("accounts:login"))
        client.force_login(user)
        client.post(accept_url(invitation))
        assert Membership.objects.filter(user=user, team=team, role=Role.TEAM_LEADER).exists()
        page = client.get(accept_url(invitation)).content.decode()
        assert dutch("You are already a member with this role.") in page

    def test_an_expired_invitation_says_to_ask_for_a_new_link(self, client, team):
        invitation = invitation_for(team, expires_at=timezone.now() - timedelta(minutes=1))
        client.force_login(person("docent@school.nl"))
        for response in (client.get(accept_url(invitation)), client.post(accept_url(invitation))):
            assert response.status_code == 410
            assert dutch("Ask your team leader for a new invitation link.") in response.content.decode()
        assert not Membership.objects.exists()

    def test_a_used_up_invitation_is_gone(self, client, team):
        invitation = invitation_for(team, max_uses=1)
        first, second = person("een@school.nl"), person("twee@school.nl")
        client.force_login(first)
        client.post(accept_url(invitation))
        client.force_login(second)
        response = client.post(accept_url(invitation))
        assert response.status_code == 410
        assert dutch("This invitation has been used up") in response.content.decode()
        assert list(Membership.objects.values_list("user", flat=True)) == [first.pk]

    def test_accepting_counts_no_use_past_max_uses_when_the_invitation_is_stale(self, team):
        invitation = invitation_for(team, max_uses=1)
        stale = Invitation.objects.get(pk=invitation.pk)  # read before someone else used the last use
        invitations.invitation_accept(invitation=invitation, user=person("een@school.nl"))
        with pytest.raises(invitations.InvitationInvalid):
            invitations.invitation_accept(invitation=stale, user=person("twee@school.nl"))
        assert Membership.objects.count() == 1
        assert Invitation.objects.get(pk=invitation.pk).uses == 1

    def test_an_unknown_token_is_not_found(self, client, db):
        response = client.get(reverse("teams:accept", args=["bestaat-niet"]))
        assert response.status_code == 404
        assert dutch("Ask your team leader for a new invitation link.") in response.content.decode()

    def test_only_team_roles_can_be_given(self, as_leader, team):
        response = as_leader.post(reverse("teams:invite", args=[team.pk]), {"role": Role.ADMIN})
        assert response.status_code == 400
        assert not Invitation.objects.exists()

    def test_a_team_leader_is_invited_personally_never_by_an_open_link(self, as_leader, team, mailoutbox):
        url = reverse("teams:invite", args=[team.pk])
        response = as_leader.post(url, {"role": Role.TEAM_LEADER})
        assert response.status_code == 400 and response.context["invitation_form"].errors["email"]
        assert not Invitation.objects.exists()
        response = as_leader.post(url, {"role": Role.TEAM_LEADER, "email": "Nieuwe.Leider@school.nl"})
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role, invitation.max_uses) == (
            "nieuwe.leider@school.nl",
            Role.TEAM_LEADER,
            1,
        )
        [mail] = mailoutbox
        assert mail.to == ["nieuwe.leider@school.nl"] and invitation.token in mail.body
        with pytest.raises(ValueError):
            invitations.invitation_create(team=team, role=Role.TEAM_LEADER, created_by=invitation.created_by)

    def test_nobody_invites_their_own_address(self, as_leader, leader, team):
        url = reverse("teams:invite", args=[team.pk])
        response = as_leader.post(url, {"role": Role.TEACHER, "email": leader.email})
        assert response.status_code == 400 and response.context["invitation_form"].errors["email"]
        assert not Invitation.objects.exists()


@pytest.mark.django_db
class MembersPageTests:
    def test_it_lists_members_in_a_table_and_links_to_the_import(self, as_leader, organisation, team):
        teacher = person("docent@school.nl", organisation, team, Role.TEACHER)
        teacher.first_name, teacher.last_name = "Fatima", "Yilmaz"
        teacher.save()
        person(
            "ander@school.nl",
            organisation,
            Team.objects.create(organisation=organisation, name="Techniek"),
            Role.TEACHER,
        )
        page = as_leader.get(reverse("teams:members", args=[team.pk])).content.decode()
        assert "Fatima Yilmaz" in page and "docent@school.nl" in page and "leider@school.nl" in page
        assert "ander@school.nl" not in page
        assert page.count("<h1") == 1 and "<caption" in page and 'scope="col"' in page
        assert reverse("teams:import", args=[team.pk]) in page
        assert f'action="{reverse("teams:invite", args=[team.pk])}"' in page

    def test_it_shows_only_invitations_that_can_still_be_used(self, as_leader, team):
        active = invitation_for(team)
        expired = invitation_for(team, expires_at=timezone.now() - timedelta(days=1))
        used_up = invitation_for(team, uses=50)
        page = as_leader.get(reverse("teams:members", args=[team.pk])).content.decode()
        assert accept_url(active) in page
        assert accept_url(expired) not in page and accept_url(used_up) not in page

    def test_the_member_list_takes_the_same_queries_for_many_members(
        self, as_leader, organisation, team, django_assert_max_num_queries
    ):
        for i in range(3):
            person(f"p{i}@school.nl", organisation, team, Role.TEACHER)
        with django_assert_max_num_queries(10) as few:
            as_leader.get(reverse("teams:members", args=[team.pk]))
        for i in range(3, 30):
            person(f"p{i}@school.nl", organisation, team, Role.TEACHER)
        with django_assert_max_num_queries(10) as many:
            as_leader.get(reverse("teams:members", args=[team.pk]))
        assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
class AccessTests:
    @pytest.fixture(params=["teacher", "other_team_leader", "other_organisation_leader", "org_hr"])
    def outsider(self, request, organisation, team):
        if request.param == "teacher":
            return person("docent@school.nl", organisation, team, Role.TEACHER)
        if request.param == "other_team_leader":
            other = Team.objects.create(organisation=organisation, name="Techniek")
            return person("leider-techniek@school.nl", organisation, other, Role.TEAM_LEADER)
        if request.param == "org_hr":
            return person("hr@school.nl", organisation, None, Role.HR)
        elsewhere = Organisation.objects.create(name="Ander ROC")
        other = Team.objects.create(organisation=elsewhere, name="Zorg en welzijn")
        return person("leider@ander.nl", elsewhere, other, Role.TEAM_LEADER)

    def test_others_get_a_404_everywhere(self, client, outsider, leader, team):
        client.force_login(outsider)
        before = counts()
        assert client.get(reverse("teams:members", args=[team.pk])).status_code == 404
        assert client.post(reverse("teams:invite", args=[team.pk]), {"role": Role.TEACHER}).status_code == 404
        assert client.get(reverse("teams:import", args=[team.pk])).status_code == 404
        assert upload(client, team, "email\nx@school.nl\n").status_code == 404
        assert confirm(client, team).status_code == 404
        assert not Invitation.objects.exists() and counts() == before

    def test_an_upload_for_one_team_cannot_be_confirmed_for_another(
        self, as_leader, leader, organisation, team
    ):
        upload(as_leader, team, "email\nx@school.nl\n")
        digest = as_leader.session["member_import"]["digest"]
        other = Team.objects.create(organisation=organisation, name="Techniek")
        Membership.objects.create(user=leader, organisation=organisation, team=other, role=Role.TEAM_LEADER)
        before = counts()
        confirm(as_leader, other, digest)  # the stored upload was for the other team
        assert counts() == before

    def test_an_organisation_admin_may_manage_every_team(self, client, organisation, team):
        client.force_login(person("admin@school.nl", organisation, None, Role.ADMIN))
        assert client.get(reverse("teams:members", args=[team.pk])).status_code == 200

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client, team):
        for response in (
            client.get(reverse("teams:members", args=[team.pk])),
            client.post(reverse("teams:invite", args=[team.pk]), {"role": Role.TEACHER}),
            client.get(reverse("teams:import", args=[team.pk])),
            upload(client, team, "email\nx@school.nl\n"),
        ):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login") + "?next=")
        assert not Invitation.objects.exists() and User.objects.count() == 0


@pytest.mark.django_db
class CsvImportTests:
    @pytest.fixture
    def existing(self, organisation, team):
        person("lid@school.nl", organisation, team, Role.TEACHER)
        return person("bestaand@school.nl")

    def test_a_dry_run_reports_and_changes_nothing_then_confirm_invites_the_good_rows(
        self, client, as_leader, team, existing, mailoutbox
    ):
        before = counts()
        response = upload(as_leader, team, GOOD_AND_BAD)
        assert response.status_code == 200
        assert counts() == before and mailoutbox == [] and not Invitation.objects.exists()
        plan = response.context["plan"]
        # New and existing accounts look the same: the dry run does not tell who has an account.
        assert [row.email for row in plan.to_invite] == [
            "nieuw1@school.nl",
            "bestaand@school.nl",
            "nieuw5@school.nl",
        ]
        assert [row.email for row in plan.unchanged] == ["lid@school.nl"]
        page = response.content.decode()
        for problem in plan.problems:
            assert f'<th scope="row">{problem.line}</th>' in page
            assert str(problem.reasons[0]) in page.replace("&quot;", '"')
        assert {problem.line for problem in plan.problems} == set(REFUSED)
        assert 'name="digest"' in page and page.count("<h1") == 1

        response = confirm(as_leader, team)
        assert response.status_code == 200
        assert counts() == before  # nobody is made a member, no account is made: only invitations
        invited = {i.email: i for i in Invitation.objects.filter(team=team).exclude(email="")}
        assert set(invited) == {"nieuw1@school.nl", "bestaand@school.nl", "nieuw5@school.nl"}
        assert invited["bestaand@school.nl"].role == Role.TEAM_LEADER
        assert all(i.max_uses == 1 and i.created_by_id for i in invited.values())
        assert sorted(message.to[0] for message in mailoutbox) == sorted(invited)
        bodies = {message.to[0]: message.body for message in mailoutbox}
        link = next(word for word in bodies["nieuw1@school.nl"].split() if "/uitnodiging/" in word)
        assert link.startswith("http://testserver/")

        # The new person makes an account with the link: the name and FTE of the import are used.
        as_leader.logout()
        path = link.removeprefix("http://testserver")
        page = client.get(path)
        assert page.context["account_form"] is not None
        response = client.post(
            path + "account/",
            {
                "first_name": "Anna",
                "last_name": "Jansen",
                "new_password1": PASSWORD,
                "new_password2": PASSWORD,
            },
        )
        assert response.status_code == 302
        anna = User.objects.get(email="nieuw1@school.nl")
        assert (anna.first_name, anna.last_name, anna.fte) == ("Anna", "Jansen", Decimal("0.80"))
        assert anna.check_password(PASSWORD)
        assert Membership.objects.filter(user=anna, team=team, role=Role.TEACHER).exists()

        # The existing account is not a member until its owner accepts; then it keeps its own FTE.
        assert not Membership.objects.filter(user=existing, team=team).exists()
        client.force_login(existing)
        client.post(accept_url(invited["bestaand@school.nl"]))
        assert Membership.objects.filter(user=existing, team=team, role=Role.TEAM_LEADER).exists()
        existing.refresh_from_db()
        assert existing.fte == Decimal("1.00")

    def test_confirming_twice_changes_nothing_and_importing_again_sends_a_fresh_link(
        self, as_leader, team, existing, mailoutbox
    ):
        upload(as_leader, team, GOOD_AND_BAD)
        digest = as_leader.session["member_import"]["digest"]
        confirm(as_leader, team)
        waiting, sent = Invitation.objects.exclude(email="").count(), len(mailoutbox)
        response = confirm(as_leader, team, digest)
        assert response.status_code == 302 and len(mailoutbox) == sent
        assert Invitation.objects.exclude(email="").count() == waiting
        upload(as_leader, team, GOOD_AND_BAD)
        confirm(as_leader, team)
        assert Invitation.objects.exclude(email="").count() == waiting  # replaced, not piled up
        assert len(mailoutbox) == 2 * sent

    def test_a_member_already_in_the_team_is_left_alone(self, as_leader, team, existing, mailoutbox):
        response = upload(as_leader, team, "email,role\nlid@school.nl,docent\n")
        assert not response.context["plan"].has_changes and response.context["confirm_form"] is None
        assert "member_import" not in as_leader.session

    def test_the_importer_cannot_invite_themselves(self, as_leader, leader, team):
        response = upload(as_leader, team, f"email,role\n{leader.email.upper()},teamleider\n")
        assert [p.codes for p in response.context["plan"].problems] == [{member_import.REFUSED_ADDRESS}]
        assert not response.context["plan"].has_changes

    def test_a_semicolon_file_with_a_bom_is_imported(self, as_leader, team, mailoutbox):
        text = "\ufeffemail;first_name;last_name;role;fte\r\nx@school.nl;Xan;Xu;teamleider;0,6\r\n"
        response = upload(as_leader, team, text.encode("utf-8"))
        assert response.context["plan"].problems == ()
        confirm(as_leader, team)
        invitation = Invitation.objects.get(email="x@school.nl")
        assert invitation.fte == Decimal("0.60") and invitation.role == Role.TEAM_LEADER

    def test_a_changed_digest_applies_nothing(self, as_leader, team):
        upload(as_leader, team, "email\nx@school.nl\n")
        before = counts()
        response = confirm(as_leader, team, "f" * 64)
        assert response.status_code == 302 and counts() == before

    @pytest.mark.parametrize(
        ("content", "name"),
        [
            (b"email\n" + b"x" * member_import.MAX_IMPORT_BYTES, "leden.csv"),
            ("email\n" + "".join(f"p{i}@school.nl\n" for i in range(2001)), "leden.csv"),
            ("email\nané@school.nl\n".encode("latin-1"), "leden.csv"),
            ("email\nx@school.nl\n", "leden.exe"),
            (b"email\x00\nx@school.nl\n", "leden.csv"),
            ("telefoon\n06\n", "leden.csv"),
        ],
    )
    def test_a_file_that_cannot_be_used_is_a_form_error(self, as_leader, team, content, name):
        before = counts()
        response = upload(as_leader, team, content, name)
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert "plan" not in response.context and "member_import" not in as_leader.session
        assert counts() == before

    def test_the_dry_run_takes_the_same_queries_for_5_and_50_rows(
        self, as_leader, team, existing, django_assert_max_num_queries
    ):
        def csv_text(count: int) -> str:
            rows = ["bestaand@school.nl,,,teamleider,", "lid@school.nl,,,docent,"]
            rows += [f"p{i}@school.nl,P,{i},docent,0.8" for i in range(count - len(rows))]
            return "email,first_name,last_name,role,fte\n" + "\n".join(rows) + "\n"

        with django_assert_max_num_queries(8) as few:
            response = upload(as_leader, team, csv_text(5))
        assert len(response.context["plan"].rows) == 5
        with django_assert_max_num_queries(8) as many:
            response = upload(as_leader, team, csv_text(50))
        assert len(response.context["plan"].rows) == 50
        assert len(many.captured_queries) == len(few.captured_queries)
