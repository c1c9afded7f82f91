"""Read-only JSON in the admin, rendered as lists a support person can read (never the raw JSON)."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from events.models import ScheduleRelease
from events.selectors.releases import changelog_entries


def pairs(values: dict[str, Any] | None) -> SafeString:
    """A dict as "key: value" lines; list values joined by commas."""
    if not values:
        return format_html("<span>{}</span>", _("(none)"))

    def text(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return "" if value is None else str(value)

    return format_html(
        "<dl>{}</dl>",
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((key, text(value)) for key, value in values.items())),
    )


def changelog(release: ScheduleRelease) -> SafeString:
    with timezone.override(release.convention.time_zone):
        rendered = render_to_string(
            "pages/organizer/programme/_changelog.html",
            {"entries": changelog_entries(changelog=release.changelog or {})},
        )
    return SafeString(rendered)


def warnings(release: ScheduleRelease) -> SafeString:
    if not release.warnings:
        return format_html("<span>{}</span>", _("(none)"))
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((warning["message"],) for warning in release.warnings))
    )


def snapshot_summary(release: ScheduleRelease) -> str:
    snapshot = release.snapshot or {}
    return _("%(sessions)s sessions, %(speakers)s speakers, %(rooms)s rooms, %(tracks)s tracks") % {
        "sessions": len(snapshot.get("sessions", [])),
        "speakers": len(snapshot.get("speakers", [])),
        "rooms": len(snapshot.get("rooms", [])),
        "tracks": len(snapshot.get("tracks", [])),
    }
