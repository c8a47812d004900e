"""Sizes a reader can hold (issue 16): no module in casework/ or workflows/
over 400 lines and no function over 60, outside the migrations and the demo
data (casework/*/demo.py, which spell out example records one by one)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE_LINES = 400
FUNCTION_LINES = 60


def _modules() -> Iterator[Path]:
    for top in ("casework", "workflows"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or path.name == "demo.py":
                continue
            yield path


def test_no_module_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)} is {count} lines"
        for path in _modules()
        if (count := len(path.read_text().splitlines())) > MODULE_LINES
    ]
    assert not long, "split by concept: " + "; ".join(long)


def test_no_function_over_60_lines():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                count = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if count > FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.name} is {count} lines")
    assert not long, "split by step: " + "; ".join(long)
