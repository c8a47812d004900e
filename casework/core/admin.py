from django.contrib import admin

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


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "description", "source"]
    readonly_fields = ["key", "kind"]

    def save_model(self, request, obj, form, change):
        from decimal import Decimal

        if change:
            parameter_update(
                parameter=Parameter.objects.get(pk=obj.pk),
                actor=request.user,
                value=Decimal(obj.value),
            )
        else:
            super().save_model(request, obj, form, change)


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
