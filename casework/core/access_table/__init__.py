"""Who may call what: every URL pattern of the project × method × role,
declared as data (``ACCESS``), checked against the resolver (a pattern the
table does not cover fails a test) and walked by
``tests/security/access/test_access_walk.py`` with an insider, a teammate
and an outsider of each role. ``docs/ACCESS.md`` is generated from it:
``python manage.py access_table`` (``--check`` to compare only).

The rules themselves live in ``casework.core.access`` and the engine; this
table states what they add up to, endpoint by endpoint, so a reviewer reads
one page and the walk proves every cell.
"""

from .markdown import DOC_PATH, doc_write, render_markdown
from .resolver import Endpoint, endpoints, route_params, rows, table_problems, view_methods
from .table import ACCESS, GAPS, NOTES
from .vocabulary import (
    ADMIN_INDEX,
    ADMIN_PAGES,
    ALLOWED_CELLS,
    ANY,
    ASSIGNED,
    CELL_VALUES,
    HOLDER,
    LOGIN,
    OWN,
    PUBLIC,
    ROLES,
    SCOPE,
    STAFF_ROLES,
    SUBJECTS,
    SUBMITTER,
    Cell,
)

__all__ = [
    "ACCESS",
    "ADMIN_INDEX",
    "ADMIN_PAGES",
    "ALLOWED_CELLS",
    "ANY",
    "ASSIGNED",
    "CELL_VALUES",
    "DOC_PATH",
    "GAPS",
    "HOLDER",
    "LOGIN",
    "NOTES",
    "OWN",
    "PUBLIC",
    "ROLES",
    "SCOPE",
    "STAFF_ROLES",
    "SUBJECTS",
    "SUBMITTER",
    "Cell",
    "Endpoint",
    "doc_write",
    "endpoints",
    "render_markdown",
    "route_params",
    "rows",
    "table_problems",
    "view_methods",
]
