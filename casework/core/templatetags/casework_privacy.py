"""Masking in templates, for lists (which never show personal data whole):
``{% load casework_privacy %}{{ member.id_number|masked_id }}``."""

from __future__ import annotations

from django import template

from casework.core.masking import mask_id_number

register = template.Library()


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value or "")
