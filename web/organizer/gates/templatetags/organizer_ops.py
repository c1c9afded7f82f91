"""Small display helpers of the operations pages."""

import datetime as dt

from django import template
from django.utils import formats, translation

register = template.Library()


@register.filter
def iso_day(value: str | dt.date | None) -> str:
    """A stored ISO day ("2026-12-01") in the page's date format ("1. Dezember 2026")."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return formats.date_format(day, "DATE_FORMAT")


@register.filter
def in_language(obj, field: str) -> str:
    """``obj.<field>_in(language)`` in the page's language: ticket type names, session titles."""
    return getattr(obj, f"{field}_in")(translation.get_language() or "de")
