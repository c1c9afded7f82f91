"""Dates as readers of the page's language write them: "Dienstag, 30. September 2025", "Tuesday, Sept. 30, 2025".

Always through the locale's ``DATE_FORMAT`` (German: ``j. F Y``), never a hard-coded pattern such as ``j F Y``,
which gives "30 September 2025" on a German page.
"""

import datetime as dt

from django import template
from django.utils import formats, timezone

register = template.Library()


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    return timezone.template_localtime(value) if isinstance(value, dt.datetime) else value


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    """Weekday and date: "Dienstag, 30. September 2025"."""
    if not value:
        return ""
    value = _local(value)
    return f"{formats.date_format(value, 'l')}, {formats.date_format(value, 'DATE_FORMAT')}"


@register.filter
def day_date(value: dt.date | dt.datetime | None) -> str:
    """The date alone: "30. September 2025"."""
    if not value:
        return ""
    return formats.date_format(_local(value), "DATE_FORMAT")
