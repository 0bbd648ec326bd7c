import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import english, link_in, mails_to
from ontwikkelwijzer.framework.models import Aspect, ScanStatement
from ontwikkelwijzer.scan.constants import NOT_APPLICABLE
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.scoring import AspectScore, aspect_scores, growth_areas, score_changes, strengths
from tests.support import answers

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"


class _Scales(HTMLParser):
    """The self-scan page as data: per aspect heading, its statements' scales; per scale its legend, the
    radio buttons (value, checked, the label's text) and where its error message is."""

    def __init__(self):
        super().__init__()
        self.aspects: list[tuple[str, list[dict]]] = []
        self.scale: dict | None = None
        self.label: dict | None = None
        self.in_legend = self.in_h2 = False
        self.checked: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and (attrs.get("id") or "").startswith("aspect-"):
            self.aspects.append((attrs["id"].removeprefix("aspect-"), []))
        elif tag == "fieldset" and "scale" in (attrs.get("class") or "").split():
            self.scale = {
                "legend": "",
                "radios": [],
                "errors": [],
                "describedby": attrs.get("aria-describedby"),
            }
            self.aspects[-1][1].append(self.scale)
        elif tag == "legend" and self.scale is not None:
            self.in_legend = True
        elif tag == "ul" and self.scale is not None and "errorlist" in (attrs.get("class") or ""):
            self.scale["errors"].append(attrs.get("id"))
        elif tag == "label" and self.scale is not None:
            self.label = {"text": ""}
        elif tag == "input" and attrs.get("type") == "radio":
            if self.label is not None:
                self.label.update(value=attrs["value"], checked="checked" in attrs, name=attrs["name"])
            if "checked" in attrs:
                self.checked[attrs["name"]] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "legend":
            self.in_legend = False
        elif tag == "label" and self.label is not None and self.scale is not None:
            self.scale["radios"].append(self.label)
            self.label = None
        elif tag == "fieldset":
            self.scale = None

    def handle_data(self, data):
        if self.in_legend and self.scale is not None:
            self.scale["legend"] += data
        elif self.label is not None:
            self.label["text"] += data


def scales(html: str) -> _Scales:
    parser = _Scales()
    parser.feed(html)
    return parser


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

    def test_each_statement_is_one_compact_scale_under_its_aspect_in_the_frameworks_order(
        self, client, framework
    ):
        page = scales(client.get(reverse("scan:form")).content.decode())

        aspects = list(Aspect.objects.filter(framework=framework).order_by("number"))
        assert [code for code, _ in page.aspects] == [a.code for a in aspects]
        for aspect, (_, found) in zip(aspects, page.aspects, strict=True):
            statements = ScanStatement.objects.filter(framework=framework, aspect=aspect)
            assert [scale["legend"] for scale in found] == [s.text for s in statements]
        every = [scale for _, found in page.aspects for scale in found]
        assert len(every) == ScanStatement.objects.filter(framework=framework).count()
        for scale in every:
            assert [radio["value"] for radio in scale["radios"]] == ["1", "2", "3", "4", "5", NOT_APPLICABLE]
            # each button shows its number ("1", hidden from screen readers) and tells a screen reader what
            # it means ("1 – helemaal niet waar", hidden from view): the label's text is both
            assert scale["radios"][0]["text"] == "1" + "1 – helemaal niet waar"
            assert scale["radios"][4]["text"] == "5" + "5 – helemaal waar"
            assert "niet van toepassing" in scale["radios"][5]["text"]
            assert not any(radio["checked"] for radio in scale["radios"]) and not scale["errors"]

    def test_the_scale_is_explained_once_per_aspect_and_the_page_counts_the_statements(
        self, client, framework
    ):
        html = english(client).get(reverse("scan:form")).content.decode()
        total = ScanStatement.objects.filter(framework=framework).count()
        aspects = Aspect.objects.filter(framework=framework).count()

        assert html.count('<ul class="scale-key">') == aspects
        assert html.count("1 – not at all true") == aspects + total  # the key, and each first button
        assert f"{total} statements, then your preferences" in html
        assert f'data-pattern="{{answered}} of {total} answered"' in html  # for static/js/scan.js
        assert re.search(r'<script src="/static/js/scan\.js" defer></script>', html)

    def test_a_missing_answer_is_named_next_to_the_statement_and_in_the_summary(self, client, framework):
        data = answers(framework, {"competence": "4", "identity": "2", "workfield": "3"})
        missing = next(key for key in data if key.startswith("s_identity"))
        del data[missing]
        statement = ScanStatement.objects.get(framework=framework, code=missing.removeprefix("s_"))

        response = client.post(reverse("scan:form"), data)

        assert response.status_code == 200
        html = response.content.decode()
        unanswered = [scale for _, found in scales(html).aspects for scale in found if scale["errors"]]
        assert [scale["legend"] for scale in unanswered] == [statement.text]
        assert unanswered[0]["errors"] == [f"id_{missing}_error"]
        assert unanswered[0]["describedby"] == f"id_{missing}_error"
        summary = html.split('<div class="error-summary"')[1].split("</div>")[0]
        assert f'href="#id_{missing}_0"' in summary
        assert f'<a href="#id_{missing}_0">{statement.text}</a>' in summary
        assert summary.count("<a ") == 1
        assert html.index('class="error-summary"') < html.index('class="scan-aspect"')

    def test_a_form_that_comes_back_with_an_error_keeps_every_answer_and_preference(self, client, framework):
        data = answers(
            framework,
            {"competence": "4", "identity": NOT_APPLICABLE, "workfield": "2"},
            hours_available="900",
            learning="formal",
            done=["docentstage", "co-teaching"],
        )
        statements = [key for key in data if key.startswith("s_")]

        html = english(client).post(reverse("scan:form"), data).content.decode()

        page = scales(html)
        assert page.checked == {key: data[key] for key in statements} | {"learning": "formal"}
        assert 'value="900"' in html
        assert re.search(r'<input type="checkbox" name="done" value="docentstage"[^>]* checked', html)
        assert re.search(r'<input type="checkbox" name="done" value="co-teaching"[^>]* checked', html)
        assert '<details class="scan-done" open>' in html  # what was ticked stays in view
        assert f"{len(statements)} of {len(statements)} answered" in html
        assert "Fill in at most 500 hours, or leave it empty." in html
        assert 'href="#id_hours_available"' in html

    def test_the_progress_after_an_error_counts_what_was_answered(self, client, framework):
        data = answers(framework, {"competence": "4", "identity": "2", "workfield": "3"})
        total = sum(key.startswith("s_") for key in data)
        for key in [key for key in data if key.startswith("s_workfield")][:2]:
            del data[key]
        html = english(client).post(reverse("scan:form"), data).content.decode()
        assert f"{total - 2} of {total} answered" in html
        assert f'<progress max="{total}" value="{total - 2}"' in html

    def test_hours_out_of_range_are_refused(self, client, framework):
        data = answers(
            framework, {"competence": "4", "identity": "2", "workfield": "3"}, hours_available="-5"
        )
        html = english(client).post(reverse("scan:form"), data).content.decode()
        assert 'id="id_hours_available_error"' in html
        assert "Fill in 0 hours or more, or leave it empty." in html
        assert not Scan.objects.exists()


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
        # the mailed link, in the same browser: the scan is saved and the new teacher lands on its result,
        # not on the empty form the sign-up link named as ``next``
        response = client.post(link_in(mails_to("nieuw@school.nl")[0]))
        scan = Scan.objects.get(user__email="nieuw@school.nl")
        assert scan.answers.count() == ScanStatement.objects.filter(framework=framework).count()
        assert response["Location"] == reverse("scan:detail", args=[scan.pk])
        html = english(client).get(response["Location"]).content.decode()
        assert html.split('<ol class="recommendations">')[1].split("</ol>")[0].count("<li>") == 5
        assert "Je zelfscan is bewaard in je account." in html  # said when it was saved, in Dutch

    def test_logging_in_after_a_visitors_scan_lands_on_its_result_once(self, client, framework):
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        client.post(
            reverse("scan:form"), answers(framework, {"competence": "2", "identity": "4", "workfield": "4"})
        )
        login = {"username": "docent@school.nl", "password": PASSWORD, "next": reverse("scan:form")}

        response = client.post(reverse("accounts:login"), login)

        scan = Scan.objects.get(user__email="docent@school.nl")
        assert response["Location"] == reverse("scan:detail", args=[scan.pk])
        client.post(reverse("accounts:logout"))
        assert client.post(reverse("accounts:login"), login)["Location"] == reverse("scan:form")
        assert Scan.objects.count() == 1

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
