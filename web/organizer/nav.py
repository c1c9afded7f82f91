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
    NavItem(_("Schedule board"), "web:organizer-board-day", "read"),
    NavItem(_("Session editor"), "web:organizer-programme-sessions", "read"),
    NavItem(_("Schedule release"), "web:organizer-programme-release", "change"),
    NavItem(_("Speakers"), "web:organizer-speakers", "read"),
    NavItem(_("Exhibitors"), "web:organizer-exhibitors-list", "read"),
    NavItem(_("Tickets"), "web:organizer-tickets-types", "read"),
    NavItem(_("Registrations"), "web:organizer-registrations", "personal_data"),
    NavItem(_("Gates and devices"), "web:organizer-gates", "read"),
    NavItem(_("Badge printing"), "web:organizer-badges", "read"),
    NavItem(_("Messages"), "web:organizer-messages", "read"),
    NavItem(_("Announcements"), "web:organizer-announcements", "read"),
    NavItem(_("Import"), "web:organizer-imports", "change"),
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
