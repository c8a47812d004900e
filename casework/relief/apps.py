from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "casework.relief"
    label = "relief"
    verbose_name = _("Hardship relief")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify
        from casework.core.reference_data import keep_in_snapshot

        from . import selectors
        from .models import ReliefCeiling, SubsistenceStandard
        from .privacy import FIELD_CLASSES

        case_data.register("relief", selectors.relief_case_data)
        fields_classify("relief", FIELD_CLASSES)
        # every recommendation and approval reads them: 0 queries in the steady state
        keep_in_snapshot(selectors.STANDARDS, SubsistenceStandard, selectors.standards_read)
        keep_in_snapshot(selectors.CEILINGS, ReliefCeiling, selectors.ceilings_read)
