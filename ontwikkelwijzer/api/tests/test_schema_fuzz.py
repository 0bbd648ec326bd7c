"""schemathesis: generated requests against every operation of the OpenAPI document.

No request may give a server error, and every response must match the documented schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api_operations_match_their_schema(case, framework):
    case.call_and_validate()
