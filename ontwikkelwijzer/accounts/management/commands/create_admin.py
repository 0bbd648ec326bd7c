"""The installation's first administrator: ``python manage.py create_admin``.

It asks for an e-mail address (or takes ``--email``), makes the account an operator of this installation
(``is_staff``: they create schools in the app's own school administration, at /organisatie/schoolbeheer/;
nothing in Django's admin at /beheer/ unless ``--superuser``) and mails a link to choose a password; in
development, or with ``--print-link``, the link is printed too. Choosing the password through the link
proves the address. Running it again for the same address sends a fresh link and changes nothing else.

``--check`` only says whether the installation has an administrator yet, and how to make one (``make run``
calls it).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.verification import account_mail


def password_link(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL + path


def administrator_make(*, email: str, superuser: bool = False) -> tuple[User, bool]:
    """The account for ``email`` as the installation's operator; (user, created)."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, password=None)
        user.is_staff = True
        user.is_active = True
        if superuser:
            user.is_superuser = True
        user.save(update_fields=["is_staff", "is_active", "is_superuser"])
    return user, created


class Command(BaseCommand):
    help = "Make the first administrator: asks for an e-mail address and sends a link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("--email", help="the administrator's e-mail address (asked when left out)")
        parser.add_argument(
            "--superuser", action="store_true", help="also give full access to Django's admin at /beheer/"
        )
        parser.add_argument("--print-link", action="store_true", help="print the link (also without DEBUG)")
        parser.add_argument(
            "--check", action="store_true", help="only say whether there is an administrator yet"
        )

    def handle(self, *args, **options):
        if options["check"]:
            if not User.objects.filter(is_staff=True, is_active=True).exists():
                self.stdout.write(
                    self.style.WARNING(
                        "No administrator yet. Make the first one with: make admin "
                        "(or: python manage.py create_admin)"
                    )
                )
            return
        email = (options["email"] or input("E-mail address of the administrator: ")).strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not a valid e-mail address.") from None
        user, created = administrator_make(email=email, superuser=options["superuser"])
        link = password_link(user)
        with translation.override(settings.LANGUAGE_CODE):
            account_mail(
                "administrator", user, {"link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400}
            )
        self.stdout.write(
            f"{'Made' if created else 'Found'} the account {email}; it may create schools at "
            f"{settings.SITE_URL}{reverse('teams:admin_home')}. A link to choose a password was mailed."
        )
        if settings.DEBUG or options["print_link"]:
            self.stdout.write(f"The link (valid {settings.PASSWORD_RESET_TIMEOUT // 86400} days): {link}")
