"""Fuzzing the REST API with schemathesis, from the app's own OpenAPI schema.

Every operation of ``/api/schema/`` is called in-process through the WSGI
application, with schema-conforming (positive) and schema-breaking
(negative) data, as one of several roles, against a database holding cases
of the three programs in many states. Path parameters, and the ids a body
or a query names (member, plan, org unit, user), come most of the time from
things that exist; the caller is most of the time a role that may take the
step; schema-conforming bodies are most of the time a valid request
(``valid.py``) with up to two generated fields laid over it. So requests get
past the lookups and role checks into the services and the engine.

Every answer must be: not a server error, a documented status code, the
documented content type, a body matching the documented schema. The run is
derandomized (CI sends the same requests every time), counts its requests,
and reports every failure with a curl command to reproduce it and the
traceback of every server error.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .valid import ROLES, body_template, preferred_roles

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# examples per operation: schema-conforming, then schema-breaking (the latter
# only where there is something to break: a body, a query, a numeric id)
POSITIVE = 32
NEGATIVE = 22
# operations that render a PDF or a workbook cost ~0.3 s a request
EXPENSIVE = ("public-notice.pdf", "summary.xlsx", "/reports/exports/", "/generate/")
EXPENSIVE_EXAMPLES = 6
MINIMUM_REQUESTS = 2000


@contextmanager
def in_test_transaction() -> Iterator[None]:
    """Let the WSGI handler run inside the test's transaction: Django closes
    the connection at the end of each request otherwise (the test client
    disconnects the same signal)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Run:
    """Counts the requests and collects what went wrong, by operation."""

    def __init__(self) -> None:
        self.requests = 0
        self.started = time.perf_counter()
        self.serial = 0  # numbers that must be new (invoices, court cases, ID numbers)
        self.statuses: Counter[int] = Counter()
        self.by_operation: dict[str, Counter[int]] = {}
        self.seconds: Counter[str] = Counter()
        self.failures: dict[str, list[str]] = {}
        self.crashes: dict[str, str] = {}

    def fail(self, label: str, message: str) -> None:
        self.failures.setdefault(label, []).append(message)

    def report(self, operations: int, by_operation: bool = False) -> str:
        failing = sum(len(messages) for messages in self.failures.values())
        lines = [
            f"schemathesis: {self.requests} requests over {operations} operations, "
            f"{failing} failing, {len(self.crashes)} distinct server errors",
            "  by status: " + ", ".join(f"{k}: {n}" for k, n in sorted(self.statuses.items())),
            f"  {time.perf_counter() - self.started:.0f}s, of which the app answering "
            f"{sum(self.seconds.values()):.0f}s; slowest: "
            + ", ".join(f"{label} {s:.1f}s" for label, s in self.seconds.most_common(3)),
        ]
        for label, statuses in sorted(self.by_operation.items()) if by_operation else ():
            counts = " ".join(f"{k}×{n}" for k, n in sorted(statuses.items()))
            lines.append(f"    {label}: {counts}")
        return "\n".join(lines)


def test_every_operation_as_several_roles(world, capsys) -> None:
    from rest_framework.settings import api_settings

    from casework.api.errors import ErrorsAutoSchema

    # the schema documents the error answers through the project's schema class
    assert api_settings.DEFAULT_SCHEMA_CLASS is ErrorsAutoSchema, (
        "REST_FRAMEWORK['DEFAULT_SCHEMA_CLASS'] must be 'casework.api.errors.ErrorsAutoSchema'"
    )
    app = WSGIHandler()
    run = Run()

    def record_crash(sender: Any, request: Any = None, **kwargs: Any) -> None:
        tb = traceback.format_exc()
        where = f"{request.method} {request.path}" if request is not None else "?"
        run.crashes.setdefault(tb.strip().splitlines()[-1], f"{where}\n{tb}")

    got_request_exception.connect(record_crash)
    try:
        with in_test_transaction():
            schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
            operations = [result.ok() for result in schema.get_all_operations()]
            for operation in operations:
                budget = POSITIVE
                if any(part in operation.path for part in EXPENSIVE):
                    budget = EXPENSIVE_EXAMPLES
                fuzz(operation, GenerationMode.POSITIVE, budget, world, run)
                if negatable(operation):
                    fuzz(operation, GenerationMode.NEGATIVE, min(budget, NEGATIVE), world, run)
    finally:
        got_request_exception.disconnect(record_crash)
        cache.clear()
    with capsys.disabled():  # the count shows in every run's log
        print("\n" + run.report(len(operations)))
    summary = [f"  {label}: {len(msgs)}" for label, msgs in sorted(run.failures.items())]
    details = [msgs[0][:4000] for _, msgs in sorted(run.failures.items())]
    assert not summary and not run.crashes, "\n".join(
        [
            run.report(len(operations), by_operation=True),
            "failing:",
            *summary,
            "",
            *details,
            "server errors:",
            *run.crashes.values(),
        ]
    )
    assert run.requests >= MINIMUM_REQUESTS, run.report(len(operations), by_operation=True)


def negatable(operation: Any) -> bool:
    """Whether schema-breaking data exists for the operation: a body, a query
    parameter or a numeric path parameter (a string in a path stays a string)."""
    if len(operation.query) or len(operation.body):
        return True
    return any(
        p.definition.get("schema", {}).get("type") == "integer" for p in operation.path_parameters
    )


def fuzz(operation: Any, mode: GenerationMode, examples: int, world: dict, run: Run) -> None:
    pools, users = world["pools"], world["users"]
    strategy = operation.as_strategy(generation_mode=mode)
    positive = mode is GenerationMode.POSITIVE
    method, path = operation.method.upper(), operation.path

    def existing(name: str, data: Any, odds: int) -> Any:
        """``odds`` times in 4, something that exists (None when there is no pool)."""
        if name == "case_number" and path.startswith("/api/mediation/"):
            name = "mediation_case_number"
        pool = pools.get(name)
        if pool and data.draw(st.integers(0, 3), label=f"existing {name}?") < odds:
            return data.draw(st.sampled_from(pool), label=name)
        return None

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one(data: Any) -> None:
        case = data.draw(strategy, label="case")
        for name in list(case.path_parameters or {}):
            value = existing(name, data, odds=3 if positive else 1)
            if value is not None:
                case.path_parameters[name] = value
        task_id = (case.path_parameters or {}).get("task_id")
        roles = world["task_roles"].get(task_id) or preferred_roles(method, path)
        if roles and data.draw(st.integers(0, 3), label="preferred role?") < 3:
            role = data.draw(st.sampled_from(roles), label="role")
        else:
            role = data.draw(st.sampled_from(ROLES), label="role")
        if positive:  # still schema-conforming: ids that exist, valid bodies
            overlay(case, data, world["task_nodes"].get(task_id))
        # a fuzzed DELETE /api/auth/token/ revokes the caller's token: make one again
        token = Token.objects.get_or_create(user_id=users[role])[0].key
        headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
        started = time.perf_counter()
        response = case.call(headers=headers)
        run.seconds[operation.label] += time.perf_counter() - started
        run.requests += 1
        run.statuses[response.status_code] += 1
        run.by_operation.setdefault(operation.label, Counter())[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:  # collected, reported at the end
            for failure in group.exceptions:
                run.fail(f"{operation.label} {failure.title}", f"[{mode.value}, {role}] {group}")

    def overlay(case: Any, data: Any, node: str | None) -> None:
        """Names of things that exist in the query and body; most of the time
        a valid body with some of the generated fields laid over it."""
        for values in (case.query, case.body):
            if isinstance(values, dict):
                for name in list(values):
                    value = existing(name, data, odds=2)
                    if value is not None and isinstance(value, type(values[name])):
                        values[name] = value
        if case.media_type != "application/json":
            return
        run.serial += 1

        def pick(name: str) -> Any:
            return data.draw(st.sampled_from(pools[name]), label=name)

        template = body_template(method, path, pick, run.serial, node)
        if template is not None and data.draw(st.integers(0, 3), label="template?") < 3:
            # a valid body with up to two generated fields in it
            generated = case.body if isinstance(case.body, dict) else {}
            names = data.draw(
                st.lists(st.sampled_from(sorted(generated)), max_size=2, unique=True)
                if generated
                else st.just([]),
                label="generated fields",
            )
            case.body = {**template, **{name: generated[name] for name in names}}

    cache.clear()  # the token endpoint's throttle counts, per operation
    try:
        one()
    except Unsatisfiable:
        assert not positive, f"no data for {operation.label}"
