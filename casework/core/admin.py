from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError
from .models import CalendarDay, Case, CaseDocument, Member, OrgUnit, Parameter, UserProfile
from .parameter_services import parameter_update
from .parameters import MAX_INTEGER_PARAMETER
from .services import MEMBER_FIELDS, member_create, member_update, org_unit_create

T = TypeVar("T")


class _DryRun(Exception):
    pass


def _dry_run(call: Callable[[], T]) -> T:
    """Run a service and undo it: its refusals become form errors before
    anything is saved, with the rules written once, in the service."""
    done: list[T] = []
    try:
        with transaction.atomic():
            done.append(call())
            raise _DryRun
    except _DryRun:
        pass
    return done[0]


def _refusal_shown(form: forms.ModelForm, exc: ApplicationError, field_of_code: str) -> None:
    """The service's refusal on the form: each field's problems on that
    field, a refusal naming no field (a duplicate) on ``field_of_code``."""
    if not exc.fields:
        form.add_error(field_of_code if field_of_code in form.fields else None, exc.message)
    for field, problems in exc.fields.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """A unit is added through the service, which sets its path (what every
    scope check reads); its place in the tree does not change afterwards,
    as the paths of its subtree and the scope of its users follow it."""

    list_display = ["name", "code", "level", "parent"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return ["parent", "level"] if obj else []

    def save_model(self, request: Any, obj: OrgUnit, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = org_unit_create(name=obj.name, code=obj.code, parent=obj.parent, level=obj.level)
        obj.pk, obj.path = saved.pk, saved.path


class MemberForm(forms.ModelForm):
    """The record as the API takes it, checked by the service itself (the
    ID number, gender and birth date from it, the phone, the membership
    date, a duplicate), so the admin refuses exactly what the API refuses;
    the form then holds the values as the service stores them."""

    # room for a number typed with spaces or invisible characters: the
    # service stores its one spelling
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)

    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)

    actor: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            saved = _dry_run(lambda: _member_saved(self.instance, self.actor, cleaned))
        except ApplicationError as exc:
            _refusal_shown(self, exc, "id_number")
            return cleaned
        cleaned.update({f: getattr(saved, f) for f in ("name", "id_number", "phone")})
        return cleaned

    def validate_unique(self) -> None:
        if "id_number" not in self.errors:  # else the service refused it, in its words
            super().validate_unique()


def _member_saved(member: Member, actor: Any, cleaned: dict[str, Any]) -> Member:
    """Register ``member`` (not saved yet) or change it through the services
    the API uses, with the form's values."""
    values: dict[str, Any] = {f: cleaned.get(f) for f in MEMBER_FIELDS}
    values["phone"] = values["phone"] or ""
    values["employer"] = values["employer"] or ""
    if member.pk:
        return member_update(member=member, actor=actor, **values)
    status = values.pop("status")
    saved = member_create(actor=actor, **values)
    if status != saved.status:
        saved = member_update(member=saved, actor=actor, status=status)
    return saved


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Members are registered and changed through the services the API uses
    (validated, audited); a member is never deleted (they leave: status)."""

    form = MemberForm
    list_display = ["name", "gender", "birth_date", "org_unit", "status"]
    search_fields = ["name", "id_number"]
    list_select_related = ["org_unit"]
    raw_id_fields = ["user"]
    readonly_fields = ["gender", "birth_date"]
    fields = [*MEMBER_FIELDS, "gender", "birth_date"]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request: Any, obj: Member, form: Any, change: bool) -> None:
        saved = _member_saved(obj, request.user, form.cleaned_data)
        for field in (*MEMBER_FIELDS, "gender", "birth_date"):
            setattr(obj, field, getattr(saved, field))
        obj.pk = saved.pk


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
                _dry_run(
                    lambda: parameter_update(parameter=self.instance, actor=self.actor, value=value)
                )
            except ApplicationError as exc:
                for problem in exc.fields.get("value") or [exc.message]:
                    self.add_error("value", problem)
        return cleaned


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: these rows are made and changed only by
    the case's flow and services (validated, in the audit chain)."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["case_number", "program", "case_status", "org_unit", "member", "created"]
    list_filter = ["program", "case_status"]
    search_fields = ["case_number"]
    list_select_related = ["org_unit", "member"]


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "name", "uploaded_by", "uploaded_at"]
