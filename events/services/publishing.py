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
    }

Times are ISO 8601 with offset (UTC). Only confirmed sessions that have a room and a time are published;
speakers appear only if they speak in a published session. Lists are sorted so two snapshots of the same
programme are identical (releases compare them).
"""

from typing import Any

from django.db import transaction

from events.enums import SessionStatus
from events.models import Convention, ScheduleRelease, Session, Speaker
from events.services import calendar


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
                "photo_url": speaker.photo_url,
            }
            for speaker in speakers
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

    Takes a row lock on the convention so two organizers releasing at once get consecutive versions.
    """
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        previous = convention.releases.order_by("-version").first()
        release = ScheduleRelease.objects.create(
            convention=convention,
            version=(previous.version + 1) if previous else 1,
            released_by=released_by if getattr(released_by, "pk", None) else None,
            comment=comment,
            snapshot=build_programme_snapshot(convention=convention),
        )
        calendar.queue_release_updates(release=release)  # attendee calendars follow the release, after commit
        return release
