"""Maintaining the programme's building blocks: rooms, tracks and speakers.

Sessions themselves are written through ``events.services.schedule``, which enforces the scheduling rules.
"""

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from events.enums import SessionStatus
from events.errors import DuplicateName, RoomInUse
from events.models import Convention, Room, Speaker, SpeakerUnavailability, Track

ROOM_FIELDS = {"hall", "name", "kind", "capacity", "description", "position"}
TRACK_FIELDS = {"name_de", "name_en", "color", "position"}
SPEAKER_FIELDS = {
    "name",
    "organization",
    "job_title",
    "bio_de",
    "bio_en",
    "photo_url",
    "email",
    "language",
    "external_id",
}


def _apply(*, obj: Model, allowed: set[str], changes: dict[str, Any]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields for {type(obj).__name__}: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(obj, name, value)


def _ensure_unique_name(*, model: type[Model], obj: Model, message: str, **lookup: Any) -> None:
    # The unique constraints hold the invariant; this check only turns the usual case into a clear error.
    convention_id = getattr(obj, "convention_id")  # noqa: B009  (every model named here belongs to a convention)
    clash = model._default_manager.filter(convention_id=convention_id, **lookup).exclude(pk=obj.pk)
    if clash.exists():
        raise DuplicateName(message)


def create_room(*, convention: Convention, **fields: Any) -> Room:
    """Create a room (stage, workshop room, booth area) in ``convention``; names are unique per convention."""
    room = Room(convention=convention)
    return update_room(room=room, **fields)


def update_room(*, room: Room, **changes: Any) -> Room:
    """Change a room's fields (any of ``ROOM_FIELDS``)."""
    _apply(obj=room, allowed=ROOM_FIELDS, changes=changes)
    _ensure_unique_name(
        model=Room, obj=room, message=_("The convention already has a room with this name."), name=room.name
    )
    with transaction.atomic():
        room.save()
    return room


def delete_room(*, room: Room) -> None:
    """Delete a room that no planned session uses.

    Deleting would silently unschedule its sessions (the foreign key is SET_NULL), so the organizer has to move
    or cancel them first.
    """
    with transaction.atomic():
        # Writers that lock the room before placing a session in it (the room-clash check) wait for this deletion.
        room = Room.objects.select_for_update().get(pk=room.pk)
        if room.sessions.exclude(status=SessionStatus.CANCELLED).exists():
            raise RoomInUse()
        room.delete()


def create_track(*, convention: Convention, **fields: Any) -> Track:
    """Create a track in ``convention``; English names are unique per convention."""
    track = Track(convention=convention)
    return update_track(track=track, **fields)


def update_track(*, track: Track, **changes: Any) -> Track:
    """Change a track's fields (any of ``TRACK_FIELDS``)."""
    _apply(obj=track, allowed=TRACK_FIELDS, changes=changes)
    _ensure_unique_name(
        model=Track, obj=track, message=_("The convention already has a track with this name."), name_en=track.name_en
    )
    with transaction.atomic():
        track.save()
    return track


def delete_track(*, track: Track) -> None:
    """Delete a track; its sessions stay in the programme without a track."""
    track.delete()


def create_speaker(
    *, convention: Convention, unavailabilities: list[dict[str, Any]] | None = None, **fields: Any
) -> Speaker:
    """Create a speaker in ``convention``; ``unavailabilities`` is a list of ``{"start", "end", "note"}``."""
    speaker = Speaker(convention=convention)
    return update_speaker(speaker=speaker, unavailabilities=unavailabilities or [], **fields)


def update_speaker(
    *, speaker: Speaker, unavailabilities: list[dict[str, Any]] | None = None, **changes: Any
) -> Speaker:
    """Change a speaker's fields; ``unavailabilities`` (if given) replaces all of their unavailabilities."""
    _apply(obj=speaker, allowed=SPEAKER_FIELDS, changes=changes)
    with transaction.atomic():
        speaker.save()
        if unavailabilities is not None:
            speaker.unavailabilities.all().delete()
            SpeakerUnavailability.objects.bulk_create(
                SpeakerUnavailability(speaker=speaker, start=span["start"], end=span["end"], note=span.get("note", ""))
                for span in unavailabilities
            )
    return speaker


def delete_speaker(*, speaker: Speaker) -> None:
    """Delete a speaker; they disappear from the line-up of their sessions."""
    speaker.delete()
