from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = _("Workflows")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify
        from casework.relief.privacy import FIELD_CLASSES as RELIEF_FIELD_CLASSES
        from casework.relief.roster import roster_case_data

        from . import consultation, mediation, mutual_aid, reconsideration, relief, roster_review  # noqa: F401  (register the flows)

        case_data.register("roster_review", roster_case_data)
        fields_classify("roster_review", RELIEF_FIELD_CLASSES)  # the roster is relief's
        # last: a step name campaigns share (review, approve, ...) keeps the
        # title of the program that declared it first (labels.STEPS)
        from . import campaigns, legal_aid  # noqa: F401
