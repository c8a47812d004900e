from django.contrib import admin

from casework.core.admin import ReadOnlyAdmin

from .models import ReliefCeiling, RosterEntry, SubsistenceStandard


@admin.register(SubsistenceStandard)
class SubsistenceStandardAdmin(admin.ModelAdmin):
    list_display = ["org_unit", "monthly_amount", "source"]


@admin.register(ReliefCeiling)
class ReliefCeilingAdmin(admin.ModelAdmin):
    list_display = ["aid_type", "category", "amount", "source"]


@admin.register(RosterEntry)
class RosterEntryAdmin(ReadOnlyAdmin):
    """Filed by an approved relief case, changed by its roster review."""

    list_display = ["member", "category", "filed_on", "review_due", "status"]
    list_select_related = ["member"]
