"""Dates and times inside the domain's messages (refusals, import notes), in the active language.

English keeps ISO dates (2025-09-30 14:00), as the API's clients, the logs and the tests read them; the German
catalog turns the formats into 30.09.2025 14:00. Leaf module: importable from services and readers alike.
"""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import pgettext


def message_date(day: dt.date) -> str:
    return date_format(day, pgettext("message date", "Y-m-d"))


def message_datetime(moment: dt.datetime) -> str:
    """``moment`` as it reads on its wall clock (convert it to the convention's zone first)."""
    return date_format(moment, pgettext("message date and time", "Y-m-d H:i"))
