"""Schemathesis against a live server: no request the schema allows is ever answered with a 500.

CI-sized by default (a few examples per operation); `make fuzz` sets FUZZ_MAX_EXAMPLES higher.
Writes are sent with a superuser's token, so the write paths are exercised too.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from tests.factories import AgreementFactory, MilestoneFactory, MineralFactory, PartyFactory, StageFactory

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))


@pytest.fixture
def fuzz_data(django_user_model):
    japan = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    agreement = AgreementFactory(slug="us-jp", parties=[japan], minerals=[MineralFactory(slug="rare-earths")])
    StageFactory(slug="processing")
    MilestoneFactory(agreement=agreement, due_on=None, offset_months=6)
    user = django_user_model.objects.create_superuser("fuzzer", "fuzzer@example.org", "fuzzer-password-123")
    return Token.objects.create(user=user).key


@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True)
def test_api_never_answers_with_a_server_error(live_server, fuzz_data):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    headers = {"Authorization": f"Token {fuzz_data}"}
    server_errors, statuses = [], []

    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/") or operation.path.startswith(("/api/schema", "/api/docs")):
            continue

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(base_url=live_server.url, headers=headers)
            statuses.append(response.status_code)
            if response.status_code >= 500:
                server_errors.append((case.method, case.formatted_path, case.query, case.body, response.text[:300]))

        check()

    assert not server_errors, server_errors[:5]
    # Not vacuous: the server answered, and some generated requests were accepted.
    assert len(statuses) >= 40
    assert any(200 <= code < 300 for code in statuses)
    assert any(code == 400 for code in statuses)
