"""E-mail addresses as mailboxes: which addresses reach the same person, and which a school vouches for.

A school that sets its own e-mail domains (``teams.Organisation.email_domains``) vouches for the plain
addresses at them: its IT department makes those mailboxes, a team leader or an administrator cannot make
a second one for themselves. An address with a ``+tag`` (``ann+tl@school.nl``) reaches the mailbox
``ann@school.nl``: it is the same person, and it is not a plain address the school gave out.
"""

import re

DOMAIN_RE = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def mailbox(address: str) -> str:
    """The mailbox an address delivers to, as far as we can tell: lower case, without a +tag."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return domain
    return f"{local.split('+', 1)[0]}@{domain}"


def same_mailbox(first: str, second: str) -> bool:
    return bool(first and second) and mailbox(first) == mailbox(second)


def parse_domains(text: str, *, strict: bool = True) -> list[str]:
    """The domains in a text (separated by commas, semicolons or spaces; an ``@`` in front is dropped),
    lower case, each once, in the order given. Raises ValueError naming the first that is no domain, or
    (not ``strict``) leaves it out."""
    found: list[str] = []
    for part in re.split(r"[\s,;]+", text.strip().lower()):
        domain = part.removeprefix("@")
        if not domain:
            continue
        if not DOMAIN_RE.fullmatch(domain):
            if strict:
                raise ValueError(part)
            continue
        if domain not in found:
            found.append(domain)
    return found


def vouched(address: str, domains: list[str]) -> bool:
    """Whether the address is a plain address (no +tag) at one of the domains; without domains, any is."""
    if not domains:
        return True
    local, at, domain = address.strip().lower().rpartition("@")
    return bool(at and local) and "+" not in local and domain in domains
