"""The access table covers the code, and docs/ACCESS.md is what it says."""

from __future__ import annotations

from django.urls import path

import casework.urls
from casework.core import access_table
from casework.core.access_table import DOC_PATH, render_markdown, table_problems


def test_every_url_pattern_and_method_is_in_the_access_table():
    problems = table_problems()
    assert not problems, (
        "the access table (casework/core/access_table/table.py) disagrees with the URL patterns:\n"
        + "\n".join(problems)
    )


def test_docs_access_md_is_what_the_table_says():
    current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
    assert current == render_markdown(), "docs/ACCESS.md is out of date: manage.py access_table"


class _UrlconfWithOneMore:
    """The project's URL patterns and one endpoint nobody declared."""

    urlpatterns = [
        path("api/forgotten/<int:thing_id>/", lambda request, thing_id: None),
        *casework.urls.urlpatterns,
    ]


def test_a_new_endpoint_missing_from_the_table_is_named(settings):
    """The check is not vacuous: a URL pattern nobody declared fails it."""
    settings.ROOT_URLCONF = _UrlconfWithOneMore
    problems = table_problems()
    assert any("api/forgotten/<int:thing_id>/" in p for p in problems), problems


def test_a_function_view_that_handles_post_is_walked_with_post():
    def page(request):
        if request.method == "POST":
            return None
        return None

    def plain(request):
        return None

    assert access_table.view_methods(page) == ("GET", "POST")
    assert access_table.view_methods(plain) == ("GET",)
