from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutualAidConfig(AppConfig):
    name = "casework.mutual_aid"
    label = "mutual_aid"
    verbose_name = _("Medical mutual aid")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from .privacy import FIELD_CLASSES
        from .selectors import mutual_aid_case_data

        case_data.register("mutual_aid", mutual_aid_case_data)
        fields_classify("mutual_aid", FIELD_CLASSES)
