"""``create_admin --check`` (``make run`` calls it) tells how to make the first administrator, and only
while there is none."""

import io

import pytest
from django.core.management import call_command

from ontwikkelwijzer.accounts.models import User

pytestmark = pytest.mark.django_db


def check() -> str:
    out = io.StringIO()
    call_command("create_admin", check=True, stdout=out)
    return out.getvalue()


class CreateAdminCheckTests:
    def test_it_prints_the_hint_on_an_empty_database(self):
        assert not User.objects.exists()
        output = check()
        assert "No administrator yet" in output and "create_admin" in output and "make admin" in output

    def test_it_prints_the_hint_while_only_people_who_are_not_operators_have_accounts(self):
        User.objects.create_user(email="docent@school.nl", password="x")
        User.objects.create_user(email="oud@school.nl", password="x", is_staff=True, is_active=False)
        assert "No administrator yet" in check()

    def test_it_prints_nothing_with_an_operator(self):
        User.objects.create_user(email="ict@school.nl", password="x", is_staff=True)
        assert check() == ""
        assert User.objects.count() == 1  # it only looks
