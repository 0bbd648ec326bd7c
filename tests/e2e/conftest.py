"""Browser tests: Playwright driving Chromium against a live server started by the test.

On machines without Playwright's own browser (CI here), Debian's chromium is used; set CHROMIUM_PATH
to point elsewhere. A developer who ran `playwright install chromium` needs nothing extra.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches

from ontwikkelwijzer.framework.services import framework_load
from tests.e2e.journey import Journey

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server and Playwright share a thread


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    return {**browser_type_launch_args, **({"executable_path": path} if path else {}), "args": args}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the framework loaded, and no mail or sign-in counters left by an earlier test
    (their cache table is not one of the tables a transactional test empties)."""
    framework_load(path=settings.FRAMEWORK_FILE)
    caches["throttle"].clear()
    return live_server


@pytest.fixture
def journey(page, request):
    return Journey(page, request.node.name)
