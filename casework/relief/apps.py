from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "casework.relief"
    label = "relief"
    verbose_name = "Hardship relief"
