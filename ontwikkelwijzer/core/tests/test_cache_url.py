"""CACHE_URL (core.cache_url): every form it takes, the ones it refuses, the table migrate makes for db://,
and how the page cache (framework.cache) stores pages in whatever it names: never a page built while the
framework changed, and without it when it cannot be reached."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.signals import post_migrate
from django.http import HttpResponse
from django.test import RequestFactory
from redis import ConnectionPool

from ontwikkelwijzer.core.cache_url import DEFAULT_TABLE, cache_from_url, create_cache_tables, redacted
from ontwikkelwijzer.framework import cache as page_cache
from ontwikkelwijzer.framework import models
from ontwikkelwijzer.framework.cache import public_cache
from ontwikkelwijzer.framework.selectors import framework_marker
from ontwikkelwijzer.framework.services import framework_load

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
DATABASE = "django.core.cache.backends.db.DatabaseCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def parse(url: str | None) -> dict:
    return cache_from_url(url, max_entries=123, taken_tables=frozenset({"accounts_throttle"}))


class FormTests:
    @pytest.mark.parametrize("url", [None, "", "  ", "locmem://", "LOCMEM://"])
    def test_nothing_or_locmem_is_local_memory_as_before(self, url):
        assert parse(url) == {
            "BACKEND": LOCMEM,
            "LOCATION": "ontwikkelwijzer",
            "OPTIONS": {"MAX_ENTRIES": 123},
        }

    def test_db_is_a_table_in_the_database(self):
        assert parse("db://") == {
            "BACKEND": DATABASE,
            "LOCATION": DEFAULT_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 123},
        }
        assert parse("db://pagina_cache")["LOCATION"] == "pagina_cache"

    def test_redis_without_a_password(self):
        entry = parse("redis://cache.school.nl:6379/0")
        assert entry["BACKEND"] == REDIS
        assert entry["LOCATION"] == "redis://cache.school.nl:6379/0"
        assert entry["KEY_PREFIX"] == "ontwikkelwijzer"
        assert "password" not in entry["OPTIONS"] and "username" not in entry["OPTIONS"]
        assert entry["OPTIONS"]["socket_connect_timeout"] > 0 and entry["OPTIONS"]["socket_timeout"] > 0

    @pytest.mark.parametrize(
        ("url", "location", "username", "password"),
        [
            ("redis://:geheim@cache:6379/2", "redis://cache:6379/2", None, "geheim"),
            (
                "rediss://app:p%40ss%3Aw@cache.school.nl:6380/1",
                "rediss://cache.school.nl:6380/1",
                "app",
                "p@ss:w",
            ),
            ("redis://cache", "redis://cache", None, None),
            ("redis://[::1]:6379/0", "redis://[::1]:6379/0", None, None),
        ],
    )
    def test_redis_credentials_move_out_of_the_url(self, url, location, username, password):
        entry = parse(url)
        assert entry["LOCATION"] == location
        assert entry["OPTIONS"].get("username") == username
        assert entry["OPTIONS"].get("password") == password
        # What Django's RedisCache hands redis-py: the options count where the URL has none.
        pool = ConnectionPool.from_url(entry["LOCATION"], **entry["OPTIONS"])
        assert pool.connection_kwargs.get("password") == password
        assert (pool.connection_class.__name__ == "SSLConnection") == url.startswith("rediss://")


class RefusedTests:
    @pytest.mark.parametrize(
        "url",
        [
            "memcached://127.0.0.1:11211",
            "mysql://localhost/cache",
            "file:///tmp/cache",
            "redis",
            "db:pagina_cache",
            "db://pagina-cache",
            "db://1pagina",
            "db://pagina_cache/extra",
            "db://user@pagina_cache",
            "db://accounts_throttle",
            "locmem://naam",
            "redis://",
            "redis://:geheim@:6379/0",
            "redis://cache:poort/0",
            "redis://cache:70000/0",
            "redis://cache:0/0",
            "redis://cache:6379/nul",
            "redis://cache:6379/0/1",
            "redis://cache:6379/0?ssl_cert_reqs=none",
            "redis://cache:6379/0#x",
            "redis://[::1/0",
        ],
    )
    def test_a_bad_url_stops_the_start_naming_cache_url(self, url):
        with pytest.raises(ImproperlyConfigured, match="^CACHE_URL .* Use one of locmem://"):
            parse(url)

    def test_memcached_says_what_to_use_instead(self):
        with pytest.raises(ImproperlyConfigured, match="memcached is not supported.*use redis:// or db://"):
            parse("memcached://127.0.0.1:11211")

    def test_the_throttle_table_is_not_shared(self):
        with pytest.raises(ImproperlyConfigured, match="belongs to another cache"):
            parse("db://accounts_throttle")

    def test_the_message_never_shows_the_password(self):
        with pytest.raises(ImproperlyConfigured) as refused:
            parse("redis://app:geheim@cache:6379/nul")
        assert "geheim" not in str(refused.value) and "app:***@cache" in str(refused.value)
        assert redacted("rediss://:geheim@cache/0") == "rediss://:***@cache/0"

    def test_the_app_does_not_start_with_a_bad_cache_url(self):
        env = {**os.environ, "CACHE_URL": "redis://:geheim@cache:6379/nul"}
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode != 0
        assert "ImproperlyConfigured: CACHE_URL 'redis://:***@cache:6379/nul' is not usable" in result.stderr
        assert "geheim" not in result.stderr


@pytest.mark.django_db
class CacheTableTests:
    def test_migrate_makes_the_table_of_a_database_cache(self, settings):
        settings.CACHES = {**settings.CACHES, "default": parse("db://pagina_cache_test")}
        assert "pagina_cache_test" not in connection.introspection.table_names()
        core = apps.get_app_config("core")
        post_migrate.send(sender=core, app_config=core, verbosity=0, interactive=False, using="default")
        assert "pagina_cache_test" in connection.introspection.table_names()

    def test_only_once_per_migrate(self, settings):
        settings.CACHES = {**settings.CACHES, "default": parse("db://pagina_cache_test")}
        create_cache_tables(app_config=apps.get_app_config("accounts"), using="default")
        assert "pagina_cache_test" not in connection.introspection.table_names()


def _view(builds: list[str], during=None):
    """A public view that counts its builds; ``during`` runs while the first is being built."""

    @public_cache
    def view(request):
        builds.append(framework_marker())
        if during is not None and len(builds) == 1:
            during()
        return HttpResponse(f"build {len(builds)}", content_type="text/plain")

    return view


def _changed_file(tmp_path: Path) -> Path:
    data = yaml.safe_load(Path(settings.FRAMEWORK_FILE).read_text(encoding="utf-8"))
    data["activities"][0]["name"] = "Een andere naam"
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class PageStoreTests:
    def test_an_unchanged_framework_stores_the_page(self, framework):
        builds: list[str] = []
        view = _view(builds)
        assert view(RequestFactory().get("/x/")).content == b"build 1"
        assert view(RequestFactory().get("/x/")).content == b"build 1"
        assert len(builds) == 1

    def test_a_page_built_while_the_framework_changed_is_not_stored(self, framework, tmp_path):
        """The file loaded again (a release undone) brings the old marker back: its key must not hold a
        page of the framework loaded in between."""
        builds: list[str] = []
        view = _view(builds, during=lambda: framework_load(path=_changed_file(tmp_path)))
        assert view(RequestFactory().get("/x/")).content == b"build 1"
        framework_load(path=settings.FRAMEWORK_FILE)  # back to the marker the first build's key has
        assert framework_marker() == builds[0]
        assert view(RequestFactory().get("/x/")).content == b"build 2"

    def test_an_out_of_date_marker_stores_nothing_and_is_read_again(self, framework, settings):
        settings.FRAMEWORK_MARKER_SECONDS = 60
        remembered = framework_marker()
        models.Framework.objects.update(checksum="elders-geladen")  # as another process's load would
        builds: list[str] = []
        view = _view(builds)
        view(RequestFactory().get("/x/"))
        assert builds == [remembered]  # built under the remembered marker, not stored ...
        assert framework_marker().endswith(":elders-geladen")  # ... and the marker is read again
        view(RequestFactory().get("/x/"))
        view(RequestFactory().get("/x/"))
        assert len(builds) == 2  # the second is stored under the new marker and served

    def test_an_unreachable_cache_serves_the_pages_without_it(
        self, client, framework, settings, caplog, monkeypatch
    ):
        monkeypatch.setattr(page_cache, "_warned_at", None)
        settings.CACHES = {**settings.CACHES, "default": parse(f"redis://127.0.0.1:{_closed_port()}/0")}
        first = client.get("/activiteiten/")
        second = client.get("/activiteiten/")
        assert first.status_code == second.status_code == 200
        assert "Co-assessment met praktijkopleiders" in second.content.decode()
        assert "The page cache is unavailable" in caplog.text


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
