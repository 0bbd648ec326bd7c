"""Answers to someone signed in are never stored by a browser or proxy; public pages stay cacheable."""

from datetime import date

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.middleware import PrivateCacheMiddleware
from ontwikkelwijzer.plans import services
from tests.support import answers

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def teacher():
    return User.objects.create_user(email="docent@school.nl", password="x")


class PrivateCacheTests:
    def test_a_plan_page_is_private_and_not_stored(self, client, teacher, framework):
        year = schoolyear.school_year_for(date.today())
        services.plan_get_or_create(user=teacher, school_year=year)
        client.force_login(teacher)
        response = client.get(reverse("plans:detail", args=[year]))
        assert response.status_code == 200
        assert {"private", "no-store"} <= _directives(response)

    def test_the_download_of_ones_data_is_private_and_not_stored(self, client, teacher):
        client.force_login(teacher)
        response = client.get(reverse("privacy:export"))
        assert response.status_code == 200 and {"private", "no-store"} <= _directives(response)

    def test_a_public_page_for_someone_signed_in_is_not_stored_either(self, client, teacher, framework):
        client.force_login(teacher)  # the header shows their name
        assert "no-store" in _directives(client.get("/activiteiten/"))

    def test_a_public_page_for_a_visitor_stays_cacheable(self, client, framework):
        response = client.get("/activiteiten/")
        assert response.status_code == 200 and "no-store" not in _directives(response)

    def test_a_visitors_self_scan_result_is_not_stored(self, client, framework):
        levels = {"competence": "4", "identity": "1", "workfield": "4"}
        posted = client.post(reverse("scan:form"), answers(framework, levels))
        assert posted.status_code == 302 and {"private", "no-store"} <= _directives(posted)
        response = client.get(reverse("scan:visitor_result"))
        assert response.status_code == 200 and {"private", "no-store"} <= _directives(response)

    def test_a_stricter_header_of_the_view_is_kept_and_a_public_one_replaced(self, teacher):
        request = RequestFactory().get("/")
        request.user = teacher
        view = never_cache(lambda request: HttpResponse("x"))
        response = PrivateCacheMiddleware(view)(request)
        assert _directives(response) >= {"no-cache", "no-store", "must-revalidate", "private"}
        public = PrivateCacheMiddleware(lambda request: _public())(request)
        assert _directives(public) == {"private", "no-store"}  # a public cache header would leak


def _public():
    response = HttpResponse("x")
    patch_cache_control(response, public=True, max_age=3600)
    return response
