from django.apps import AppConfig


class BareflowConfig(AppConfig):
    name = "bench.bareflow"
    label = "bareflow"
    verbose_name = "bench: bare viewflow"
    default_auto_field = "django.db.models.BigAutoField"
