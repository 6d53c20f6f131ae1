"""`{% load reception_ui %}`: masking personal data in lists (all but the last 4 digits)."""

from django import template

from neuguong.core.text import mask_digits

register = template.Library()


@register.filter
def mask(value) -> str:
    return mask_digits(value or "")
