"""Count the SQL queries of one GET per benchmark endpoint, in-process, on the database in the environment.

Run by bench/run.py as `python -m bench.count_queries` from the project root, with the same environment
as the benchmarked server (SQLITE_PATH, SECRET_KEY, ...). Prints one JSON object on stdout:
{"activities": N, "endpoints": {name: {"path", "status", "bytes", "content_type", "stylesheets", "error",
"queries", "sql"}}}; "stylesheets" are the hrefs of the `<link rel="stylesheet">` of an HTML page.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")


def main() -> int:
    import django

    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.endpoints import ENDPOINTS
    from bench.weight import stylesheet_hrefs
    from ontwikkelwijzer.framework.models import Activity

    client = Client(raise_request_exception=False)

    def get(path: str) -> tuple[int, bytes, str, str | None]:
        """(status, body, content type, error); an exception that escapes Django (even its 500 handler) is a
        500."""
        try:
            response = client.get(path)
        except Exception as exc:  # noqa: BLE001
            return 500, b"", "", f"{type(exc).__name__}: {exc}"
        return response.status_code, response.content, response.get("Content-Type", ""), None

    out = {"activities": Activity.objects.count(), "endpoints": {}}
    for name, path in ENDPOINTS:
        get(path)  # warm-up: caches, lazy imports, first-request work
        with CaptureQueriesContext(connection) as ctx:
            status, body, content_type, error = get(path)
        out["endpoints"][name] = {
            "path": path,
            "status": status,
            "bytes": len(body),
            "content_type": content_type,
            # The stylesheets an HTML page links, for its weight (bench/weight.py).
            "stylesheets": stylesheet_hrefs(body.decode(errors="replace"))
            if content_type.startswith("text/html")
            else [],
            "error": error,
            "queries": len(ctx.captured_queries),
            "sql": [q["sql"] for q in ctx.captured_queries],
        }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
