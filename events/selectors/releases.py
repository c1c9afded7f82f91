"""Releases as organizers read them: changelogs as lists of entries, and the preview of the next release.

A changelog is stored as JSON (``events.services.publishing.build_changelog``); ``changelog_entries`` turns it
into rows a page or the admin can show ("moved: Keynote, Tue 10:00 Stage 1 → Wed 11:00 Stage 2") without
anyone reading JSON. ``release_preview`` computes, without writing, what "release" would publish now.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import Convention, ScheduleRelease
from events.selectors.schedule import schedule_warnings
from events.services.calendar import calendars_out_of_date, details_from_snapshot
from events.services.publishing import build_changelog, build_programme_snapshot

CHANGE_KINDS = ("new", "moved", "cancelled", "changed")

# Snapshot keys of a session, as an organizer calls them (the "changed" entries of a changelog list keys).
FIELD_LABELS: dict[str, Promise] = {
    "title_de": _("title (German)"),
    "title_en": _("title (English)"),
    "abstract_de": _("abstract (German)"),
    "abstract_en": _("abstract (English)"),
    "format": _("format"),
    "track_id": _("track"),
    "language": _("language"),
    "capacity": _("capacity"),
    "exhibitor_id": _("exhibitor"),
    "speakers": _("speakers"),
}


@dataclass(frozen=True)
class Placement:
    start: dt.datetime | None
    end: dt.datetime | None
    room: str


@dataclass(frozen=True)
class ChangeEntry:
    kind: str  # one of CHANGE_KINDS
    session_id: int
    title: str
    placement: Placement | None = None  # where it is now (new, moved) or was (cancelled)
    old: Placement | None = None  # moved: where it was
    reason: str = ""  # cancelled: "cancelled" or "removed"
    fields: tuple[str, ...] = ()  # changed: readable names of what changed


@dataclass(frozen=True)
class ReleasePreview:
    next_version: int
    previous_version: int | None
    entries: list[ChangeEntry]
    warnings: list[dict[str, Any]]
    attendees_to_update: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.entries)


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _placement(entry: dict[str, Any]) -> Placement:
    return Placement(start=_time(entry.get("start")), end=_time(entry.get("end")), room=entry.get("room") or "")


def changelog_entries(*, changelog: dict[str, Any]) -> list[ChangeEntry]:
    """The entries of a stored changelog in the order new, moved, cancelled, changed (each by start)."""
    entries: list[ChangeEntry] = []
    for item in changelog.get("new", []):
        entries.append(ChangeEntry("new", item["id"], item["title"], placement=_placement(item)))
    for item in changelog.get("moved", []):
        entries.append(
            ChangeEntry(
                "moved", item["id"], item["title"], placement=_placement(item["new"]), old=_placement(item["old"])
            )
        )
    for item in changelog.get("cancelled", []):
        entries.append(
            ChangeEntry(
                "cancelled", item["id"], item["title"], placement=_placement(item), reason=item.get("reason", "")
            )
        )
    for item in changelog.get("changed", []):
        labels = tuple(str(FIELD_LABELS.get(key, key)) for key in item.get("fields", []))
        entries.append(ChangeEntry("changed", item["id"], item["title"], fields=labels))
    return entries


def release_preview(*, convention: Convention) -> ReleasePreview:
    """What releasing now would publish: the changelog against the latest release, the open warnings and how
    many attendees' calendars would get an update (no writes)."""
    previous = convention.releases.order_by("-version").first()
    snapshot = build_programme_snapshot(convention=convention)
    changelog = build_changelog(
        convention=convention, previous=previous.snapshot if previous else None, current=snapshot
    )
    out_of_date = calendars_out_of_date(convention_id=convention.pk, published=details_from_snapshot(snapshot=snapshot))
    return ReleasePreview(
        next_version=(previous.version + 1) if previous else 1,
        previous_version=previous.version if previous else None,
        entries=changelog_entries(changelog=changelog),
        warnings=schedule_warnings(convention=convention),
        attendees_to_update=len({registration_id for _pk, registration_id in out_of_date}),
        counts={kind: len(changelog[kind]) for kind in CHANGE_KINDS},
    )


@dataclass(frozen=True)
class ReleaseListing:
    release: ScheduleRelease
    entries: list[ChangeEntry]
    counts: dict[str, int]


def release_history(*, convention: Convention) -> list[ReleaseListing]:
    """Every release of ``convention``, newest first, with its changelog as entries (snapshots not loaded)."""
    releases = (
        ScheduleRelease.objects.filter(convention=convention)
        .defer("snapshot")
        .select_related("released_by")
        .order_by("-version")
    )
    return [
        ReleaseListing(
            release=release,
            entries=changelog_entries(changelog=release.changelog),
            counts={kind: len(release.changelog.get(kind, [])) for kind in CHANGE_KINDS},
        )
        for release in releases
    ]
