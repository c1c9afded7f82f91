"""Freezing the programme into schedule releases.

A release's ``snapshot`` is the only thing the public API and the exports read. Its shape::

    {
      "convention": {"id", "slug", "acronym", "name", "venue", "city", "start_date", "end_date",
                     "time_zone", "languages", "website"},
      "halls":    [{"id", "name"}],
      "rooms":    [{"id", "name", "kind", "capacity", "hall_id", "position"}],
      "tracks":   [{"id", "name_de", "name_en", "color"}],
      "speakers": [{"id", "guid", "name", "organization", "bio_de", "bio_en", "photo_url"}],
      "sessions": [{"id", "guid", "title_de", "title_en", "abstract_de", "abstract_en", "format",
                    "track_id", "room_id", "start", "end", "language", "capacity", "exhibitor_id",
                    "speakers": [{"id", "role"}]}],
      "opening_hours": [{"date", "opens_at", "closes_at"}],   (local dates and "HH:MM" times; added later,
                                                                absent from older releases)
    }

Times are ISO 8601 with offset (UTC). Only confirmed sessions that have a room and a time are published;
speakers appear only if they speak in a published session. Lists are sorted so two snapshots of the same
programme are identical (releases compare them).
"""

from functools import partial
from typing import Any

from django.db import transaction

from events.enums import SessionStatus
from events.models import Convention, ScheduleRelease, Session, Speaker
from events.selectors.schedule import forget_latest_release, schedule_warnings
from events.services import calendar, webhook_events
from events.services import speakers as speaker_services


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def build_programme_snapshot(*, convention: Convention) -> dict[str, Any]:
    """Return the public, JSON-ready picture of the convention's current programme (no writes)."""
    sessions = list(
        Session.objects.filter(
            convention=convention,
            status=SessionStatus.CONFIRMED,
            room__isnull=False,
            start__isnull=False,
            end__isnull=False,
        )
        .prefetch_related("session_speakers")
        .order_by("start", "room_id", "pk")
    )
    speaker_ids = {role.speaker_id for session in sessions for role in session.session_speakers.all()}
    speakers = Speaker.objects.filter(pk__in=speaker_ids).order_by("name", "pk")
    return {
        "convention": {
            "id": convention.pk,
            "slug": convention.slug,
            "acronym": convention.acronym,
            "name": convention.name,
            "venue": convention.venue,
            "city": convention.city,
            "start_date": convention.start_date.isoformat(),
            "end_date": convention.end_date.isoformat(),
            "time_zone": convention.time_zone,
            "languages": list(convention.languages),
            "website": convention.website,
        },
        "halls": [{"id": hall.pk, "name": hall.name} for hall in convention.halls.order_by("position", "pk")],
        "rooms": [
            {
                "id": room.pk,
                "name": room.name,
                "kind": room.kind,
                "capacity": room.capacity,
                "hall_id": room.hall_id,
                "position": room.position,
            }
            for room in convention.rooms.order_by("position", "pk")
        ],
        "tracks": [
            {"id": track.pk, "name_de": track.name_de, "name_en": track.name_en, "color": track.color}
            for track in convention.tracks.order_by("position", "pk")
        ],
        "speakers": [
            {
                "id": speaker.pk,
                "guid": str(speaker.guid),
                "name": speaker.name,
                "organization": speaker.organization,
                "bio_de": speaker.bio_de,
                "bio_en": speaker.bio_en,
                "photo_url": speaker_services.photo_link(speaker),
            }
            for speaker in speakers
        ],
        "opening_hours": [
            {
                "date": hours.date.isoformat(),
                "opens_at": f"{hours.opens_at:%H:%M}",
                "closes_at": f"{hours.closes_at:%H:%M}",
                # Only for days that reach past midnight, so releases from before the field compare equal.
                **({"closes_next_day": True} if hours.closes_next_day else {}),
            }
            for hours in convention.opening_hours.order_by("date")
        ],
        "sessions": [
            {
                "id": session.pk,
                "guid": str(session.guid),
                "title_de": session.title_de,
                "title_en": session.title_en,
                "abstract_de": session.abstract_de,
                "abstract_en": session.abstract_en,
                "format": session.format,
                "track_id": session.track_id,
                "room_id": session.room_id,
                "start": _iso(session.start),
                "end": _iso(session.end),
                "language": session.language,
                "capacity": session.capacity,
                "exhibitor_id": session.exhibitor_id,
                "speakers": [
                    {"id": role.speaker_id, "role": role.role}
                    for role in sorted(session.session_speakers.all(), key=lambda r: (r.position, r.pk))
                ],
            }
            for session in sessions
        ],
    }


def release_schedule(*, convention: Convention, released_by: Any = None, comment: str = "") -> ScheduleRelease:
    """Freeze the current programme as the next numbered release of ``convention``.

    Takes a row lock on the convention so two organizers releasing at once get consecutive versions. The
    release stores the snapshot, the changelog against the previous release (see ``build_changelog``) and the
    warnings at release time. Attendees' calendars follow the release (fanned out by a task after commit).
    """
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        previous = convention.releases.order_by("-version").first()
        snapshot = build_programme_snapshot(convention=convention)
        release = ScheduleRelease.objects.create(
            convention=convention,
            version=(previous.version + 1) if previous else 1,
            released_by=released_by if getattr(released_by, "pk", None) else None,
            comment=comment,
            snapshot=snapshot,
            changelog=build_changelog(
                convention=convention, previous=previous.snapshot if previous else None, current=snapshot
            )
            | {"previous_version": previous.version if previous else None},
            warnings=schedule_warnings(convention=convention),
        )
        calendar.queue_release_updates(release=release)  # enqueued after commit; the fan-out runs in Celery
        webhook_events.emit_release(release=release)
        # Exports show the new release at once. Forgotten now for this transaction's own reads, and again after
        # commit in case a parallel request remembered the old release meanwhile.
        forget_latest_release(slug=convention.slug)
        transaction.on_commit(partial(forget_latest_release, slug=convention.slug))
    return release


PLACEMENT_KEYS = ("start", "end", "room_id")


def build_changelog(
    *, convention: Convention, previous: dict[str, Any] | None, current: dict[str, Any]
) -> dict[str, Any]:
    """The exact difference between two snapshots of ``convention``'s programme, keyed by session GUID::

        {"new":       [{"id", "guid", "title", "start", "end", "room_id", "room"}],
         "moved":     [{"id", "guid", "title", "old": {"start", "end", "room_id", "room"},
                                               "new": {"start", "end", "room_id", "room"}}],
         "cancelled": [{"id", "guid", "title", "start", "end", "room_id", "room", "reason"}],
         "changed":   [{"id", "guid", "title", "fields": [...]}]}

    ``cancelled`` lists sessions of the previous release that are no longer published, with ``reason``
    ``"cancelled"`` (the session was cancelled) or ``"removed"`` (deleted, back to draft or unscheduled).
    ``changed`` lists sessions whose other public content (title, abstract, speakers, …) changed. Room and
    time values are those of the respective release; lists are ordered by start, then id. With no previous
    release every published session is new. ``release_schedule`` stores it with ``"previous_version"`` added.
    """
    old_sessions = {session["guid"]: session for session in (previous or {}).get("sessions", [])}
    new_sessions = {session["guid"]: session for session in current["sessions"]}
    old_rooms = {room["id"]: room["name"] for room in (previous or {}).get("rooms", [])}
    new_rooms = {room["id"]: room["name"] for room in current["rooms"]}

    def placement(session: dict[str, Any], rooms: dict[int, str]) -> dict[str, Any]:
        return {
            "start": session["start"],
            "end": session["end"],
            "room_id": session["room_id"],
            "room": rooms.get(session["room_id"]),
        }

    def head(session: dict[str, Any]) -> dict[str, Any]:
        return {"id": session["id"], "guid": session["guid"], "title": session["title_en"] or session["title_de"]}

    new, moved, changed = [], [], []
    for guid, session in new_sessions.items():
        old = old_sessions.get(guid)
        if old is None:
            new.append(head(session) | placement(session, new_rooms))
            continue
        if any(old[key] != session[key] for key in PLACEMENT_KEYS):
            moved.append(head(session) | {"old": placement(old, old_rooms), "new": placement(session, new_rooms)})
        fields = sorted(
            key for key in session.keys() | old.keys() if key not in PLACEMENT_KEYS and old.get(key) != session.get(key)
        )
        if fields:
            changed.append(head(session) | {"fields": fields})

    gone = [session for guid, session in old_sessions.items() if guid not in new_sessions]
    cancelled_guids = {
        str(guid)
        for guid in Session.objects.filter(
            convention=convention, guid__in=[session["guid"] for session in gone], status=SessionStatus.CANCELLED
        ).values_list("guid", flat=True)
    }
    cancelled = [
        head(session)
        | placement(session, old_rooms)
        | {"reason": "cancelled" if session["guid"] in cancelled_guids else "removed"}
        for session in gone
    ]

    def by_start(entry: dict[str, Any]) -> tuple[str, int]:
        # Snapshot times are all ISO 8601 in UTC, so they sort as strings.
        return (entry["new"]["start"] if "new" in entry else entry["start"], entry["id"])

    return {
        "new": sorted(new, key=by_start),
        "moved": sorted(moved, key=by_start),
        "cancelled": sorted(cancelled, key=by_start),
        "changed": sorted(changed, key=lambda entry: (new_sessions[entry["guid"]]["start"], entry["id"])),
    }
