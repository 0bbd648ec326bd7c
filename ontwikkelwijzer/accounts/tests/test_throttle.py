"""Throttling that cannot be turned on the victim: sign-in failures per account and client address, a limit
per client address over all accounts that spares the people who signed in from there before, IPv6 counted
per /64, a limit per account over all networks that spares the networks it signed in from before, the real
client address behind the reverse proxy, and limits on the mails that sign-up and password reset send (per
mailbox, sparing the networks the account signed in from before)."""

import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings as django_settings
from django.core import mail
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


def fail_from(addresses: list[str], emails: list[str]) -> list[int]:
    """One failed sign-in per address, going round the accounts; the status codes."""
    return [
        log_in(emails[n % len(emails)], "fout", REMOTE_ADDR=ip).status_code for n, ip in enumerate(addresses)
    ]


def in_64(prefix: str, count: int) -> list[str]:
    """``count`` different addresses in one /64 (``prefix`` is its first four groups)."""
    return [f"{prefix}:{n:x}:{n * 7:x}:0:1" for n in range(1, count + 1)]


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


class KnownFromHereTests:
    """Past the limit per client address, only the accounts that signed in from there before keep working."""

    def test_people_who_signed_in_from_the_address_before_keep_working(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 30
        known = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        new = User.objects.create_user(email="nieuw@school.nl", password=PASSWORD)
        assert log_in(known.email, PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 302  # last week

        answers = fail_from(["8.8.8.8"] * 40, [f"d{n}@school.nl" for n in range(10)])

        assert answers[29:] == [429] * 11
        assert log_in(known.email, PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 302
        assert log_in(new.email, PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 429
        assert log_in(new.email, PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 302

    def test_the_account_limit_still_holds_for_the_known_accounts(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
        known = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        log_in(known.email, PASSWORD, REMOTE_ADDR="8.8.8.8")

        answers = fail_from(["8.8.8.8"] * 6, [known.email])

        assert answers == [200] * 4 + [429] * 2
        assert log_in(known.email, PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 429
        assert log_in(known.email, PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 302

    def test_a_sign_in_elsewhere_or_under_another_account_does_not_count(self, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
        docent = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        User.objects.create_user(email="collega@school.nl", password=PASSWORD)
        log_in(docent.email, PASSWORD, REMOTE_ADDR="9.9.9.9")
        log_in("collega@school.nl", PASSWORD, REMOTE_ADDR="8.8.8.8")

        fail_from(["8.8.8.8"] * 3, ["x@school.nl"])

        assert log_in(docent.email, PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 429
        assert log_in("collega@school.nl", PASSWORD, REMOTE_ADDR="8.8.8.8").status_code == 302

    def test_the_records_it_relies_on_go_with_the_account(self, settings):
        from ontwikkelwijzer.accounts import personal_data

        settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
        docent = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        log_in(docent.email, PASSWORD, REMOTE_ADDR="8.8.8.8")
        fail_from(["8.8.8.8"] * 3, ["x@school.nl"])
        assert throttle.signed_in_from(docent.email, "8.8.8.8")

        personal_data.erase(docent)

        assert not throttle.signed_in_from(docent.email, "8.8.8.8")
        assert not AccessLog.objects.exists()


class IPv6Tests:
    """An IPv6 client has a /64 (or more) to rotate through: its addresses count together."""

    def test_failures_add_up_over_the_64_and_ipv4_addresses_count_apart(self):
        for n, ip in enumerate(in_64("2001:db8:1:2", 4) + ["8.8.8.8", "8.8.8.9"]):
            log_in(f"d{n}@school.nl", "fout", REMOTE_ADDR=ip)

        assert throttle.failures_from("2001:db8:1:2:ffff::") == 4
        assert throttle.failures_from("2001:db8:1:3::1") == 0
        assert throttle.failures_from("8.8.8.8") == 1

    def test_rotating_addresses_through_many_accounts_meets_the_address_limit(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 6
        User.objects.create_user(email="d0@school.nl", password=PASSWORD)

        answers = fail_from(in_64("2001:db8:1:2", 10), [f"d{n}@school.nl" for n in range(10)])

        assert answers[:5] == [200] * 5 and answers[6:] == [429] * 4
        assert log_in("d0@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2::abcd").status_code == 429
        assert log_in("d0@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:3::abcd").status_code == 302

    def test_rotating_addresses_on_one_account_meets_the_account_limit(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 30
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)

        fail_from(in_64("2001:db8:1:2", 5), ["docent@school.nl"])

        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2::abcd").status_code == 429
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:3::abcd").status_code == 302

    def test_a_sign_in_from_one_address_of_the_64_makes_the_account_known_on_all_of_it(self, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2::1")

        fail_from(in_64("2001:db8:1:2", 3), ["x@school.nl"])

        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2:aa::2").status_code == 302

    def test_a_successful_sign_in_clears_the_accounts_failures_on_the_whole_64(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        fail_from(in_64("2001:db8:1:2", 4), ["docent@school.nl"])
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2::abcd").status_code == 302

        fail_from(in_64("2001:db8:1:2", 4), ["docent@school.nl"])

        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2::abcd").status_code == 302

    def test_the_scan_of_a_busy_table_is_bounded(self, settings, monkeypatch):
        monkeypatch.setattr(throttle, "SCAN_ROWS", 3)
        for n, ip in enumerate(in_64("2001:db8:1:2", 5)):
            log_in(f"d{n}@school.nl", "fout", REMOTE_ADDR=ip)

        assert throttle.failures_from("2001:db8:1:2::1") == 3


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
    def test_mails_to_one_address_are_capped_whoever_asks_and_the_answer_stays_the_same(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 3
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

    def test_an_attacker_asking_for_the_victims_mails_does_not_use_up_the_victims_own(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 3
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 10
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        for _ in range(20):
            Client().post(
                reverse("accounts:password_reset"), {"email": "docent@school.nl"}, REMOTE_ADDR="6.6.6.6"
            )
        assert len(mails_to("docent@school.nl")) == 3

        Client().post(
            reverse("accounts:password_reset"), {"email": "Docent@school.nl"}, REMOTE_ADDR="9.9.9.9"
        )

        assert len(mails_to("docent@school.nl")) == 4

    def test_a_victim_signing_up_gets_the_link_after_an_attacker_asked_it_for_them(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 3
        for _ in range(5):
            sign_up(Client(), "nieuw@school.nl", meta={"REMOTE_ADDR": "6.6.6.6"})
        mail.outbox.clear()

        sign_up(Client(), "nieuw@school.nl", meta={"REMOTE_ADDR": "9.9.9.9"})

        assert len(mails_to("nieuw@school.nl")) == 1

    def test_the_cap_per_address_counts_only_mails_the_other_limits_let_through(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 2
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 5
        sent = [throttle.mail_allowed(email="a@school.nl", ip_address=f"8.8.8.{n // 4}") for n in range(12)]

        assert sent == [True, True, False, False] * 2 + [True, False, False, False]
        assert not throttle.mail_allowed(email="a@school.nl", ip_address="9.9.9.9")  # 5 went out

    def test_the_addresses_of_one_ipv6_64_ask_as_one_client(self, settings):
        settings.ACCOUNT_MAILS_PER_IP = 4
        settings.ACCOUNT_MAILS_PER_ADDRESS = 1
        allowed = [
            throttle.mail_allowed(email=f"nieuw{n}@school.nl", ip_address=ip)
            for n, ip in enumerate(in_64("2001:db8:1:2", 6))
        ]
        assert allowed == [True] * 4 + [False] * 2
        assert not throttle.mail_allowed(email="nieuw0@school.nl", ip_address="2001:db8:1:2::ffff")
        assert throttle.mail_allowed(email="nieuw0@school.nl", ip_address="2001:db8:1:3::1")

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
        assert not throttle.mail_allowed(email="A@school.nl", ip_address="8.8.8.8")

        later = time.time() + 3601
        monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: later))

        assert throttle.mail_allowed(email="a@school.nl", ip_address="8.8.8.8")

    def test_the_counters_hold_no_address(self):
        throttle.mail_allowed(email="docent@school.nl", ip_address="8.8.8.8")

        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key, value FROM accounts_throttle")
            rows = cursor.fetchall()
        assert len(rows) == 3  # to the address, to it from the client address, from the client address
        assert not any("docent" in key or "8.8.8.8" in key for key, _value in rows)


class MailboxTests:
    """The counters per address count the mailbox a mail is delivered to, not the spelling asked for."""

    SPELLINGS = (
        "docent@school.nl",
        "Docent+1@school.nl",
        "docent@ｓchool.nl",  # a fullwidth s: the mail goes to the domain's ASCII form
        '"docent"@ſchool.nl',  # quotes and a long s
        "DOCENT+x@SCHOOL.NL",
        "docent+y@ｓｃｈｏｏｌ.nl",
    )

    def test_spellings_of_one_mailbox_share_the_count_from_one_network(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 3
        sent = [throttle.mail_allowed(email=address, ip_address="8.8.8.8") for address in self.SPELLINGS]

        assert sent == [True] * 3 + [False] * 3
        assert throttle.mail_allowed(email="collega@school.nl", ip_address="8.8.8.8")

    def test_spellings_of_one_mailbox_share_the_cap_in_all(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 4
        sent = [
            throttle.mail_allowed(email=address, ip_address=f"8.8.8.{n}")
            for n, address in enumerate(self.SPELLINGS)
        ]

        assert sent == [True] * 4 + [False] * 2
        assert throttle.mail_allowed(email="docent2@school.nl", ip_address="9.9.9.9")

    def test_sign_ups_under_other_spellings_from_many_networks_stay_under_the_cap(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 4
        answers = [
            sign_up(Client(), address, meta={"REMOTE_ADDR": f"2001:db8:bb:{n}::1"})
            for n, address in enumerate(self.SPELLINGS * 2)
        ]

        assert len(mail.outbox) == 4  # every one of them is delivered to docent@school.nl
        assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("accounts:signup_sent"))}


class KnownNetworkMailTests:
    """The cap per mailbox in all leaves out the networks the account signed in from before."""

    def reset(self, email: str, ip: str):
        return Client().post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)

    def test_an_attacker_on_many_networks_does_not_use_up_the_victims_own_mails(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 3
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 10
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 302  # home
        answers = [self.reset("docent@school.nl", f"2001:db8:aa:{n // 5}::{n % 5 + 1}") for n in range(25)]
        assert len(mails_to("docent@school.nl")) == 10

        answers.append(self.reset("docent@school.nl", "9.9.9.9"))

        assert len(mails_to("docent@school.nl")) == 11
        assert {(a.status_code, a["Location"]) for a in answers} == {
            (302, reverse("accounts:password_reset_done"))
        }

    def test_a_network_the_account_never_signed_in_from_still_meets_the_cap(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 2
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        User.objects.create_user(email="collega@school.nl", password=PASSWORD)
        log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9")
        log_in("collega@school.nl", PASSWORD, REMOTE_ADDR="7.7.7.7")  # another account's network
        for n in range(2):
            assert throttle.mail_allowed(email="docent@school.nl", ip_address=f"8.8.8.{n}")

        assert not throttle.mail_allowed(email="docent@school.nl", ip_address="7.7.7.7")
        assert not throttle.mail_allowed(email="docent@school.nl", ip_address="2001:db8:1:3::1")
        assert throttle.mail_allowed(email="docent@school.nl", ip_address="9.9.9.9")

    def test_mails_from_a_known_network_do_not_count_towards_the_cap_but_keep_the_network_limits(
        self, settings
    ):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 3
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 2
        settings.ACCOUNT_MAILS_PER_IP = 5
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9")

        from_home = [throttle.mail_allowed(email="docent@school.nl", ip_address="9.9.9.9") for _ in range(4)]
        elsewhere = [
            throttle.mail_allowed(email="docent@school.nl", ip_address=f"8.8.8.{n}") for n in range(3)
        ]
        others = [throttle.mail_allowed(email=f"d{n}@school.nl", ip_address="9.9.9.9") for n in range(2)]

        assert from_home == [True] * 3 + [False]  # 3 per mailbox and network
        assert elsewhere == [True, True, False]  # the 2 in all are still there
        assert others == [True, False]  # 5 asked for from the network, the refused ones too

    def test_the_account_knows_the_network_under_other_spellings_and_on_its_whole_64(self, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS_ALL = 1
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:1:2::1")
        assert throttle.mail_allowed(email="docent@school.nl", ip_address="8.8.8.8")  # the cap is used up

        assert throttle.mail_allowed(email="Docent+x@ｓchool.nl", ip_address="2001:db8:1:2:ff::9")
        assert throttle.mail_allowed(email="docent@school.nl", ip_address="2001:db8:1:2::abcd")
        assert not throttle.mail_allowed(email="docent@school.nl", ip_address="2001:db8:1:3::1")


class AccountLimitTests:
    """Past LOGIN_FAILURE_LIMIT_PER_ACCOUNT over all networks, only the account's known networks get in."""

    def test_guessing_from_many_64s_of_one_home_stops_at_the_account_limit(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_IP = 30
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 12
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        User.objects.create_user(email="collega@school.nl", password=PASSWORD)
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 302  # home
        assert (
            log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:5:1::7").status_code == 302
        )  # school

        answers = fail_from([f"2001:db8:cc:{n // 4:x}::1" for n in range(30)], ["docent@school.nl"])

        # 4 from each /64, under the limit per network; the 12th failure locks the account out (as axes does)
        assert answers == [200] * 11 + [429] * 19
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 302
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:5:1::8").status_code == 302
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:cc:ff::1").status_code == 429
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="7.7.7.7").status_code == 429
        assert log_in("collega@school.nl", PASSWORD, REMOTE_ADDR="2001:db8:cc:0::1").status_code == 302

    def test_a_known_network_keeps_its_own_limit_past_the_account_limit(self, settings):
        settings.LOGIN_FAILURE_LIMIT = 5
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 6
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9")
        fail_from([f"8.8.8.{n}" for n in range(6)], ["docent@school.nl"])

        answers = fail_from(["9.9.9.9"] * 6, ["docent@school.nl"])

        assert answers == [200] * 4 + [429] * 2  # as before the account limit was reached
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="9.9.9.9").status_code == 429

    def test_failures_at_other_accounts_do_not_count(self, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 4
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        fail_from([f"8.8.8.{n}" for n in range(12)], ["collega@school.nl", "Docent@school.nl", "x@school.nl"])

        assert throttle.account_failures("docent@school.nl") == 0
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="7.7.7.7").status_code == 302

    def test_the_account_limit_lasts_the_cool_off_period(self, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 4
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        fail_from([f"8.8.8.{n}" for n in range(4)], ["docent@school.nl"])
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="7.7.7.7").status_code == 429

        long_ago = AccessAttempt.objects.first().attempt_time - settings.AXES_COOLOFF_TIME
        AccessAttempt.objects.update(attempt_time=long_ago)

        assert throttle.account_failures("docent@school.nl") == 0
        assert log_in("docent@school.nl", PASSWORD, REMOTE_ADDR="7.7.7.7").status_code == 302

    def test_the_account_count_is_one_query(self, django_assert_num_queries):
        fail_from([f"2001:db8:cc:{n:x}::1" for n in range(7)] + ["8.8.8.8"] * 2, ["docent@school.nl"])

        with django_assert_num_queries(1):
            assert throttle.account_failures("docent@school.nl") == 9
