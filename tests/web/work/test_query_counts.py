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
from tests.conftest import recommendation
from workflows import engine

from .conftest import open_task_id

# the pins: raise one only with a reason (a new section on the page)
# (the session, the user with their unit, their roles: 3 of each count, 5 before
# issue 19's fourth round, where the profile and its unit were two more; on
# PostgreSQL 2: the roles come with the user too,
# casework.accounts.backends.LockoutModelBackend.get_user)
START = 2 if connection.vendor == "postgresql" else 3
# (the bell: every page counts the unread notifications for the top bar, 1 query)
# the holder column names the staff: their names read once (casework.presenters.people),
# not at all when the page's tasks are held by nobody or the reader (casework.web.list_rows)
# + the counts (the page's and the other tabs', one query: casework.web.list_pages.
# page_with_tabs; the list's own tab from the page's count when no filter narrows it),
# page ids and rows (a task list reads its page's ids first:
# casework.presenters.lists.rows_sliced), saved, bell. 15 before issue 19 (the
# status choices read from the cases), 14 before the counts were one query (4) and
# the inbox, queue and done read no names
MAX_HOME = START + 5
# + page count, page rows, saved filters, bell: 9; by due date the page's ids
# first (workflows.selectors.CasesByDue): 10 (10 for every order before issue
# 19, the status choices read from the cases)
MAX_CASE_LIST = START + 5
# a supervisor's home: + whom to reassign to, the holders' names (tasks held by others)
MAX_MANAGER_HOME = MAX_HOME + 2
# a page that shows personal data whole appends one ``viewed`` event: + 4 (the case's
# chain lock, the chain's sealed head, the insert, the head's upsert; no savepoint
# since issue 19)
# + case, open tasks, program facts, documents, timeline, viewed, bell, deciders,
# the reconsideration panel's case
MAX_CASE_PAGE = START + 15
# exact: + task, case facts, decision facts, a four-eyes check per action, viewed, bell
# (23 before issue 16: the due dates' parameters and calendar come from the
# process's snapshot now, casework.core.reference_data; 19 before the viewed
# record's savepoint went, issue 19); on PostgreSQL the viewed event and its chain
# head are one statement (casework.audit.models.events_write)
TASK_PAGE = START + (11 if connection.vendor == "postgresql" else 12)


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def submit_cases(api, members, n: int) -> list[str]:
    return [
        api("caseworker").relief_case(members[i % len(members)])["case_number"] for i in range(n)
    ]


# searched, sorted by a column, on page 2: the same queries as the plain list
LIST_VARIANTS = ("", "&q=rl&sort=-number", "&sort=status&page=2", "&sort=due")


def counts(client: Any) -> dict[str, int]:
    return {
        f"{scope}{variant}": queries(client, f"/work/?scope={scope}{variant}")
        for scope in ("inbox", "queue", "done")
        for variant in LIST_VARIANTS
    } | {f"cases{variant}": queries(client, f"/cases/?{variant}") for variant in LIST_VARIANTS}


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
    assert max(n for page, n in few.items() if not page.startswith("cases")) <= MAX_HOME, few
    assert max(n for page, n in few.items() if page.startswith("cases")) <= MAX_CASE_LIST, few


def test_a_supervisors_team_list_with_saved_filters_reads_as_much_for_3_rows_as_for_30(
    web, api, users, org
):
    from casework.demo.seed import seed_members
    from casework.web.filters import WorkFilter
    from casework.web.saved_filters import saved_filter_save

    members = seed_members([org["county"]], count=30)
    client = web("supervisor")
    for name in ("a", "b", "c"):
        saved_filter_save(
            owner=users["supervisor"],
            page="work",
            name=name,
            params={"scope": "team", "q": name},
            serializer_class=WorkFilter,
        )

    def team() -> list[int]:
        return [queries(client, f"/work/?scope=team{variant}") for variant in LIST_VARIANTS]

    numbers = submit_cases(api, members[:3], 3)
    engine.task_claim(Task.objects.get(pk=open_task_id(numbers[0], "verify")), users["caseworker"])
    few = team()
    newest = submit_cases(api, members[3:], 27)[-1]
    # a held task on every page compared (newest first, oldest first, page 2)
    engine.task_claim(Task.objects.get(pk=open_task_id(newest, "verify")), users["caseworker"])
    many = team()
    assert few == many
    assert max(few) <= MAX_MANAGER_HOME, few


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
    assert queries(caseworker, f"/work/tasks/{verify}/") == TASK_PAGE
    # a supervisor sees the reassign list too (whom to reassign to)
    assert queries(supervisor, f"/work/tasks/{verify}/") == TASK_PAGE + 1
