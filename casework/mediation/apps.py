from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "casework.mediation"
    label = "mediation"
    verbose_name = "Labor-dispute mediation"
