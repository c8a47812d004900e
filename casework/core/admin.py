from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from casework.api.admin_api import MAX_INTEGER_PARAMETER

from .errors import ApplicationError
from .models import CalendarDay, Case, CaseDocument, Member, OrgUnit, Parameter, UserProfile
from .parameter_services import parameter_update


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    search_fields = ["name", "code"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "birth_date", "org_unit", "status"]
    search_fields = ["name", "id_number"]
    list_select_related = ["org_unit"]
    readonly_fields = ["gender", "birth_date"]


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "org_unit"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]


class ParameterForm(forms.ModelForm):
    """The value as the API takes it (PATCH /api/parameters/{key}/), checked
    by the service itself so the admin refuses exactly what the API refuses."""

    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=4)

    class Meta:
        model = Parameter
        fields = ["value"]

    actor: Any = None

    def clean_value(self) -> Decimal:
        value: Decimal = self.cleaned_data["value"]
        if self.instance.kind == Parameter.Kind.INTEGER and value > MAX_INTEGER_PARAMETER:
            raise forms.ValidationError(
                _("must be at most %(limit)s"), params={"limit": MAX_INTEGER_PARAMETER}
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get("value")
        if value is not None:
            try:
                _dry_run(self.instance, self.actor, value)
            except ApplicationError as exc:
                for problem in exc.fields.get("value") or [exc.message]:
                    self.add_error("value", problem)
        return cleaned


class _DryRun(Exception):
    pass


def _dry_run(parameter: Parameter, actor: Any, value: Decimal) -> None:
    """Run the service and undo it: its refusals become form errors before
    anything is saved, with the rules written once, in the service."""
    try:
        with transaction.atomic():
            parameter_update(parameter=parameter, actor=actor, value=value)
            raise _DryRun
    except _DryRun:
        pass


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    """Parameters are seeded by a migration and read by key: the admin changes
    values only, through the service (validated, audited), and only an
    administrator may, as through the API."""

    form = ParameterForm
    list_display = ["key", "value", "description", "source"]
    readonly_fields = ["key", "kind", "description", "source"]
    fields = ["key", "kind", "value", "description", "source"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request: Any, obj: Parameter, form: Any, change: bool) -> None:
        saved = parameter_update(
            parameter=obj, actor=request.user, value=form.cleaned_data["value"]
        )
        obj.value = saved.value


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["case_number", "program", "case_status", "org_unit", "member", "created"]
    list_filter = ["program", "case_status"]
    search_fields = ["case_number"]
    list_select_related = ["org_unit", "member"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseDocument)
class CaseDocumentAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "name", "uploaded_by", "uploaded_at"]

    def has_change_permission(self, request, obj=None):
        return False
