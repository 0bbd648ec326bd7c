"""Shared test fixtures. Browser fixtures live in tests/e2e/conftest.py."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from ontwikkelwijzer.framework.selectors import framework_marker_forget, framework_snapshot
from ontwikkelwijzer.framework.services import framework_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the framework once into the test database."""
    with django_db_blocker.unblock():
        framework_load(path=settings.FRAMEWORK_FILE)


@pytest.fixture
def framework(db):
    """The real framework (loaded again when a transactional test has emptied the database), with its
    snapshot read, as a running server has it after its first request: a test that counts queries counts
    what a request costs, whichever tests ran before it."""
    loaded = framework_load(path=settings.FRAMEWORK_FILE).framework
    framework_snapshot(framework=loaded)
    return loaded


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty page cache. The framework's snapshot (``framework_snapshot``) is kept:
    it is kept per framework row and checksum, as in production, where only a load (which forgets it)
    changes the framework's rows; a test that changes them another way forgets it itself."""
    cache.clear()
    framework_marker_forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. The language middleware activates the language of
    each request for the thread it runs in, so a test client's request in English would otherwise leave
    English active for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that check the hasher set it themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def school(db):
    """A school (an organisation) without members; tests add the people they need."""
    from ontwikkelwijzer.teams.models import Organisation

    return Organisation.objects.create(name="ROC Oost")


@pytest.fixture
def team(school):
    from ontwikkelwijzer.teams.models import Team

    return Team.objects.create(organisation=school, name="Zorg")
