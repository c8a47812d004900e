"""The admin shows referrals without their confidential content (session
notes, statements and agreement terms are read through the API, where the
access rule applies)."""

from django.contrib import admin

from .models import Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = [
        "case",
        "court",
        "court_case_number",
        "referral_type",
        "procedure",
        "received_on",
        "deadline",
        "mediator",
        "outcome",
    ]
    list_select_related = ["case", "mediator"]
    list_filter = ["referral_type", "outcome"]
    shown = (
        "court",
        "court_case_number",
        "referral_type",
        "procedure",
        "referred_on",
        "received_on",
        "deadline",
        "extension_days",
        "mediator",
        "outcome",
        "outcome_on",
        "judicial_confirmation",
        "performance",
        "returned_on",
        "letter_reference",
    )
    fields = shown
    readonly_fields = shown

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
