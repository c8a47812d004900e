from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "casework.campaigns"
    label = "campaigns"
    verbose_name = _("Seasonal relief campaigns")

    def ready(self) -> None:
        from casework.core import case_data
        from casework.core.classification import fields_classify

        from .privacy import FIELD_CLASSES
        from .selectors import campaign_case_data

        case_data.register("campaign", campaign_case_data)
        fields_classify("campaign", FIELD_CLASSES)
