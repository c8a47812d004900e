from django.contrib import admin

from .models import LoginLock


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Deleting a row unlocks the user name at once."""

    list_display = ["username", "failures", "window_started", "locked_until"]
    search_fields = ["username"]
    readonly_fields = ["username", "failures", "window_started", "locked_until"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False
