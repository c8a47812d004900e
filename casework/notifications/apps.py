from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "casework.notifications"
    label = "notifications"

    def ready(self) -> None:
        from workflows import hooks

        from .decisions import applicant_tell_decision

        hooks.case_decided.connect(applicant_tell_decision)
