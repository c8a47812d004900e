"""Input of the request and of the review's actions."""

from __future__ import annotations

from rest_framework import serializers

from casework.core import text_limits


class ReconsiderationInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=text_limits.STATEMENT, style={"base_template": "textarea.html"}
    )


class DecisionInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=text_limits.REASON, style={"base_template": "textarea.html"}
    )
