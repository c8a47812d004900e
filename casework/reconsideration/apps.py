from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconsiderationConfig(AppConfig):
    name = "casework.reconsideration"
    label = "reconsideration"
    verbose_name = _("Reconsideration")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from . import events  # noqa: F401  (registers the audit event types)
        from .privacy import FIELD_CLASSES
        from .selectors import reconsideration_case_data

        case_data.register("reconsideration", reconsideration_case_data)
        fields_classify("reconsideration", FIELD_CLASSES)
