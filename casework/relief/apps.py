from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "casework.relief"
    label = "relief"
    verbose_name = "Hardship relief"

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from .privacy import FIELD_CLASSES
        from .selectors import relief_case_data

        case_data.register("relief", relief_case_data)
        fields_classify("relief", FIELD_CLASSES)
