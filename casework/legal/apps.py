from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "casework.legal"
    label = "legal"
    verbose_name = _("Legal services")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from . import events  # noqa: F401  (registers the roster's audit event types)
        from .aid_selectors import legal_aid_case_data
        from .privacy import AID_FIELD_CLASSES, FIELD_CLASSES
        from .selectors import consultation_case_data

        case_data.register("consultation", consultation_case_data)
        fields_classify("consultation", FIELD_CLASSES)
        case_data.register("legal_aid", legal_aid_case_data)
        fields_classify("legal_aid", AID_FIELD_CLASSES)
