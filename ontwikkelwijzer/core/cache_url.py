"""``CACHE_URL``: where the page cache lives, as a Django ``CACHES`` entry (docs/deployment.md).

- empty or ``locmem://``: each process's own memory (the default; one machine, one process is enough);
- ``db://`` or ``db://<table>``: a table in the app's database (``DatabaseCache``), shared by every app
  process that uses that database; ``core_cache`` unless named;
- ``redis://[[user]:password@]host[:port][/db]`` or ``rediss://...`` (TLS): a Redis server (``RedisCache``).

Anything else (memcached too: pymemcache is not a dependency) stops the start-up with ImproperlyConfigured.

The table of ``db://`` is made by ``migrate``: after every migrate, ``create_cache_tables`` (connected to
``post_migrate`` in ``CoreConfig.ready``) runs ``createcachetable``, which makes the table of every database
cache in ``CACHES`` that is missing and leaves the others alone. Not a migration like the throttle table's
(accounts 0002): a migration runs once, for a table name fixed when it was written, while this table's name
comes from ``CACHE_URL`` and may be set or changed on any later deploy; ``migrate`` runs on every deploy
(docs/deployment.md, "Steps").
"""

import re
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import RedisError

DEFAULT_TABLE = "core_cache"
LOCMEM_LOCATION = "ontwikkelwijzer"
REDIS_KEY_PREFIX = "ontwikkelwijzer"
# A slow or unreachable Redis costs a page at most this long before it is built without the cache.
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
TABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}", re.ASCII)
REDIS_DB_RE = re.compile(r"/(\d{1,5})?", re.ASCII)
FORMS = "locmem://, db://, db://<table>, redis://host:port/<db> or rediss://host:port/<db>"

# What a cache backend raises when its server cannot be reached or refuses: the page cache then builds
# the page without it (framework.cache). Not DatabaseError: a missing cache table is a deploy error.
UNAVAILABLE: tuple[type[Exception], ...] = (RedisError, OSError)


def cache_from_url(
    url: str | None, *, max_entries: int, taken_tables: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The CACHES entry for ``url``. ``max_entries`` bounds the local memory and database caches (Redis
    is bounded by its own ``maxmemory``); ``taken_tables`` are tables of other caches, refused for db://."""
    url = (url or "").strip()
    if not url:
        url = "locmem://"
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number raises ValueError here
    except ValueError as exc:
        raise _bad(url, f"it is not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if not scheme or "://" not in url:
        raise _bad(url, "it is not of the form scheme://...")
    if parts.query or parts.fragment:
        raise _bad(url, "it takes no query (?...) or fragment (#...)")
    if scheme == "locmem":
        if parts.netloc or parts.path:
            raise _bad(url, "locmem:// takes nothing after it")
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": LOCMEM_LOCATION,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme == "db":
        table = parts.netloc or DEFAULT_TABLE
        if parts.path or "@" in table or ":" in table or not TABLE_RE.fullmatch(table):
            raise _bad(url, "db:// takes only a table name (letters, digits and _, starting with a letter)")
        if table in taken_tables:
            raise _bad(url, f"the table {table!r} belongs to another cache; name a table of its own")
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in ("redis", "rediss"):
        if not parts.hostname:
            raise _bad(url, f"{scheme}:// needs a host, as in {scheme}://host:6379/0")
        if port == 0 or not REDIS_DB_RE.fullmatch(parts.path or "/"):
            raise _bad(url, "the port must be 1-65535 and the path a database number, as in /0")
        # The user name and password go to OPTIONS (redis-py takes them from there when the URL has
        # none), where Django's error reports hide a "password"; the URL keeps the rest.
        options: dict[str, Any] = dict(REDIS_OPTIONS)
        if parts.username:
            options["username"] = unquote(parts.username)
        if parts.password:
            options["password"] = unquote(parts.password)
        host = parts.netloc.rpartition("@")[2]
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit((scheme, host, parts.path, "", "")),
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            "OPTIONS": options,
        }
    if scheme in ("memcached", "pymemcache"):
        raise _bad(url, "memcached is not supported (pymemcache is not installed); use redis:// or db://")
    raise _bad(url, f"the scheme {scheme!r} is not supported")


def redacted(url: str) -> str:
    """``url`` with its password (if any) replaced by ***, for messages and logs."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "<not a URL>"
    if not password:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{host}").geturl()


def _bad(url: str, why: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"CACHE_URL {redacted(url)!r} is not usable: {why}. Use one of {FORMS}.")


def create_cache_tables(*, app_config: Any, using: str, **kwargs: Any) -> None:
    """Make the table of every database cache in CACHES that has none yet (after each migrate; the
    signal comes once per app, this answers core's)."""
    if app_config.label != "core":
        return
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
