from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "casework.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # the calendar's system checks; reference_data's signal receivers
        from . import checks, reference_data  # noqa: F401
