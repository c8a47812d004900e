from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casework.reports"
    label = "reports"
    verbose_name = "reports and documents"
    default_auto_field = "django.db.models.BigAutoField"
