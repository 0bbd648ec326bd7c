"""Throttling that cannot be turned on the victim: sign-in failures per account and client address, a limit
per client address over all accounts, the real client address behind the reverse proxy, and limits on the
mails that sign-up and password reset send."""

import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from ontwikkelwijzer.accounts import throttle
from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import PASSWORD, mails_to, sign_up

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"  # the reverse proxy on the same machine
IPWARE_SETTINGS = ("AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT")


@pytest.fixture(autouse=True)
def _no_counts_yet():
    caches[django_settings.ACCOUNT_THROTTLE_CACHE].clear()


@pytest.fixture(scope="module")
def one_proxy() -> dict:
    """The settings as config/settings.py makes them for PROXY_COUNT=1 (read in a fresh process)."""
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {IPWARE_SETTINGS!r}}}))"
    )
    env = os.environ | {"PROXY_COUNT": "1", "DEBUG": "false", "SECRET_KEY": "test-only-secret-key"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(done.stdout)
    values["AXES_IPWARE_META_PRECEDENCE_ORDER"] = tuple(values["AXES_IPWARE_META_PRECEDENCE_ORDER"])
    return values


def log_in(email: str, password: str, **meta):
    return Client().post(reverse("accounts:login"), {"username": email, "password": password}, **meta)


def via_proxy(forwarded_for: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


class PerAddressLimitTests:
    def test_one_address_trying_many_accounts_is_refused_after_the_address_limit(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 30
        accounts = [User.objects.create_user(email=f"d{n}@school.nl", password=PASSWORD) for n in range(10)]

        answers = [
            log_in(accounts[n % 10].email, "fout", REMOTE_ADDR="8.8.8.8").status_code for n in range(40)
        ]

        assert answers[:29] == [200] * 29  # each account failed fewer than 5 times
        assert answers[29:] == [429] * 11  # the 30th failure from the address locks it out
        assert log_in(accounts[0].email, PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 429
        assert log_in(accounts[0].email, PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 302

    def test_the_address_limit_lasts_the_cool_off_period(self, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
        User.objects.create_user(email="d0@school.nl", password=PASSWORD)
        for n in range(3):
            log_in(f"d{n}@school.nl", "fout", REMOTE_ADDR="8.8.8.8")
        assert log_in("d0@school.nl", PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 429

        long_ago = AccessAttempt.objects.first().attempt_time - settings.AXES_COOLOFF_TIME
        AccessAttempt.objects.update(attempt_time=long_ago)

        assert throttle.failures_from("8.8.8.8") == 0
        assert log_in("d0@school.nl", PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 302


class BehindTheProxyTests:
    def test_the_settings_read_the_header_behind_one_proxy(self, one_proxy):
        assert one_proxy["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"
        assert django_settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)  # PROXY_COUNT=0

    def test_two_people_behind_the_same_proxy_are_counted_apart(self, settings, one_proxy):
        for name, value in one_proxy.items():
            setattr(settings, name, value)
        settings.LOGIN_FAILURE_LIMIT = 5
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)

        for _ in range(5):
            log_in("docent@school.nl", "fout", **via_proxy("8.8.8.8"))  # someone guessing

        assert log_in("docent@school.nl", PASSWORD, **via_proxy("8.8.8.8")).status_code == 429
        assert log_in("docent@school.nl", PASSWORD, **via_proxy("9.9.9.9")).status_code == 302  # the owner
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"8.8.8.8"}

    def test_a_made_up_address_in_front_of_the_header_does_not_escape_the_limit(self, settings, one_proxy):
        for name, value in one_proxy.items():
            setattr(settings, name, value)
        settings.LOGIN_FAILURE_LIMIT = 5
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)

        for n in range(5):
            log_in("docent@school.nl", "fout", **via_proxy(f"1.2.3.{n}, 8.8.8.8"))

        assert log_in("docent@school.nl", "fout", **via_proxy("5.6.7.8, 8.8.8.8")).status_code == 429
        assert log_in("docent@school.nl", PASSWORD, **via_proxy("8.8.8.8")).status_code == 429
        assert log_in("docent@school.nl", PASSWORD, **via_proxy("9.9.9.9")).status_code == 302
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"8.8.8.8"}


class MailLimitTests:
    def test_mails_to_one_address_are_limited_whoever_asks_and_the_answer_stays_the_same(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 3
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        answers = []
        for n in range(3):
            answers.append(sign_up(Client(), "docent@school.nl", meta={"REMOTE_ADDR": f"8.8.8.{n}"}))
            answers.append(
                Client().post(
                    reverse("accounts:password_reset"),
                    {"email": "docent@school.nl"},
                    REMOTE_ADDR=f"9.9.9.{n}",
                )
            )

        assert len(mails_to("docent@school.nl")) == 3
        assert {(a.status_code, a["Location"]) for a in answers[::2]} == {
            (302, reverse("accounts:signup_sent"))
        }
        assert {(a.status_code, a["Location"]) for a in answers[1::2]} == {
            (302, reverse("accounts:password_reset_done"))
        }

    def test_mails_asked_from_one_client_address_are_limited(self, settings):
        settings.ACCOUNT_MAILS_PER_IP = 4
        for n in range(6):
            sign_up(Client(), f"nieuw{n}@school.nl", meta={"REMOTE_ADDR": "8.8.8.8"})

        assert [len(mails_to(f"nieuw{n}@school.nl")) for n in range(6)] == [1, 1, 1, 1, 0, 0]
        assert not User.objects.filter(email__in=["nieuw4@school.nl", "nieuw5@school.nl"]).exists()
        sign_up(Client(), "nieuw9@school.nl", meta={"REMOTE_ADDR": "9.9.9.9"})
        assert len(mails_to("nieuw9@school.nl")) == 1

    def test_the_window_ends(self, settings, monkeypatch):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 1
        settings.ACCOUNT_MAIL_WINDOW_MINUTES = 60
        assert throttle.mail_allowed(email="a@school.nl", ip_address="8.8.8.8")
        assert not throttle.mail_allowed(email="A@school.nl", ip_address="9.9.9.9")

        later = time.time() + 3601
        monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: later))

        assert throttle.mail_allowed(email="a@school.nl", ip_address="8.8.8.8")

    def test_the_counters_hold_no_address(self):
        throttle.mail_allowed(email="docent@school.nl", ip_address="8.8.8.8")

        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key, value FROM accounts_throttle")
            rows = cursor.fetchall()
        assert len(rows) == 2
        assert not any("docent" in key or "8.8.8.8" in key for key, _value in rows)
