import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
TEST_ONLY_ENV = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "HTTPS",
    "STATIC_MANIFEST",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class SecurityHeaderTests:
    @pytest.mark.parametrize("url", ["/", "/activiteiten/", "/api/v1/framework", "/bestaat-niet/"])
    def test_every_response_carries_the_security_headers(self, client, framework, url):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"

    def test_pages_have_no_inline_script_or_style(self, client, framework):
        html = client.get("/activiteiten/").content.decode()
        assert "<script" not in html and "style=" not in html

    def test_the_health_endpoint_checks_the_database(self, client):
        response = client.get("/health")
        assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


class DeploySettingsTests:
    def test_start_up_stops_without_a_secret_key(self):
        result = run_manage("check", DEBUG="false")
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr

    def test_check_deploy_passes_with_production_settings(self):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DEBUG="false",
            SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
            ALLOWED_HOSTS="ontwikkelwijzer.example.nl",
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def test_production_cookies_are_secure(self):
        result = run_manage(
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)",
            DEBUG="false",
            SECRET_KEY="k" * 60,
        )
        assert result.stdout.split() == ["True", "True", "True", "Lax"], result.stderr
