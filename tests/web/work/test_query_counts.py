"""The staff pages read a fixed number of rows whatever the length of
their lists: counted with 3 and with 30 rows (tasks, cases, timeline
events, documents), equal and under a pinned maximum."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from casework.core.documents import document_upload
from casework.core.models import Case
from tests.conftest import application, recommendation
from workflows import engine

from .conftest import open_task_id

# the pins: raise one only with a reason (a new section on the page)
# (session, user, roles and unit: 4 of each count)
MAX_HOME = 11  # + 3 tab counts, page count, page rows, status choices
MAX_CASE_LIST = 8  # + page count, page rows, status choices
# a page that shows personal data whole appends one ``viewed`` event: + 6 (savepoint,
# the case's chain lock, the chain's sealed head, the insert, the head's upsert, release)
MAX_CASE_PAGE = 17  # + case, open tasks, program facts, documents, timeline, viewed event
MAX_TASK_PAGE = 22  # + task, case facts, decision facts, one four-eyes check per action, viewed


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def submit_cases(api, members, n: int) -> list[str]:
    numbers = []
    for i in range(n):
        response = api("caseworker").post(
            "/api/relief/applications/", application(members[i % len(members)])
        )
        assert response.status_code == 201, response.json()
        numbers.append(response.json()["case_number"])
    return numbers


def counts(client: Any) -> dict[str, int]:
    return {
        scope: queries(client, f"/work/?scope={scope}") for scope in ("inbox", "queue", "done")
    } | {"cases": queries(client, "/cases/")}


def test_home_and_case_list_read_as_much_for_3_rows_as_for_30(web, api, users, org):
    from casework.demo.seed import seed_members

    members = seed_members([org["county"], *org["grassroots"]], count=90)
    caseworker = users["caseworker"]
    client = web("caseworker")

    def advance(numbers: list[str]) -> None:
        """The first third claimed (inbox), the next third recommended (done)."""
        third = len(numbers) // 3
        for number in numbers[:third]:
            engine.task_claim(Task.objects.get(pk=open_task_id(number, "verify")), caseworker)
        for number in numbers[third : 2 * third]:
            task = Task.objects.get(pk=open_task_id(number, "verify"))
            engine.task_complete(task, caseworker, "recommend", recommendation())

    small = submit_cases(api, members[:9], 9)
    advance(small)
    few = counts(client)
    many_cases = submit_cases(api, members[9:], 81)
    advance(many_cases)
    many = counts(client)

    assert Case.objects.count() == 90
    assert few == many
    assert max(few[s] for s in ("inbox", "queue", "done")) <= MAX_HOME, few
    assert few["cases"] <= MAX_CASE_LIST, few


def test_the_case_page_reads_as_much_for_3_events_and_documents_as_for_30(web, api, users, member):
    number = submit_cases(api, [member], 1)[0]
    case = Case.objects.get(case_number=number)
    client = web("caseworker")

    def upload(n: int) -> None:
        for i in range(n):
            document_upload(
                case=case,
                actor=users["caseworker"],
                upload=SimpleUploadedFile(
                    f"d{i}.pdf", b"%PDF-1.4 " + bytes([i]), "application/pdf"
                ),
                kind="other",
            )

    upload(3)
    few = queries(client, f"/cases/{number}/")
    upload(27)
    many = queries(client, f"/cases/{number}/")
    assert few == many
    assert few <= MAX_CASE_PAGE, few


def test_the_task_page_reads_a_pinned_number_of_rows(web, api, member):
    caseworker, supervisor = web("caseworker"), web("supervisor")  # logged in before counting
    number = submit_cases(api, [member], 1)[0]
    verify = open_task_id(number, "verify")
    assert queries(caseworker, f"/work/tasks/{verify}/") <= MAX_TASK_PAGE
    # a supervisor sees the reassign list too
    assert queries(supervisor, f"/work/tasks/{verify}/") <= MAX_TASK_PAGE
