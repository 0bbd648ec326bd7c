"""Addresses as mailboxes: which spellings reach one person, and which a school vouches for."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.addresses import (
    FREE_MAIL_DOMAINS,
    mailbox,
    parse_domains,
    same_mailbox,
    vouched,
)


@pytest.mark.parametrize(
    "spelling",
    ['"beheer"@oost.nl', '"beh\\eer"@oost.nl', "Beheer+tl@OOST.nl", "beheer@ｏost.nl", " beheer@oost.nl "],
)
def test_other_spellings_of_one_mailbox_are_that_mailbox(spelling):
    assert mailbox(spelling) == "beheer@oost.nl" and same_mailbox(spelling, "beheer@oost.nl")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("jan.de-vries@school.nl", True),
        ("JAN@School.NL", True),
        ("jan+x@school.nl", False),
        ('"jan"@school.nl', False),
        ("jan@sub.school.nl", False),
        ("jan@school.nl.evil.nl", False),
        ("@school.nl", False),
    ],
)
def test_a_school_vouches_for_plain_addresses_at_its_domains_only(address, expected):
    assert vouched(address, ["school.nl"]) is expected


@given(st.emails())
def test_without_domains_every_address_counts_and_a_plus_never_hides_the_mailbox(address):
    assert vouched(address, [])
    local, _, domain = address.rpartition("@")
    assert same_mailbox(f"{local}+extra@{domain}", address)


def test_the_big_mail_providers_are_known():
    assert {"gmail.com", "outlook.com", "hotmail.com", "ziggo.nl", "kpnmail.nl"} <= FREE_MAIL_DOMAINS
    assert parse_domains("@School.nl; roc.nl roc.nl") == ["school.nl", "roc.nl"]
