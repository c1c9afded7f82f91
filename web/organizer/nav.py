"""The organizer area's navigation: one ``NavItem`` per area, shown to the roles that have its ``need``.

Each area adds one line to ``NAV_ITEMS``; its ``url_name`` takes the convention's ``slug`` as its only argument.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from web.organizer.access import role_has


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    need: str = "read"
    description: str | Promise = ""


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Organizer home"), "web:organizer-home", "read"),
    NavItem(_("Dashboard"), "web:dashboard", "read", _("Registrations, check-ins and rooms at a glance.")),
    NavItem(_("Team"), "web:organizer-team", "team", _("Who works on this convention, in which role.")),
]


def nav_for(*, slug: str, role: str | None, current: str = "") -> list[dict[str, object]]:
    """The entries ``role`` may open, with their URLs; ``current`` is the url_name of the page shown."""
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name, args=[slug]),
            "url_name": item.url_name,
            "description": item.description,
            "current": item.url_name == current,
        }
        for item in NAV_ITEMS
        if role_has(role, item.need)
    ]
