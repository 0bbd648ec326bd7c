"""E-mail addresses as mailboxes: which addresses reach the same person, and which a school vouches for.

A school that sets its own e-mail domains (``teams.Organisation.email_domains``) vouches for the plain
addresses at them: its IT department makes those mailboxes, a team leader or an administrator cannot make
a second one for themselves. An address with a ``+tag`` (``ann+tl@school.nl``) reaches the mailbox
``ann@school.nl``: it is the same person, and it is not a plain address the school gave out.
"""

import re

# Providers anyone can get an address at: never a school's own domain (Organisation.email_domains).
FREE_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com outlook.com outlook.nl hotmail.com hotmail.nl live.com live.nl msn.com
    yahoo.com yahoo.nl ymail.com icloud.com me.com mac.com aol.com gmx.com gmx.net gmx.de web.de mail.com
    protonmail.com proton.me pm.me tutanota.com tuta.io zoho.com yandex.com fastmail.com hey.com
    ziggo.nl kpnmail.nl kpnplanet.nl planet.nl hetnet.nl home.nl xs4all.nl telfort.nl quicknet.nl
    chello.nl upcmail.nl tele2.nl online.nl caiway.nl zeelandnet.nl solcon.nl freedom.nl""".split()
)
PLAIN_LOCAL_RE = re.compile(r"[a-z0-9._-]+")  # what a school's IT hands out: no quotes, no + or other tricks
DOMAIN_RE = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def mailbox(address: str) -> str:
    """The mailbox an address delivers to, as far as we can tell: lower case, without quotes or escapes
    around the local part (``"beheer"@`` is ``beheer@``), without a +tag, the domain in its ASCII form
    (``ｓchool.nl`` and ``ſchool.nl`` are ``school.nl``)."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return domain
    local = local.replace("\\", "").strip('"').split("+", 1)[0]
    return f"{local}@{_ascii_domain(domain)}"


def _ascii_domain(domain: str) -> str:
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return domain


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
    """Whether the address is a plain address (letters, digits, dots, hyphens and underscores: no +tag, no
    quotes) at exactly one of the domains; without domains, any is."""
    if not domains:
        return True
    local, at, domain = address.strip().lower().rpartition("@")
    return bool(at) and PLAIN_LOCAL_RE.fullmatch(local) is not None and domain in domains
