"""System checks that keep personal data safe in production (run by ``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# The key `make test` runs the tests with: written in the Makefile, so public.
TEST_SECRET_KEY = "test-only-secret-key"  # noqa: S105


def public_secret_keys() -> set[str]:
    """Keys anyone can read in this repository: the development key (config/settings.py) and the test key."""
    return {key for key in (getattr(settings, "DEVELOPMENT_SECRET_KEY", ""), TEST_SECRET_KEY) if key}


@register(Tags.security, deploy=True)
def secret_key_is_not_public(app_configs, **kwargs) -> list[Error]:
    """SECRET_KEY signs sessions and password-reset links: with a key anyone can read, anyone can sign in
    as anyone. Start-up refuses the development key without DEBUG (config/settings.py); this check also
    fails ``check --deploy`` when the key (or a fallback) is any public key."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    public = public_secret_keys()
    if any(key in public for key in keys):
        return [
            Error(
                "SECRET_KEY (or one of SECRET_KEY_FALLBACKS) is a public key from the repository.",
                hint="Set SECRET_KEY to a long random value of your own, for example the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="ontwikkelwijzer.E001",
            )
        ]
    return []
