"""schemathesis: generated requests against every operation of the OpenAPI document.

No request may give a server error, and every response must match the documented schema. The scan
statement codes are data of the current framework version, not of the schema: a request with codes the
framework does not have is schema-valid and still refused (422), so that one check is left out there.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ontwikkelwijzer.framework.models import ScanStatement

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def wsgi_in_test_transaction():
    """Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api_operations_match_their_schema(case, framework, wsgi_in_test_transaction):
    answers = case.body.get("answers") if isinstance(case.body, dict) else None
    known = set(ScanStatement.objects.values_list("code", flat=True))
    if isinstance(answers, dict) and set(answers) - known:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])
    else:
        case.call_and_validate()
