"""What a person reads when the engine or a service refuses: the error's
message in the page's message box, its field errors beside the fields (or
in the box too, when the page has no input for that field). Never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from casework.core.errors import ApplicationError
from casework.web.labels import label


def refusal_message(exc: ApplicationError) -> str:
    """The sentence shown for ``exc``: its own (translated) message, except
    for invalid input with field errors, which the fields themselves show."""
    if exc.code == "invalid" and exc.fields:
        return str(_("Please correct the marked fields."))
    return str(exc.message)


def refusal_show(request: HttpRequest, exc: ApplicationError, *, form_fields: set[str]) -> None:
    """Put the refusal in the page's messages; field errors of fields the
    page has no input for (``non_field_errors``, nested ones) go there too."""
    messages.error(request, refusal_message(exc))
    for name, problems in exc.fields.items():
        if name in form_fields:
            continue
        for problem in problems:
            shown = problem if name == "non_field_errors" else f"{label(name, 'field')}: {problem}"
            messages.error(request, shown)
