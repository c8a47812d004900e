from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "casework.reports"
    label = "reports"
    verbose_name = _("Reports and documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows import hooks

        from .figures import case_figures_refresh

        # the figures follow every status move the engine makes
        hooks.status_moved.connect(case_figures_refresh)
