import pytest
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import english, link_in, mails_to
from ontwikkelwijzer.framework.models import ScanStatement
from ontwikkelwijzer.scan.constants import NOT_APPLICABLE
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.scoring import AspectScore, aspect_scores, growth_areas, score_changes, strengths

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"


def answers(framework, per_aspect: dict[str, str], **extra) -> dict[str, str]:
    """Form data answering every statement of an aspect with the same value."""
    data = {"learning": "any", "hours_available": ""}
    for statement in ScanStatement.objects.filter(framework=framework).select_related("aspect"):
        data[f"s_{statement.code}"] = per_aspect[statement.aspect.code]
    return {**data, **extra}


class ScoringTests:
    def test_it_averages_per_aspect_and_leaves_out_not_applicable(self):
        result = aspect_scores(
            {"a": 2, "b": 3, "c": None, "d": 5},
            {"a": "competence", "b": "competence", "c": "identity", "d": "workfield"},
            ["competence", "identity", "workfield"],
        )
        assert result == [
            AspectScore("competence", 2.5, 2),
            AspectScore("identity", None, 0),
            AspectScore("workfield", 5.0, 1),
        ]
        assert strengths(result) == ["workfield"] and growth_areas(result) == ["competence"]

    def test_when_everything_is_strong_growth_is_what_is_below_the_top(self):
        scores = [AspectScore("competence", 4.5, 2), AspectScore("identity", 5.0, 2)]
        assert growth_areas(scores) == ["competence"]

    def test_it_computes_the_change_between_scans(self):
        before = [AspectScore("competence", 2.0, 2), AspectScore("identity", None, 0)]
        after = [AspectScore("competence", 3.5, 2), AspectScore("identity", 4.0, 2)]
        assert score_changes(before, after) == {"competence": 1.5, "identity": None}


class ScanFormTests:
    def test_the_framework_holds_statements_for_every_aspect(self, framework):
        aspects = set(
            ScanStatement.objects.filter(framework=framework).values_list("aspect__code", flat=True)
        )
        assert aspects == {"competence", "identity", "workfield"}
        assert all(s.activities.exists() for s in ScanStatement.objects.filter(framework=framework))

    def test_a_missing_answer_is_named_next_to_the_statement_and_nothing_typed_is_lost(
        self, client, framework
    ):
        data = answers(
            framework, {"competence": "4", "identity": "2", "workfield": "3"}, hours_available="40"
        )
        missing = next(key for key in data if key.startswith("s_identity"))
        del data[missing]
        html = client.post(reverse("scan:form"), data).content.decode()
        assert "Kies een antwoord, of “niet van toepassing”." in html
        assert f'id="id_{missing}_error"' in html
        assert 'value="40"' in html
        assert html.count("checked") >= len(data) - 3

    def test_hours_out_of_range_are_refused(self, client, framework):
        data = answers(
            framework, {"competence": "4", "identity": "2", "workfield": "3"}, hours_available="-5"
        )
        html = client.post(reverse("scan:form"), data).content.decode()
        assert 'id="id_hours_available_error"' in html


class VisitorScanTests:
    def test_a_visitor_sees_a_profile_and_recommendations_and_keeps_them_by_signing_up(
        self, client, framework
    ):
        response = client.post(
            reverse("scan:form"), answers(framework, {"competence": "4", "identity": "1", "workfield": "4"})
        )
        assert response["Location"] == reverse("scan:visitor_result")
        html = client.get(reverse("scan:visitor_result")).content.decode()
        assert "<svg" in html and "<desc" in html
        assert "Beroepsidentiteit" in html
        recommended = html.split('<ol class="recommendations">')[1].split("</ol>")[0]
        assert recommended.count("<li>") == 5
        assert not Scan.objects.exists()

        client.post(
            reverse("accounts:signup"),
            {
                "email": "nieuw@school.nl",
                "first_name": "N",
                "fte": "1",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert not Scan.objects.exists()  # kept in the session until the address is confirmed
        client.post(link_in(mails_to("nieuw@school.nl")[0]))  # the mailed link, in the same browser
        scan = Scan.objects.get(user__email="nieuw@school.nl")
        assert scan.answers.count() == ScanStatement.objects.filter(framework=framework).count()
        assert client.get(reverse("scan:detail", args=[scan.pk])).status_code == 200

    @pytest.mark.parametrize(
        ("given", "said", "not_said"),
        [
            (  # nothing answered: no strengths, no growth, no "top on every aspect", no "exclude fewer"
                {"competence": NOT_APPLICABLE, "identity": NOT_APPLICABLE, "workfield": NOT_APPLICABLE},
                "every statement as not applicable",
                ["top on every aspect", "fewer exclusions", "Recommended: a balanced mix"],
            ),
            (  # all at the top, nothing excluded: no advice to exclude fewer activities
                {"competence": "5", "identity": "5", "workfield": "5"},
                "top on every aspect",
                ["not applicable, so", "fewer exclusions", "Recommended: a balanced mix"],
            ),
            (  # one aspect answered only, at the top: nothing is said about the other two
                {"competence": "5", "identity": NOT_APPLICABLE, "workfield": NOT_APPLICABLE},
                "top on every aspect you answered",
                ["not applicable, so", "fewer exclusions", "Where you can grow", "Choose freely"],
            ),
        ],
    )
    def test_the_result_says_what_the_answers_mean_without_contradicting_itself(
        self, client, framework, given, said, not_said
    ):
        english(client).post(reverse("scan:form"), answers(framework, given))
        html = client.get(reverse("scan:visitor_result")).content.decode()

        message = html.split('id="scan-message">')[1].split("</p>")[0]
        assert said in message
        assert not [text for text in not_said if text in html]
        unanswered = [aspect for aspect, value in given.items() if value == NOT_APPLICABLE]
        assert ("You did not answer any statement about" in html) == (0 < len(unanswered) < 3)

    def test_the_result_page_without_a_scan_leads_to_the_form(self, client, framework):
        assert client.get(reverse("scan:visitor_result"))["Location"] == reverse("scan:form")


class SavedScanTests:
    def test_a_teacher_rescans_and_sees_the_change(self, client, framework):
        user = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        client.force_login(user)
        client.post(
            reverse("scan:form"), answers(framework, {"competence": "2", "identity": "3", "workfield": "3"})
        )
        response = client.post(
            reverse("scan:form"), answers(framework, {"competence": "4", "identity": "3", "workfield": "nvt"})
        )
        latest = Scan.objects.filter(user=user).first()
        assert response["Location"] == reverse("scan:detail", args=[latest.pk])
        html = client.get(response["Location"]).content.decode()
        assert "+2,0" in html and "hetzelfde" in html
        assert "Je eerdere scans" in client.get(reverse("scan:form")).content.decode()

    def test_another_persons_scan_is_a_404(self, client, framework):
        owner = User.objects.create_user(email="a@school.nl", password=PASSWORD)
        client.force_login(owner)
        client.post(
            reverse("scan:form"), answers(framework, {"competence": "2", "identity": "3", "workfield": "3"})
        )
        scan = Scan.objects.get(user=owner)
        client.force_login(User.objects.create_user(email="b@school.nl", password=PASSWORD))
        assert client.get(reverse("scan:detail", args=[scan.pk])).status_code == 404
        client.logout()
        assert client.get(reverse("scan:detail", args=[scan.pk])).status_code == 302
