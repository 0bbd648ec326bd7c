import smtplib
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import ReminderSent

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"
SCHOOL_YEAR = "2025-2026"


def make_user(email: str = "docent@example.nl", **fields) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


def make_item(framework, user: User, *, end: date, title: str = "Lesbezoek bij een collega", **data):
    plan = services.plan_get_or_create(user=user, school_year=SCHOOL_YEAR)
    return services.plan_item_create(
        plan=plan,
        data=services.ItemData(
            title=title,
            goal="Leren van een collega",
            aspects=[framework.aspects.order_by("number").first()],
            start_date=date(2025, 9, 1),
            end_date=end,
            estimated_hours=Decimal(4),
            **data,
        ),
    )


def run(today: str, *args: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today, *args, stdout=out)
    return out.getvalue()


class ItemEndingTests:
    TODAY = "2026-03-02"

    def test_it_mails_the_owner_of_an_item_ending_within_two_weeks_once(self, framework, mailoutbox):
        user = make_user(first_name="Sanne")
        item = make_item(framework, user, end=date(2026, 3, 12))
        output = run(self.TODAY)
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == [user.email]
        assert "\n" not in message.subject
        assert "Lesbezoek bij een collega" in message.body
        assert "Sanne" in message.body
        assert "12 maart 2026" in message.body  # Dutch, though commands run with translations off
        assert f"http://127.0.0.1:8000/ontwikkelplan/item/{item.pk}/" in message.body
        assert "http://127.0.0.1:8000/account/" in message.body  # where to switch reminders off
        assert "Sent 1 reminder mail(s)" in output
        assert ReminderSent.objects.filter(user=user, kind="item_ending", key=str(item.pk)).exists()

        run(self.TODAY)
        run("2026-03-05")
        assert len(mailoutbox) == 1

    def test_it_lists_all_items_of_a_user_in_one_mail(self, framework, mailoutbox):
        user = make_user()
        make_item(framework, user, end=date(2026, 3, 2), title="Vandaag")
        make_item(framework, user, end=date(2026, 3, 16), title="Over veertien dagen")
        run(self.TODAY)
        assert len(mailoutbox) == 1
        assert "Vandaag" in mailoutbox[0].body and "Over veertien dagen" in mailoutbox[0].body

    def test_it_names_a_framework_activity_by_its_name(self, framework, mailoutbox):
        activity = framework.activities.order_by("position").first()
        make_item(framework, make_user(), end=date(2026, 3, 12), title="", activity=activity)
        run(self.TODAY)
        assert activity.name in mailoutbox[0].body

    def test_it_leaves_out_items_already_reminded(self, framework, mailoutbox):
        user = make_user()
        make_item(framework, user, end=date(2026, 3, 12), title="Eerste")
        run(self.TODAY)
        make_item(framework, user, end=date(2026, 3, 13), title="Tweede")
        run(self.TODAY)
        assert len(mailoutbox) == 2
        assert "Tweede" in mailoutbox[1].body and "Eerste" not in mailoutbox[1].body

    def test_it_ignores_items_ending_later_or_already_past(self, framework, mailoutbox):
        user = make_user()
        make_item(framework, user, end=date(2026, 3, 22))
        make_item(framework, user, end=date(2026, 3, 17))
        make_item(framework, user, end=date(2026, 3, 1))
        run(self.TODAY)
        assert mailoutbox == []

    def test_it_ignores_items_with_a_log_entry(self, framework, mailoutbox):
        item = make_item(framework, make_user(), end=date(2026, 3, 12))
        services.log_entry_create(
            item=item, day=date(2026, 2, 1), description="Gekeken", hours_spent=Decimal(1)
        )
        run(self.TODAY)
        assert mailoutbox == []

    def test_it_ignores_items_with_a_reflection(self, framework, mailoutbox):
        item = make_item(framework, make_user(), end=date(2026, 3, 12))
        services.reflection_save(item=item, aspect=item.aspects.first(), rating=4, text="Veel geleerd")
        run(self.TODAY)
        assert mailoutbox == []

    @pytest.mark.parametrize("status", [ItemStatus.DONE, ItemStatus.CANCELLED, ItemStatus.CARRIED_OVER])
    def test_it_ignores_items_that_are_not_open(self, framework, mailoutbox, status):
        make_item(framework, make_user(), end=date(2026, 3, 12), status=status)
        run(self.TODAY)
        assert mailoutbox == []

    def test_it_sends_nothing_to_users_with_reminders_off_or_inactive(self, framework, mailoutbox):
        make_item(framework, make_user("uit@example.nl", reminders_enabled=False), end=date(2026, 3, 12))
        make_item(framework, make_user("weg@example.nl", is_active=False), end=date(2026, 3, 12))
        output = run(self.TODAY)
        assert mailoutbox == []
        assert "Sent 0 reminder mail(s)" in output
        assert not ReminderSent.objects.exists()

    def test_it_uses_the_site_url_in_links(self, framework, mailoutbox, settings):
        settings.SITE_URL = "https://ontwikkelwijzer.example.nl/"
        item = make_item(framework, make_user(), end=date(2026, 3, 12))
        run(self.TODAY)
        assert f"https://ontwikkelwijzer.example.nl/ontwikkelplan/item/{item.pk}/" in mailoutbox[0].body


class YearEndTests:
    def test_it_asks_to_reflect_once_near_the_end_of_the_school_year(self, framework, mailoutbox):
        user = make_user()
        item = make_item(framework, user, end=date(2026, 7, 31))
        services.log_entry_create(
            item=item, day=date(2026, 6, 1), description="Begonnen", hours_spent=Decimal(2)
        )
        run("2026-06-20")
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == [user.email]
        assert SCHOOL_YEAR in message.subject
        assert f"http://127.0.0.1:8000/ontwikkelplan/{SCHOOL_YEAR}/" in message.body
        assert "31 juli 2026" in message.body
        assert ReminderSent.objects.filter(user=user, kind="year_end", key=SCHOOL_YEAR).exists()

        run("2026-06-21")
        run("2026-07-31")  # the item ends today, but it has a log entry: no item mail either
        assert len(mailoutbox) == 1

    def test_it_sends_nothing_before_the_window_or_after_the_school_year(self, framework, mailoutbox):
        make_item(framework, make_user(), end=date(2026, 7, 31))
        run("2026-05-01")
        run("2026-06-14")
        run("2026-08-01")
        assert mailoutbox == []

    def test_it_starts_on_the_configured_day(self, framework, mailoutbox, settings):
        settings.REMINDER_YEAR_END_FROM = "07-01"
        make_item(framework, make_user(), end=date(2026, 7, 31))
        run("2026-06-20")
        assert mailoutbox == []
        run("2026-07-01")
        assert len(mailoutbox) == 1

    def test_it_skips_plans_that_are_empty_or_fully_reflected(self, framework, mailoutbox):
        services.plan_get_or_create(user=make_user("leeg@example.nl"), school_year=SCHOOL_YEAR)
        item = make_item(framework, make_user("klaar@example.nl"), end=date(2026, 7, 31))
        services.reflection_save(item=item, aspect=item.aspects.first(), rating=3, text="Nuttig")
        run("2026-06-20")
        assert mailoutbox == []

    def test_it_sends_nothing_to_users_with_reminders_off(self, framework, mailoutbox):
        make_item(framework, make_user(reminders_enabled=False), end=date(2026, 7, 31))
        run("2026-06-20")
        assert mailoutbox == []


class DryRunTests:
    def test_it_sends_and_records_nothing(self, framework, mailoutbox):
        user = make_user()
        make_item(framework, user, end=date(2026, 7, 1), title="Intervisie")
        output = run("2026-06-20", "--dry-run")
        assert mailoutbox == []
        assert not ReminderSent.objects.exists()
        assert f"would send item_ending to {user.email}: Intervisie" in output
        assert f"would send year_end to {user.email}" in output
        assert "Would send 2 reminder mail(s)" in output

    def test_it_refuses_a_malformed_date(self):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("send_reminders", "--today", "20-06-2026")


class QueryCountTests:
    """The selection takes the same number of queries for 3 users as for 12."""

    TODAY = "2026-07-20"  # both kinds are due: items ending on 25 July, and the year end

    def users_with_items(self, framework, count: int) -> None:
        for n in range(count):
            user = make_user(f"docent{n}@example.nl")
            make_item(framework, user, end=date(2026, 7, 25), title=f"Activiteit {n}a")
            make_item(framework, user, end=date(2026, 7, 28), title=f"Activiteit {n}b")

    @pytest.mark.parametrize("count", [3, 12])
    def test_it_selects_in_a_fixed_number_of_queries(
        self, framework, mailoutbox, django_assert_max_num_queries, count
    ):
        self.users_with_items(framework, count)
        with django_assert_max_num_queries(2):
            output = run(self.TODAY, "--dry-run")
        assert f"Would send {2 * count} reminder mail(s)" in output

    @pytest.mark.parametrize("count", [3, 12])
    def test_it_sends_with_a_fixed_number_of_selects(self, framework, mailoutbox, count):
        self.users_with_items(framework, count)
        with CaptureQueriesContext(connection) as queries:
            run(self.TODAY)
        selects = [
            q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        assert len(selects) == 2
        assert len(mailoutbox) == 2 * count
        assert ReminderSent.objects.count() == 3 * count  # two items and one school year per user


class SendFailureTests:
    def test_it_records_nothing_for_a_failed_mail_and_sends_the_others(
        self, framework, mailoutbox, monkeypatch
    ):
        from django.core.mail.backends.locmem import EmailBackend

        send = EmailBackend.send_messages

        def refuse_one(backend, messages):
            if messages[0].to == ["kapot@example.nl"]:
                raise smtplib.SMTPRecipientsRefused({"kapot@example.nl": (550, b"no")})
            return send(backend, messages)

        monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
        make_item(framework, make_user("kapot@example.nl"), end=date(2026, 3, 12))
        make_item(framework, make_user("heel@example.nl"), end=date(2026, 3, 12))
        with pytest.raises(CommandError, match="kapot@example.nl"):
            run("2026-03-02")
        assert [m.to for m in mailoutbox] == [["heel@example.nl"]]
        assert list(ReminderSent.objects.values_list("user__email", flat=True)) == ["heel@example.nl"]
