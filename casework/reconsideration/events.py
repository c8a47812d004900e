"""The audit event types of reconsideration (``casework.audit.registry``).
They are written on the original case (and the reopened one) too, so a
reconsideration shows in every case it touches; their data holds only
keys every program classifies (``case_number``, ``action``, ``reason``),
under ``changed`` (``services.CHANGED``) for the timeline to show."""

from django.utils.translation import gettext_lazy as _

from casework.audit.registry import register

RECONSIDERATION_REQUESTED = register(
    "reconsideration_requested", _("reconsideration requested"), "important"
)
RECONSIDERATION_DECIDED = register(
    "reconsideration_decided", _("reconsideration decided"), "important"
)
CASE_REOPENED = register("case_reopened", _("case reopened after reconsideration"), "important")
