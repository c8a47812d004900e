"""Every cell of the access table (casework/core/access_table/table.py), walked:
for each endpoint × method × object × role, the role's insider, teammate and
outsider call it and get what the cell says — allowed (2xx, a redirect that
is not to the login page, or a 400/409 about the input or the state), 403
when they may see the object but not do this, 404 when they may not see it,
401 / the login page when anonymous. Whatever they are shown must not hold
unit A's case numbers, names or ID numbers unless they may see them, and
the lists show insiders what is theirs."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from casework.core.access_table import (
    ACCESS,
    ADMIN_PAGES,
    ALLOWED_CELLS,
    LOGIN,
    ROLES,
    route_params,
    rows,
)
from casework.notifications.models import Notification
from casework.reports.models import ExportJob

from .world import GROUPS, Persona, World, sees_object

OK = "ok"

# the request body of each write: valid where the role check comes after the
# input check, so a refused role answers 403 rather than 400
UPLOAD = object()  # a small PDF, multipart
BODIES: dict[tuple[str, str], Any] = {
    ("accounts/login/", "POST"): {"username": "", "password": ""},
    ("i18n/setlang/", "POST"): {"language": "en"},
    ("api/auth/token/revoke/", "POST"): {"user": "caseworker"},
    ("api/cases/<str:case_number>/documents/", "POST"): UPLOAD,
    ("api/cases/<str:case_number>/withdraw/", "POST"): {"reason": "access walk"},
    ("api/cases/<str:case_number>/generate/", "POST"): {
        "relief": {"document": "approval_form"},
        "claim": {"document": "benefit_statement"},
        "mediation": {"document": "mediation_agreement"},
    },
    ("api/tasks/<int:task_id>/reassign/", "POST"): {
        "claim": {"user": "caseworker"},
        "mediation": {"user": "mediator"},
    },
    ("api/tasks/<int:task_id>/complete/", "POST"): {
        "relief": {"action": "reject"},
        "claim": {"action": "reject"},
        "mediation": {"action": "fail"},
    },
    ("api/parameters/<str:key>/", "PATCH"): {"value": "10"},
    ("api/mediation/cases/<str:case_number>/sessions/", "POST"): {
        "held_on": "2020-01-01",  # before receipt: 400 to whoever may log sessions
        "place": "调解室",
        "attendees": ["申请人"],
        "notes": "access walk",
    },
    ("api/mediation/cases/<str:case_number>/extend/", "POST"): {
        "parties_consent": True,
        "court_consent": True,
    },
    ("api/reports/exports/", "POST"): {"kind": "summary"},
    ("work/tasks/<int:task_id>/", "POST"): {
        "relief": {"op": "release"},
        "claim": {"op": "claim"},
        "mediation": {"op": "complete", "action": "fail"},
        # a recipient that is no number: 400 to whoever may verify, after the role check
        "list": {"op": "recipient_verify", "recipient": "walk"},
    },
    ("cases/<str:case_number>/", "POST"): {"op": "withdraw", "reason": "access walk"},
}
MULTIPART = {"api/mutual-aid/enrollments/import/", "api/campaigns/<int:campaign_id>/lists/import/"}
DONE_AT_LOGIN = {"accounts/logout/"}  # where success itself leads to the login page

# list pages asked more than one way (each answer checked for leaks)
QUERIES: dict[str, list[str]] = {
    "api/tasks/": ["?scope=inbox", "?scope=queue", "?scope=done"],
    "work/": ["?scope=inbox", "?scope=queue"],
    "api/cases/": ["", "?q={member_id_number}", "?program=mediation"],
    "cases/": ["", "?q={member_name}"],
    "api/members/": ["", "?q={member_name}"],
    "members/": ["?q={member_name}"],
}
# what a list shows an insider who may see it (so the leak check is not vacuous)
SHOWS: dict[str, frozenset[str]] = {
    "api/cases/": frozenset({"relief", "claim", "mediation"}),
    "cases/": frozenset({"relief", "claim", "mediation"}),
    "api/members/": frozenset({"member_a"}),
    "members/": frozenset({"member_a"}),
    "my/": frozenset({"relief", "claim"}),
}
# what a detail shows an insider who may see it
DETAIL_SHOWS: dict[tuple[str, str], frozenset[str]] = {
    ("api/cases/<str:case_number>/", "relief"): frozenset({"relief", "member_a"}),
    ("api/cases/<str:case_number>/", "claim"): frozenset({"claim", "medical"}),
    ("api/cases/<str:case_number>/", "mediation"): frozenset({"mediation"}),
    ("cases/<str:case_number>/", "claim"): frozenset({"claim", "medical"}),
    ("work/tasks/<int:task_id>/", "claim"): frozenset({"claim", "medical"}),
    ("cases/<str:case_number>/", "mediation"): frozenset({"mediation"}),
}
TEXT_TYPES = ("application/json", "text/", "image/svg+xml", "application/javascript")


def expectation(cell: Any, persona: Persona, subject: str) -> Any:
    """What ``persona`` gets where the insider gets ``cell``."""
    sees = sees_object(persona, subject)
    if cell in (401, 404, LOGIN):
        return cell
    if cell == 403:
        return 403 if sees else 404
    if cell in ("any", "public"):
        return OK
    if cell in ("holder", "submitter"):
        return OK if persona.place == "insider" else (403 if sees else 404)
    assert cell in ALLOWED_CELLS, cell
    return OK if sees else 404


def _owner(world: World, role: str) -> Any:
    """Whose export or notification the URL names: the role's insider."""
    return world.personas[role][0].user or world.user("caseworker")


def _path(world: World, route: str, subject: str, role: str) -> str:
    if route == "^api/":
        return "/api/no-such-endpoint/"
    values: dict[str, Any] = {}
    for param in route_params(route):
        if param == "case_number":
            values[param] = world.cases[subject].case_number
        elif param == "task_id":
            values[param] = world.tasks[subject]
        elif param == "document_id":
            values[param] = world.documents[subject]
        elif param == "member_id":
            values[param] = world.member_a.pk
        elif param == "plan_id":
            values[param] = world.plan_id
        elif param == "campaign_id":
            values[param] = world.campaign_id
        elif param == "recipient_id":
            values[param] = world.recipient_id
        elif param == "slot_id":
            values[param] = world.slot_id
        elif param == "key":
            values[param] = "relief.verify_days"
        elif param == "job_id":
            job = ExportJob.objects.create(
                kind=ExportJob.Kind.SUMMARY, params={"year": 2026}, requested_by=_owner(world, role)
            )
            values[param] = job.pk
        elif param == "notification_id":
            note = Notification.objects.create(
                key=f"walk-{uuid.uuid4().hex}",
                recipient=_owner(world, role),
                kind="walk",
                subject="walk",
            )
            values[param] = note.pk
        else:  # a new kind of URL parameter: teach the walk which object it names
            raise AssertionError(f"{route}: no object for <{param}>")
    path = route
    for param, value in values.items():
        path = path.replace(_placeholder(route, param), str(value))
    return "/" + path


def _placeholder(route: str, param: str) -> str:
    start = route.index(f"{param}>")
    return route[route.rindex("<", 0, start) : start + len(param) + 1]


def _urls(world: World, route: str, method: str, subject: str, role: str) -> list[str]:
    if route == ADMIN_PAGES:
        return [
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry
        ]
    path = _path(world, route, subject, role)
    if method != "GET" or route not in QUERIES:
        return [path]
    # part of the name: a page that shows the query back must not count as a leak
    fill = {"member_name": world.member_a.name[1:], "member_id_number": world.member_a.id_number}
    return [path + query.format(**fill) for query in QUERIES[route]]


def _url_count(route: str, method: str) -> int:
    if route == ADMIN_PAGES:
        return len(admin.site._registry)
    return len(QUERIES[route]) if method == "GET" and route in QUERIES else 1


def _body(route: str, method: str, subject: str) -> Any:
    body = BODIES.get((route, method), {})
    if isinstance(body, dict) and subject in body:
        return body[subject]
    return body


def _send(persona: Persona, route: str, method: str, url: str, body: Any) -> Any:
    cache.clear()  # the login and token throttles count in the cache
    if route.startswith(("api/", "^api/")):
        client: Any = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if persona.user is not None:
            client.force_authenticate(persona.user)
        if method == "GET":
            return client.get(url)
        if body is UPLOAD:
            upload = SimpleUploadedFile("walk.pdf", b"%PDF-1.4 walk", "application/pdf")
            return client.post(url, {"file": upload, "kind": "other"}, format="multipart")
        fmt = "multipart" if route in MULTIPART else "json"
        return getattr(client, method.lower())(url, body, format=fmt)
    web = Client(HTTP_ACCEPT_LANGUAGE="en")
    if persona.user is not None:
        web.force_login(persona.user)
    if method == "GET":
        return web.get(url)
    return web.post(url, body)


def _verdict(response: Any, expected: Any, method: str, route: str) -> str | None:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    to_login = "login" in location and route not in DONE_AT_LOGIN
    if expected == OK:
        if 200 <= status < 300 or (300 <= status < 400 and not to_login) or status == 409:
            return None
        if status == 400 and method != "GET":
            return None
    elif expected == LOGIN:
        if to_login:
            return None
    elif status == expected:
        return None
    return f"expected {expected}, got {status}{f' → {location}' if location else ''}"


def _text(response: Any) -> str:
    kind = response.get("Content-Type", "")
    if not kind.startswith(TEXT_TYPES) or getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", errors="replace")


def _leaks(world: World, persona: Persona, text: str) -> list[str]:
    hidden = [s for group in GROUPS if group not in persona.sees for s in world.secrets[group]]
    return [s for s in hidden if s in text]


def _missing(
    world: World, persona: Persona, route: str, subject: str, url: str, text: str
) -> list[str]:
    if persona.place != "insider" or "?q=" in url or "program=" in url:
        return []
    groups = SHOWS.get(route, DETAIL_SHOWS.get((route, subject), frozenset())) & persona.sees
    return [world.secrets[g][0] for g in sorted(groups) if world.secrets[g][0] not in text]


# the routes whose answer depends on who asks even without an object in the
# URL (lists, one's own data): their outsiders are walked too
PER_USER = {
    *QUERIES,
    *SHOWS,
    "api/me/",
    "api/org-units/",
    "api/mutual-aid/enrollments/",
    "api/notifications/",
    "api/audit/viewed/",
    "api/reports/summary/",
    "api/reports/monthly/",
    "reports/",
}


def personas_for(world: World, route: str, method: str, subject: str, role: str) -> list[Persona]:
    """The insider always; the teammate and the outsider where they may get
    something else: the outsider for an object in the URL or a list; the
    teammate for an object, on the API (scope, not who made it, lets them
    in) and wherever the table expects them to fare otherwise than the
    insider (the web pages are slow to render: not twice the same)."""
    people = world.personas[role]
    if subject == "-":
        if method == "GET" and route in PER_USER:
            return [p for p in people if p.place != "teammate"]
        return people[:1]
    if route.startswith("api/"):
        return people
    cell = ACCESS[route][method][subject][role]
    insider = expectation(cell, people[0], subject)
    return [p for p in people if p.place != "teammate" or expectation(cell, p, subject) != insider]


def _isolated(persona: Persona, route: str, method: str, subject: str, world: World) -> list:
    """The persona's requests, each in a savepoint rolled back after it, so
    one persona's successful write does not change what the next one meets."""
    answers = []
    for index in range(_url_count(route, method)):
        with transaction.atomic():
            url = _urls(world, route, method, subject, persona.role)[index]
            response = _send(persona, route, method, url, _body(route, method, subject))
            answers.append((url, response))
            transaction.set_rollback(True)
    return answers


def walk(world: World, route: str, method: str, subject: str) -> list[str]:
    problems = []
    for role in ROLES:
        cell = ACCESS[route][method][subject][role]
        for persona in personas_for(world, route, method, subject, role):
            expected = expectation(cell, persona, subject)
            for url, response in _isolated(persona, route, method, subject, world):
                verdict = _verdict(response, expected, method, route)
                if verdict:
                    problems.append(f"{persona.label} {method} {url}: {verdict}")
                    continue
                if 200 <= response.status_code < 300:
                    text = _text(response)
                    leaked = _leaks(world, persona, text)
                    if leaked:
                        problems.append(f"{persona.label} {method} {url}: shows {leaked}")
                    missing = _missing(world, persona, route, subject, url, text)
                    if missing:
                        problems.append(f"{persona.label} {method} {url}: does not list {missing}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method", "subject"),
    [
        pytest.param(route, method, subject, id=f"{method} /{route} [{subject}]")
        for route, method, subject, _row in rows()
    ],
)
def test_every_role_gets_what_the_access_table_says(world, route, method, subject):
    problems = walk(world, route, method, subject)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_a_report_counts_only_the_users_subtree(world):
    """Reports are lists too: the outsider's figures leave unit A's cases out."""

    def summary(username: str) -> dict[str, Any]:
        client = APIClient()
        client.force_authenticate(world.user(username))
        response = client.get("/api/reports/summary/")
        assert response.status_code == 200, response.content
        return response.json()

    county, unit_b = summary("caseworker"), summary("caseworker2")
    assert county["relief"]["applications"] == 2  # unit A's and unit B's (in the subtree)
    assert unit_b["relief"]["applications"] == 1
    assert (county["mutual_aid"]["claims"], unit_b["mutual_aid"]["claims"]) == (1, 0)
    assert (county["mediation"]["referred"], unit_b["mediation"]["referred"]) == (1, 0)


@pytest.mark.django_db
def test_the_who_viewed_log_is_shown_to_auditors_only(world):
    number = world.cases["relief"].case_number

    def event_types(username: str) -> list[str]:
        client = APIClient()
        client.force_authenticate(world.user(username))
        response = client.get(f"/api/cases/{number}/timeline/")
        assert response.status_code == 200, response.content
        return [event["type"] for event in response.json()]

    # the caseworker sees the applicant's ID number whole: a `viewed` event
    reader = APIClient()
    reader.force_authenticate(world.user("caseworker"))
    assert reader.get(f"/api/cases/{number}/").status_code == 200
    assert "viewed" in event_types("auditor")
    for username in ("supervisor", "mediator", "member"):
        assert "viewed" not in event_types(username), username
