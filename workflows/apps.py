from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = "Workflows"

    def ready(self) -> None:
        from . import mediation, mutual_aid, relief  # noqa: F401  (register the flows)
