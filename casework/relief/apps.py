from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "casework.relief"
    label = "relief"
    verbose_name = _("Hardship relief")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from .privacy import FIELD_CLASSES
        from .selectors import relief_case_data

        case_data.register("relief", relief_case_data)
        fields_classify("relief", FIELD_CLASSES)
