"""The code's side: every URL pattern of the project and the methods its
view handles, from the resolver; and what makes the table disagree with it."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from .table import ACCESS, GAPS
from .vocabulary import ADMIN_INDEX, ADMIN_PAGES, CELL_VALUES, PARAM_SUBJECTS, ROLES, Cell


@dataclass(frozen=True)
class Endpoint:
    route: str
    name: str
    view: str
    methods: tuple[str, ...]


def _view_class(callback: Any) -> Any:
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def view_methods(callback: Any) -> tuple[str, ...]:
    """The HTTP methods a view handles: a class view's handlers (not HEAD or
    OPTIONS, which every view answers; not the form views' PUT alias of
    POST); a function view GET, and POST when its code handles one."""
    cls = _view_class(callback)
    if cls is not None:
        from django.views.generic.edit import ProcessFormView

        names = []
        for method in cls.http_method_names:
            handler = getattr(cls, method, None)
            if method in ("head", "options", "trace") or handler is None:
                continue
            if method == "put" and handler is ProcessFormView.put:
                continue
            names.append(method.upper())
        return tuple(names)
    source = inspect.getsource(inspect.unwrap(callback))
    return ("GET", "POST") if '"POST"' in source else ("GET",)


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[Endpoint]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            view = _view_class(callback) or inspect.unwrap(callback)
            yield Endpoint(
                route=prefix + str(pattern.pattern),
                name=f"{ns}{pattern.name}" if pattern.name else "",
                view=f"{view.__module__}.{view.__qualname__}",
                methods=view_methods(callback),
            )


def endpoints() -> list[Endpoint]:
    """Every URL pattern of the project, in resolving order; a route already
    taken by an earlier pattern (viewflow's own index under ours) is left
    out, as the resolver never reaches it. The admin's pages are summed up
    in two rows: its index and every model page."""
    seen: set[str] = set()
    found = []
    for endpoint in _walk(get_resolver().url_patterns):
        if endpoint.route.startswith("admin/"):
            summary = ADMIN_INDEX if endpoint.route == ADMIN_INDEX else ADMIN_PAGES
            endpoint = Endpoint(summary, "admin", "django.contrib.admin", ("GET",))
        if endpoint.route in seen:
            continue
        seen.add(endpoint.route)
        found.append(endpoint)
    return found


def route_params(route: str) -> list[str]:
    """The parameter names of a route (``<str:case_number>`` → ``case_number``)."""
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def table_problems() -> list[str]:
    """What makes the table disagree with the code: an endpoint or method it
    does not cover, a row for one that no longer exists, a subject that does
    not fit the route, a row without every role, a cell it does not know."""
    problems = []
    code = {e.route: e for e in endpoints()}
    for route, endpoint in code.items():
        declared = ACCESS.get(route)
        if declared is None:
            problems.append(f"{route!r} ({endpoint.view}) is not in the access table")
            continue
        for method in endpoint.methods:
            if method not in declared:
                problems.append(f"{route!r} {method} is not in the access table")
        for method in declared:
            if method not in endpoint.methods:
                problems.append(f"{route!r} {method}: the view does not handle it")
    for route, methods in ACCESS.items():
        if route not in code:
            problems.append(f"{route!r} is in the access table but no URL pattern has it")
        params = [p for p in route_params(route) if p != "document_id"]
        for method, subjects in methods.items():
            if not subjects:
                problems.append(f"{route!r} {method}: no subject")
            for subject, row in subjects.items():
                fits = all(subject in PARAM_SUBJECTS.get(p, set()) for p in params)
                if (subject == "-") != (not params) or (params and not fits):
                    problems.append(f"{route!r} {method}: subject {subject!r} does not fit")
                if tuple(row) != ROLES:
                    problems.append(f"{route!r} {method} {subject}: roles {tuple(row)}")
                for role, cell in row.items():
                    if cell not in CELL_VALUES:
                        problems.append(f"{route!r} {method} {subject} {role}: {cell!r}")
    for key in GAPS:
        route, method, subject, role = key
        if role not in ACCESS.get(route, {}).get(method, {}).get(subject, {}):
            problems.append(f"gap {key} names no cell")
    return problems


def rows() -> Iterator[tuple[str, str, str, dict[str, Cell]]]:
    """Every (route, method, object) of the table with its cells."""
    for route, methods in ACCESS.items():
        for method, subjects in methods.items():
            for subject, row in subjects.items():
                yield route, method, subject, row
