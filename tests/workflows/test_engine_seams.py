"""The engine's seams (issue 16): split by concern, refusals that carry
their codes, side effects of other apps on hooks instead of imports, and the
open-task statuses spelled once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from viewflow.workflow.models import Task

from tests.conftest import application
from workflows import engine

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "workflows"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _engine_modules() -> list[Path]:
    package = WORKFLOWS / "engine"
    return sorted(package.glob("*.py")) if package.is_dir() else [WORKFLOWS / "engine.py"]


def test_the_engine_imports_neither_reports_nor_notifications():
    for path in _engine_modules():
        for name in _imports(path):
            assert not name.startswith(("casework.reports", "casework.notifications")), (
                f"{path.name} imports {name}: hang the side effect on workflows.hooks"
            )


def test_no_engine_module_over_300_lines():
    """Tighter than the 400 lines of every module (tests/test_code_size.py,
    which also holds every function in workflows/ to 60 lines)."""
    for path in _engine_modules():
        assert len(path.read_text().splitlines()) <= 300, path.name


def test_the_open_task_statuses_are_spelled_once():
    spelled = re.compile(r"STATUS\.NEW,\s*STATUS\.ASSIGNED,\s*STATUS\.STARTED")
    places = [
        str(path.relative_to(ROOT))
        for top in ("casework", "workflows")
        for path in (ROOT / top).rglob("*.py")
        if spelled.search(path.read_text())
    ]
    assert places == ["workflows/task_states.py"]


def _statuses_something_sets() -> set[str]:
    """The case statuses the flows map their nodes to, and those the
    services and the engine set (a start, a close, a withdrawal), spelled
    as strings or as members of a program's status choices."""
    statuses: set[str] = set()
    for flow_class in engine.FLOWS.values():
        for mapped in flow_class.status_by_node.values():
            if isinstance(mapped, str):
                statuses.add(str(mapped))
            elif isinstance(mapped, tuple):
                statuses.update(str(status) for status in mapped)
    setting = re.compile(
        r"""(?:status=|case_status = )(?:["']([a-z_]+)["']|[A-Za-z]*Status\.([A-Z_]+))"""
    )
    for top in ("casework", "workflows"):
        for path in (ROOT / top).rglob("*.py"):
            for literal, member in setting.findall(path.read_text()):
                statuses.add(literal or member.lower())
    return statuses


def test_the_applicant_is_told_only_of_statuses_something_sets(db):
    assert engine.DECISION_STATUSES <= _statuses_something_sets()


def test_may_take_answers_a_refusal_that_carries_its_code(api, users, member):
    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    task = Task.objects.get(pk=api("caseworker").open_task(number, "verify")["id"])
    task = engine.task_for_user(users["caseworker"], task.pk)
    refusal = engine.may_take(users["finance"], task)
    assert refusal is engine.Refusal.ROLE
    assert refusal.code == "forbidden"
    assert str(refusal.message) == "your role may not take this step"
    assert engine.Refusal.FOUR_EYES.code == "four_eyes"
    assert engine.may_take(users["caseworker"], task) is None


def test_a_status_move_runs_the_registered_hooks(api, member):
    from workflows import hooks

    moved: list[str] = []

    def hook(case):
        moved.append(case.case_status)

    hooks.status_moved.connect(hook)
    try:
        api("caseworker").post("/api/relief/applications/", application(member))
    finally:
        hooks.status_moved.disconnect(hook)
    assert moved == ["submitted"]  # the start refreshes the figures too
