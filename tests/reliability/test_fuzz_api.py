"""Fuzzing the API from its OpenAPI schema with schemathesis, on a live server and real PostgreSQL.

The one fuzz suite of the project. Every operation of `/api/schema/` is driven with generated
input, anonymously and with an editor's token (every agreements permission, so the write paths
run too); every response must be free of 5xx and conform to the schema (status code, content
type, headers, body), and a write without credentials must be refused (the schema documents
reads as open and writes as token/session). The suite runs a CI-sized number of examples
(deterministic); `make fuzz` runs the long, random version (FUZZ_MAX_EXAMPLES, default 500).
"""

import json
import os
import zlib
from collections import Counter, defaultdict

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.config import SchemathesisConfig

from accounts.models import ApiToken
from agreements.models import (
    Agreement,
    Discrepancy,
    Evidence,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    Party,
    Project,
    ReportedAmount,
    ValueChainStage,
    Watch,
)
from tests.factories import (
    InstrumentFactory,
    MilestoneFactory,
    MineralListFactory,
    PartyFactory,
    StageFactory,
    WatchFactory,
)
from tests.reliability.conftest import make_sample_records

LONG_RUN = "FUZZ_MAX_EXAMPLES" in os.environ
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "8"))

pytestmark = [pytest.mark.django_db(transaction=True)]


def served_schema() -> dict:
    """The document `/api/schema/` serves, built in-process at collection (no server needed yet).

    (schemathesis' lazy `from_fixture` loader is broken on pytest 9: it reads `node._nodeid`.)
    """
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


# Checks off, and why:
# - positive_data_acceptance: rules that span fields or rows (a country needs its ISO code, a
#   deadline is absolute XOR relative, slugs are unique, referenced slugs must exist) can't be
#   written in OpenAPI, so schema-valid input is rightly refused with a 400.
# - negative_data_rejection: DRF is lenient by design where it does no harm: numbers are taken
#   as strings (`"name": 0`), an unusable `page_size` or an empty `ordering` falls back to the
#   default. Refusal of real bad input is asserted case by case in test_bad_input.py.
CONFIG = SchemathesisConfig.from_str(
    f"""
[phases.coverage]
enabled = {"true" if LONG_RUN else "false"}
[checks.positive_data_acceptance]
enabled = false
[checks.negative_data_rejection]
enabled = false
"""
)

# The served schema as it is: `?format=` (errors are JSON under any format), JSON-only bodies,
# blank URLs and open reads are all documented truthfully now.
schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)

# The status codes of the validated answers, per role: proves the fuzzer got past the host
# check and authentication, and reached validation, instead of passing on a wall of errors.
ANSWERS: dict[str, Counter] = {"anonymous": Counter(), "editor": Counter()}
# The status codes per operation and role, for the operations on one record ({slug} or {id}).
REACHED: dict[str, defaultdict[str, Counter]] = {"anonymous": defaultdict(Counter), "editor": defaultdict(Counter)}

# Where a real identifier for an operation's {slug} or {id} comes from, by the path's resource.
REAL_IDENTIFIERS = {
    "/api/agreements/": lambda: Agreement.objects.values_list("slug", flat=True),
    "/api/parties/": lambda: Party.objects.values_list("slug", flat=True),
    "/api/minerals/": lambda: Mineral.objects.values_list("slug", flat=True),
    "/api/stages/": lambda: ValueChainStage.objects.values_list("slug", flat=True),
    "/api/instruments/": lambda: Instrument.objects.values_list("id", flat=True),
    "/api/milestones/": lambda: Milestone.objects.values_list("id", flat=True),
    "/api/projects/": lambda: Project.objects.values_list("slug", flat=True),
    "/api/watches/": lambda: Watch.objects.values_list("id", flat=True),
    "/api/evidence/": lambda: Evidence.objects.values_list("id", flat=True),
    "/api/discrepancies/": lambda: Discrepancy.objects.values_list("id", flat=True),
    "/api/mineral-lists/": lambda: MineralList.objects.values_list("slug", flat=True),
}


def aim_at_a_real_record(case) -> None:
    """Half the cases of an operation on {slug} or {id} (chosen by the generated value, so runs
    are repeatable) get the identifier of a record that exists: generated identifiers alone only
    ever reach the 404, never the read, the validation of a change or the delete."""
    if not case.path_parameters:
        return
    (name, value), *_others = case.path_parameters.items()
    if zlib.crc32(repr(value).encode()) % 2:
        return
    resource = case.operation.path.split("{")[0]
    real = list(REAL_IDENTIFIERS[resource]()[:1])
    if real:
        case.path_parameters[name] = real[0]


# The status codes of the list reads (`GET /api/x/`) per role.
LISTED: dict[str, defaultdict[str, Counter]] = {"anonymous": defaultdict(Counter), "editor": defaultdict(Counter)}


def record(role: str, case, response) -> None:
    ANSWERS[role][response.status_code] += 1
    if "{" in case.operation.path:
        REACHED[role][f"{case.method.upper()} {case.operation.path}"][response.status_code] += 1
    elif case.method.upper() == "GET":
        LISTED[role][case.operation.path][response.status_code] += 1


@pytest.fixture
def fuzz_world(sample_records, monkeypatch):
    """Records for the reads to return, and no rate limit (the fuzzer is faster than any user).

    Besides one of each main record: a relative deadline (six months after signing) and a
    country and a stage under the slugs real clients use most.
    """
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    MilestoneFactory(agreement=sample_records, due_on=None, offset_months=6)
    PartyFactory(slug="jp", iso_code="JP", name="Japan")
    StageFactory(slug="processing")
    InstrumentFactory(agreement=sample_records)
    discrepancy = Discrepancy.objects.create(agreement=sample_records, topic="Signing date")
    discrepancy.claims.create(claim="28 October", grade="primary", source_url="https://example.org/a")
    MineralListFactory()
    return sample_records


@pytest.fixture
def editor_key(editor, fuzz_world):
    WatchFactory(user=editor, agreement=fuzz_world)
    return ApiToken.objects.issue(user=editor, name="fuzz")[1]


FUZZ_SETTINGS = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=not LONG_RUN,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate] if not LONG_RUN else list(Phase),
)


@pytest.mark.fuzz
@schema.parametrize()
@FUZZ_SETTINGS
def test_api_anonymous_gets_no_server_error_and_schema_conforming_answers(case, live_server, fuzz_world):
    aim_at_a_real_record(case)
    response = case.call_and_validate(base_url=live_server.url)
    record("anonymous", case, response)


@pytest.mark.fuzz
@schema.parametrize()
@FUZZ_SETTINGS
def test_api_with_a_token_gets_no_server_error_and_schema_conforming_answers(case, live_server, fuzz_world, editor_key):
    aim_at_a_real_record(case)
    response = case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Token {editor_key}"})
    record("editor", case, response)


@pytest.mark.fuzz
def test_the_fuzzed_schema_is_the_one_the_live_server_serves(live_server):
    import requests

    response = requests.get(f"{live_server.url}/api/schema/", headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 200
    assert response.json() == served_schema()
    # Every API operation is fuzzed, and only those (not the schema or the docs pages).
    paths = set(served_schema()["paths"])
    assert {
        "/api/agreements/",
        "/api/agreements/{slug}/",
        "/api/watches/{id}/",
        "/api/evidence/",
        "/api/evidence/{id}/",
        "/api/scorecards/",
    } <= paths
    assert all(path.startswith("/api/") and not path.startswith(("/api/schema", "/api/docs")) for path in paths)


def successes(role: str) -> int:
    return sum(count for code, count in ANSWERS[role].items() if 200 <= code < 300)


@pytest.mark.fuzz
def test_the_fuzzer_reached_the_application():
    """Runs after the fuzz tests in file order: for each role, many calls answered, many accepted,
    and (with the token) some refused by validation, with a 400."""
    if not any(ANSWERS.values()):
        pytest.skip("the fuzz tests did not run in this session (deselected)")
    for role, answers in ANSWERS.items():
        assert answers.total() >= 40, (role, answers)
        assert successes(role) >= 10, (role, answers)
    assert ANSWERS["editor"][400] >= 1, ANSWERS


@pytest.mark.fuzz
def test_the_fuzzer_reached_a_record_through_every_operation_on_one():
    """Every operation on {slug} or {id} answered something other than a 404 at least once: with
    the token, every read, change and delete reached a real record; anonymously, every read did
    (watches are for signed-in users: 401)."""
    if not any(REACHED.values()):
        pytest.skip("the fuzz tests did not run in this session (deselected)")
    operations = {
        f"{method.upper()} {path}" for path, item in served_schema()["paths"].items() if "{" in path for method in item
    }
    assert set(REACHED["editor"]) == operations
    for operation in sorted(operations):
        statuses = REACHED["editor"][operation]
        assert set(statuses) - {404}, (operation, statuses)
        if operation.startswith("GET ") and "/api/watches/" not in operation:
            assert 200 in REACHED["anonymous"][operation], (operation, REACHED["anonymous"][operation])


@pytest.mark.fuzz
def test_the_fuzzer_got_rows_from_every_list():
    """Every list (evidence and scorecards included) answered 200 at least once in each role
    (watches: signed-in users only), so generated filters did not only ever meet a 400."""
    if not any(LISTED.values()):
        pytest.skip("the fuzz tests did not run in this session (deselected)")
    lists = {path for path, item in served_schema()["paths"].items() if "{" not in path and "get" in item}
    for role, listed in LISTED.items():
        assert set(listed) == lists, role
        for path in sorted(lists - ({"/api/watches/"} if role == "anonymous" else set())):
            assert 200 in listed[path], (role, path, listed[path])


STATEFUL_ANSWERS: Counter = Counter()


def reset_world(rebuild) -> None:
    """The same records before every workflow: Hypothesis replays a workflow by its choices, which
    only works when the server answers the same way each time."""
    for model in (
        Watch,
        Evidence,
        Milestone,
        ReportedAmount,
        Instrument,
        Project,
        Discrepancy,
        Agreement,
        MineralList,
        Mineral,
        ValueChainStage,
        Party,
    ):
        model.objects.all().delete()
    rebuild()


@pytest.mark.fuzz
def test_api_workflows_get_no_server_error(live_server, fuzz_world, editor_key, editor):
    """Schemathesis' stateful phase: sequences of calls that feed what one answer holds (a created
    agreement's slug, a milestone's id) into the next call, along the links schemathesis infers
    from the schema (dependency analysis), with the editor's token. CI-sized here; `make fuzz`
    runs long ones."""

    def rebuild():
        agreement = make_sample_records()
        MilestoneFactory(agreement=agreement, due_on=None, offset_months=6)
        PartyFactory(slug="jp", iso_code="JP", name="Japan")
        StageFactory(slug="processing")
        InstrumentFactory(agreement=agreement)
        WatchFactory(user=editor, agreement=agreement)

    class Workflows(schema.as_state_machine()):
        def setup(self):
            reset_world(rebuild)

        def get_call_kwargs(self, case):
            return {"base_url": live_server.url, "headers": {"Authorization": f"Token {editor_key}"}}

        def after_call(self, response, case):
            super().after_call(response, case)
            STATEFUL_ANSWERS[response.status_code] += 1

    Workflows.run(
        settings=hypothesis_settings(
            max_examples=MAX_EXAMPLES * 5,
            stateful_step_count=10 if LONG_RUN else 4,
            deadline=None,
            derandomize=not LONG_RUN,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert sum(count for code, count in STATEFUL_ANSWERS.items() if 200 <= code < 300) >= 5, STATEFUL_ANSWERS
    assert not [code for code in STATEFUL_ANSWERS if code >= 500], STATEFUL_ANSWERS
