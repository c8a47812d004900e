"""The list filters read from the query string: one serializer per list,
shared by the API (``GET /api/cases/``, ``/api/tasks/``, ``/api/members/``,
the reports) and the pages that show the same list, so both refuse the same
values (a NUL character, an unknown program, text too long)."""

from __future__ import annotations

from rest_framework import serializers

PROGRAM_CHOICES = ["relief", "mutual_aid", "mediation", "roster_review", "campaign", "consultation"]


class CaseFilter(serializers.Serializer):
    program = serializers.ChoiceField(choices=PROGRAM_CHOICES, required=False)
    status = serializers.CharField(required=False, max_length=30)
    org_unit = serializers.IntegerField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(required=False, max_length=100)
    format = serializers.ChoiceField(
        choices=["json", "xlsx"],
        required=False,
        help_text="xlsx: the filtered list as a workbook, one sheet per program",
    )


class TaskFilter(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["inbox", "queue", "done"], default="inbox")
    program = serializers.ChoiceField(choices=PROGRAM_CHOICES, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    ordering = serializers.ChoiceField(choices=["due", "-due", "created"], required=False)


class MemberFilter(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ReportFilter(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    org_unit = serializers.IntegerField(required=False, min_value=1)
