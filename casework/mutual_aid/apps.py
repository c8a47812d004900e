from django.apps import AppConfig


class MutualAidConfig(AppConfig):
    name = "casework.mutual_aid"
    label = "mutual_aid"
    verbose_name = "Medical mutual aid"
