"""Production never runs on a public SECRET_KEY: start-up refuses the development key without DEBUG, and
``check --deploy`` fails on any key written in the repository."""

import pytest
from django.conf import settings

from ontwikkelwijzer.core.tests.test_security import run_manage

pytestmark = pytest.mark.django_db
PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "ontwikkelwijzer.example.nl"}


class SecretKeyTests:
    def test_the_old_switch_no_longer_starts_production_on_the_development_key(self):
        result = run_manage("check", ALLOW_DEV_SECRET_KEY="true", **PRODUCTION)
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr and "ALLOW_DEV_SECRET_KEY" in result.stderr

    def test_the_development_key_set_by_hand_does_not_start_production(self):
        result = run_manage("check", SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY, **PRODUCTION)
        assert result.returncode != 0 and "public development key" in result.stderr

    def test_check_deploy_fails_on_the_development_key(self):
        result = run_manage("check", "--deploy", DEBUG="true")  # DEBUG runs on it, deploying does not
        assert result.returncode != 0 and "ontwikkelwijzer.E001" in result.stdout + result.stderr

    def test_the_test_key_runs_the_tests_but_fails_check_deploy(self):
        assert run_manage("check", SECRET_KEY="test-only-secret-key", **PRODUCTION).returncode == 0
        result = run_manage("check", "--deploy", SECRET_KEY="test-only-secret-key", **PRODUCTION)
        assert result.returncode != 0 and "ontwikkelwijzer.E001" in result.stdout + result.stderr
