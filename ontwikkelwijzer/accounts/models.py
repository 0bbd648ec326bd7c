from decimal import Decimal

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        """An account whose address counts as confirmed, unless ``email_verified_at=None`` (sign-up)."""
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person using Ontwikkelwijzer; signs in with an e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Your appointment as a fraction of a full-time job, for example 0.8."),
    )
    # When the person proved the address is theirs: a mailed link (sign-up confirmation, password reset) or a
    # provider that vouches for it. Only the public sign-up makes accounts with None; every other way in
    # (import, invitation, admin, single sign-on) is by someone who vouches for the address.
    email_verified_at = models.DateTimeField(
        _("e-mail address confirmed at"), null=True, blank=True, default=timezone.now
    )
    # The single sign-on provider's ``sub`` for this person, once linked; later sign-ons match on it first.
    oidc_subject = models.CharField(
        _("single sign-on subject"), max_length=255, unique=True, null=True, blank=True, editable=False
    )
    reminders_enabled = models.BooleanField(
        _("send me reminders"),
        default=True,
        help_text=_("E-mail when a planned activity ends soon without a log entry or reflection."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__gt=0, fte__lte=1), name="user_fte_between_0_and_1"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.first_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
