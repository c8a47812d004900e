from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "casework.mediation"
    label = "mediation"
    verbose_name = "Labor-dispute mediation"

    def ready(self) -> None:
        from casework.core import case_data

        from .selectors import mediation_case_data

        case_data.register("mediation", mediation_case_data)
