import json
import logging
import sys

from django.test import RequestFactory

from ontwikkelwijzer.core.logging import JsonFormatter


class JsonLogTests:
    def test_a_record_becomes_one_json_line_with_the_request(self):
        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None
        )
        record.request = RequestFactory().get("/x")
        record.status_code = 404
        entry = json.loads(JsonFormatter().format(record))
        assert entry["message"] == "Not Found: /x" and entry["level"] == "WARNING"
        assert entry["path"] == "/x" and entry["method"] == "GET" and entry["status_code"] == 404

    def test_an_exception_is_included(self):
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
        assert "ValueError: boom" in json.loads(JsonFormatter().format(record))["exception"]
