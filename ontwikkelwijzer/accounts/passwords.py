"""Django's password rules with the site's own words: in Dutch with "je", as the rest of the site speaks.

Django's Dutch catalogue says "Uw wachtwoord …" where this site says "je", writes "lijkt te veel op de
e-mailadres", and had no Dutch for the newest wording of the minimum length, which showed in English. The
rules themselves are Django's (``AUTH_PASSWORD_VALIDATORS``)."""

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Your password is too much like your %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Your password must not be too much like your name or e-mail address.")


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must be at least %(min_length)d character long.",
            "Your password must be at least %(min_length)d characters long.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is used by many people: choose one that is harder to guess.")

    def get_help_text(self) -> str:
        return _("Your password must not be one that many people use.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is only digits: add letters or other characters.")

    def get_help_text(self) -> str:
        return _("Your password must not be only digits.")
