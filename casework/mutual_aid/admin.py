"""Plans are edited here too; a change goes through the services, so it is
validated, versioned and audited like a change through the API. The rows
the claims and enrollments write are shown, not edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages

from casework.core.admin import ReadOnlyAdmin
from casework.core.errors import ApplicationError

from .enrollments import PLAN_FIELDS, plan_create, plan_update
from .models import Enrollment, MemberLedger, Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["year", "product", "contribution", "annual_cap", "version"]
    list_filter = ["year", "product"]
    readonly_fields = ["version"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return ["version", "year", "product"] if obj else ["version"]

    def save_model(self, request: Any, obj: Plan, form: Any, change: bool) -> None:
        values = {name: getattr(obj, name) for name in PLAN_FIELDS}
        try:
            if change:
                saved = plan_update(plan=obj, actor=request.user, **values)
            else:
                saved = plan_create(actor=request.user, **values)
        except ApplicationError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return
        obj.pk, obj.version = saved.pk, saved.version


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    """Enrollments are made through the API and the import (the plan's
    rules checked, audited)."""

    list_display = ["member", "plan", "paid_amount", "enrolled_on", "renewal"]
    list_select_related = ["member", "plan"]


@admin.register(MemberLedger)
class MemberLedgerAdmin(ReadOnlyAdmin):
    """The running totals the approvals and payments keep."""

    list_display = ["member", "plan", "approved_total", "paid_total", "paid_claims"]
    list_select_related = ["member", "plan"]
    readonly_fields = ["member", "plan", "approved_total", "paid_total", "paid_claims"]
