"""The classes of the reconsideration program's fields, as its events carry
them (``casework.core.classification``): the request and the decision are
open to whoever may see the case."""

from casework.core.privacy import PUBLIC

FIELD_CLASSES = dict.fromkeys(
    (
        "original",
        "reason",
        "decision",
        "decision_reason",
        "reopened_as",
        "requested_by",
    ),
    PUBLIC,
)
