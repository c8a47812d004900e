from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "casework.mediation"
    label = "mediation"
    verbose_name = _("Labor-dispute mediation")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from .privacy import FIELD_CLASSES
        from .selectors import mediation_case_data

        case_data.register("mediation", mediation_case_data)
        fields_classify("mediation", FIELD_CLASSES)
