from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = "Workflows"

    def ready(self) -> None:
        from casework.core import case_data
        from casework.relief.roster import roster_case_data

        from . import mediation, mutual_aid, relief, roster_review  # noqa: F401  (register the flows)

        case_data.register("roster_review", roster_case_data)
