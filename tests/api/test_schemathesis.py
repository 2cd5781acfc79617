"""Schemathesis against the API's own OpenAPI schema, through the WSGI application, with a token
of the Ministère (central: the widest view) on a portal with data in every state: no server
error, every status documented, every response valid against the schema. A few dozen examples
per operation keep it well under a minute.

(Each operation's Hypothesis strategy is driven here rather than through schemathesis' pytest
plugin, whose lazy-fixture mode does not run under this pytest.)"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import jeton_de

pytestmark = pytest.mark.django_db

EXEMPLES = 30
VERIFICATIONS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def application(settings):
    settings.API_LIMITE_REQUETES = 1_000_000
    # As Django's test client does: the end of a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_l_api_respecte_son_schema(application, monde):
    # Schemathesis' WSGI transport does not decode gzip: the client asks for plain bodies (the
    # compression itself is tested in tests/portail/test_page_legere.py).
    entetes = {"Authorization": f"Bearer {jeton_de(monde.a.central)}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [resultat.ok() for resultat in schema.get_all_operations()]
    assert len(operations) >= 11
    statuts = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXEMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def essayer(case):
            reponse = case.call_and_validate(headers=entetes, checks=VERIFICATIONS)
            statuts.setdefault(case.operation.path, set()).add(reponse.status_code)

        essayer()
    # Every operation was called; lists answered, and forged filters and identifiers were refused.
    assert len(statuts) == len(operations)
    tous = set().union(*statuts.values())
    assert {200, 404, 422} <= tous, statuts
