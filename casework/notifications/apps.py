from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "casework.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from workflows import hooks

        from .decisions import applicant_tell_decision

        hooks.case_decided.connect(applicant_tell_decision)
