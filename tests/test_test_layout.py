"""The test tree reads like the source tree: a test module imports helpers
(``helpers.py``, ``conftest.py`` and the like), never another test module,
so moving or deleting one test file cannot break another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_test_module(name: str) -> bool:
    return name.rsplit(".", 1)[-1].startswith("test_")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` for every import in the file, at any depth, with
    relative imports resolved against the file's package."""
    package = path.relative_to(TESTS.parent).parent.parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # ``from tests.api import test_x`` imports a test module too
            found += [(node.lineno, base)] + [
                (node.lineno, f"{base}.{alias.name}") for alias in node.names
            ]
    return found


def test_imports_another_test_module_finds_each_kind_of_import(tmp_path, monkeypatch):
    folder = tmp_path / "tests" / "api"
    folder.mkdir(parents=True)
    sample = folder / "test_sample.py"
    sample.write_text(
        "from tests.api.test_other import helper\n"
        "from . import test_third\n"
        "from .helpers import fine\n"
        "def f():\n"
        "    import tests.races.test_fourth\n"
    )
    monkeypatch.setattr(f"{__name__}.TESTS", tmp_path / "tests")
    modules = [m for _, m in _imported_modules(sample) if _is_test_module(m)]
    assert modules == ["tests.api.test_other", "tests.api.test_third", "tests.races.test_fourth"]


def test_no_test_module_imports_another_test_module():
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {module}"
        for path in sorted(TESTS.rglob("test_*.py"))
        for line, module in _imported_modules(path)
        if _is_test_module(module)
    ]
    assert not offenders, (
        "move what is shared into a helpers module (tests/helpers.py, "
        "tests/<folder>/helpers.py) and import it from there:\n" + "\n".join(offenders)
    )
