"""Every operation of the explorer's OpenAPI schema fuzzed (schemathesis): no server error, and
every answer as the schema documents it (status code, content type, headers, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig

from multivector.config import Settings

#: Examples per operation: positive (valid by the schema) and negative (not) cases together.
EXAMPLES = 25

# A request the schema admits may still get a documented 400: whether the store has data for a
# year, or from= comes with to=, is not something OpenAPI can say. Every other check stands.
ACCEPTED = ["2XX", 400, 404]
#: Seconds one answer may take: a cold classification with its sensitivity runs the theory engine
#: under every parameter setting (schemathesis' default, 10 s, failed on a busy two-core machine).
ANSWER_TIMEOUT_S = 300
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}})


@pytest.fixture(scope="module")
def api_schema(explorer_config: Settings):
    from multivector.web.app import create_app

    app = create_app(explorer_config)
    yield schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
    app.state.answers.close()  # the findings judged in the background stop
    app.state.answers.wait(300)
    app.state.mappings.wait(300)


def fuzz(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def answer_as_documented(case) -> None:
        case.call_and_validate(timeout=ANSWER_TIMEOUT_S)

    answer_as_documented()


@pytest.mark.slow
def test_every_operation_answers_as_documented_and_never_fails(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:
        fuzz(operation)
