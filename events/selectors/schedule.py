"""Warnings about the programme: problems an organizer should look at, but that do not block a change.

``schedule_warnings`` returns a list of plain dicts, each with at least ``code``, ``message`` and
``session_id``; further keys depend on the code:

- ``room_clash``: ``room_id``, ``other_session_id`` (two sessions in one room at overlapping times; the scheduling
  service refuses this, so it names data that got in before the rule held or around the service; ``session_id``
  is the one that starts first);
- ``speaker_double_booked``: ``speaker_id``, ``other_session_id`` (one warning per speaker and pair of
  overlapping sessions; ``session_id`` is the one that starts first);
- ``speaker_unavailable``: ``speaker_id``, ``unavailability_id``;
- ``speaker_declined``: ``speaker_id``, ``note`` (the speaker's note to the organizers, may be empty);
- ``over_capacity``: ``room_id``, ``expected_attendance``, ``capacity``;
- ``missing_room_or_time``: ``missing`` (a list of ``"room"``, ``"time"``).

Cancelled sessions never produce warnings; drafts do (they are the programme being built), except
``missing_room_or_time``, which concerns confirmed sessions only. A speaker who declined a session counts
neither as double booked nor as unavailable there. The number of queries is constant.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from events.enums import SessionStatus, SpeakerState
from events.errors import NotFound, ScheduleNotReleased
from events.models import Convention, ScheduleRelease, Session, SessionSpeaker, SpeakerUnavailability

WARNING_CODES = (
    "room_clash",
    "speaker_double_booked",
    "speaker_unavailable",
    "speaker_declined",
    "over_capacity",
    "missing_room_or_time",
)


Span = tuple[dt.datetime, dt.datetime]


def schedule_warnings(*, convention: Convention, span: Span | None = None) -> list[dict[str, Any]]:
    """All current warnings of ``convention``, ordered by kind, then by session start and id.

    With ``span`` (start, end) only the warnings that concern sessions overlapping it or sessions without a time
    (a day of the schedule board), read from those sessions only: the same rules, for less of the programme.
    """
    zone = ZoneInfo(convention.time_zone)
    warnings = [
        *_room_clash_warnings(convention=convention, zone=zone, span=span),
        *_speaker_warnings(convention=convention, zone=zone, span=span),
        *_over_capacity_warnings(convention=convention, span=span),
        *_missing_room_or_time_warnings(convention=convention, span=span),
    ]
    order = {code: index for index, code in enumerate(WARNING_CODES)}
    # Each builder leaves a private "_sort" key (start, ids) for a stable order; it is not part of the warning.
    keyed = [((order[warning["code"]], warning.pop("_sort")), warning) for warning in warnings]
    return [warning for _key, warning in sorted(keyed, key=lambda pair: pair[0])]


def _within(span: Span | None, prefix: str = "") -> Q:
    """Sessions (at ``prefix``) overlapping ``span`` or without a time; every session without a span."""
    if span is None:
        return Q()
    return Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lt": span[1], f"{prefix}end__gt": span[0]})


def _room_clash_warnings(*, convention: Convention, zone: ZoneInfo, span: Span | None) -> list[dict[str, Any]]:
    sessions = (
        Session.objects.filter(convention=convention, room__isnull=False, start__isnull=False, end__isnull=False)
        .filter(_within(span))
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("room_id", "start", "pk")
        .values_list("pk", "title_de", "title_en", "room_id", "room__name", "start", "end")
    )
    by_room: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in sessions:
        by_room[row[3]].append(row)
    warnings: list[dict[str, Any]] = []
    for rows in by_room.values():
        for index, (session_id, title_de, title_en, room_id, room_name, start, end) in enumerate(rows):
            for other_id, other_de, other_en, _room, _name, other_start, other_end in rows[index + 1 :]:
                if other_start >= end:
                    break  # sorted by start: no later session in this room can overlap this one
                warnings.append(
                    {
                        "code": "room_clash",
                        "message": (
                            f"Room “{room_name}” holds “{title_en or title_de}” ({_span(start, end, zone)}) and "
                            f"“{other_en or other_de}” ({_span(other_start, other_end, zone)}) at overlapping times."
                        ),
                        "session_id": session_id,
                        "room_id": room_id,
                        "other_session_id": other_id,
                        "_sort": (start, session_id, other_id),
                    }
                )
    return warnings


def _speaker_warnings(*, convention: Convention, zone: ZoneInfo, span: Span | None) -> list[dict[str, Any]]:
    roles = (
        SessionSpeaker.objects.filter(_within(span, "session__"), session__convention=convention)
        .exclude(session__status=SessionStatus.CANCELLED)
        .values_list(
            "speaker_id",
            "speaker__name",
            "session_id",
            "session__title_de",
            "session__title_en",
            "session__start",
            "session__end",
            "state",
            "note",
        )
    )
    sessions_by_speaker: dict[int, list[tuple[Any, Any, int, str]]] = defaultdict(list)
    speaker_names: dict[int, str] = {}
    warnings: list[dict[str, Any]] = []
    for speaker_id, speaker_name, session_id, title_de, title_en, start, end, state, note in roles:
        speaker_names[speaker_id] = speaker_name
        if state == SpeakerState.DECLINED:
            warnings.append(_declined_warning(speaker_id, speaker_name, session_id, title_en or title_de, start, note))
        elif start is not None and end is not None:
            sessions_by_speaker[speaker_id].append((start, end, session_id, title_en or title_de))

    for speaker_id, sessions in sessions_by_speaker.items():
        sessions.sort()
        for index, (start, end, session_id, title) in enumerate(sessions):
            for other_start, _other_end, other_id, other_title in sessions[index + 1 :]:
                if other_start >= end:
                    break  # sorted by start: no later session can overlap this one
                warnings.append(
                    {
                        "code": "speaker_double_booked",
                        "message": (
                            f"{speaker_names[speaker_id]} speaks in “{title}” ({_span(start, end, zone)}) and in "
                            f"“{other_title}” at an overlapping time."
                        ),
                        "session_id": session_id,
                        "speaker_id": speaker_id,
                        "other_session_id": other_id,
                        "_sort": (start, session_id, other_id, speaker_id),
                    }
                )

    unavailabilities = (
        SpeakerUnavailability.objects.filter(speaker__convention=convention)
        .filter(Q() if span is None else Q(start__lt=span[1], end__gt=span[0]))
        .values_list("pk", "speaker_id", "start", "end", "note")
    )
    for unavailability_id, speaker_id, away_start, away_end, note in unavailabilities:
        for start, end, session_id, title in sessions_by_speaker.get(speaker_id, ()):
            if start < away_end and end > away_start:
                reason = f" ({note})" if note else ""
                warnings.append(
                    {
                        "code": "speaker_unavailable",
                        "message": (
                            f"{speaker_names[speaker_id]} is not available {_span(away_start, away_end, zone)}"
                            f"{reason} but speaks in “{title}” ({_span(start, end, zone)})."
                        ),
                        "session_id": session_id,
                        "speaker_id": speaker_id,
                        "unavailability_id": unavailability_id,
                        "_sort": (start, session_id, speaker_id, unavailability_id),
                    }
                )
    return warnings


def _declined_warning(
    speaker_id: int, speaker_name: str, session_id: int, title: str, start: dt.datetime | None, note: str
) -> dict[str, Any]:
    return {
        "code": "speaker_declined",
        "message": f"{speaker_name} declined “{title}”." + (f" Note: {note}" if note else ""),
        "session_id": session_id,
        "speaker_id": speaker_id,
        "note": note,
        "_sort": (_sortable(start), session_id, speaker_id),
    }


def _over_capacity_warnings(*, convention: Convention, span: Span | None) -> list[dict[str, Any]]:
    sessions = (
        Session.objects.filter(_within(span), convention=convention, expected_attendance__gt=F("room__capacity"))
        .exclude(status=SessionStatus.CANCELLED)
        .values_list(
            "pk", "title_de", "title_en", "start", "room_id", "room__name", "room__capacity", "expected_attendance"
        )
    )
    return [
        {
            "code": "over_capacity",
            "message": (f"“{title_en or title_de}” expects {expected} people but room “{room_name}” holds {capacity}."),
            "session_id": session_id,
            "room_id": room_id,
            "expected_attendance": expected,
            "capacity": capacity,
            "_sort": (_sortable(start), session_id),
        }
        for session_id, title_de, title_en, start, room_id, room_name, capacity, expected in sessions
    ]


def _missing_room_or_time_warnings(*, convention: Convention, span: Span | None) -> list[dict[str, Any]]:
    sessions = Session.objects.filter(
        Q(room__isnull=True) | Q(start__isnull=True) | Q(end__isnull=True),
        _within(span),
        convention=convention,
        status=SessionStatus.CONFIRMED,
    ).values_list("pk", "title_de", "title_en", "room_id", "start", "end")
    warnings = []
    for session_id, title_de, title_en, room_id, start, end in sessions:
        missing = [
            name for name, absent in (("room", room_id is None), ("time", start is None or end is None)) if absent
        ]
        warnings.append(
            {
                "code": "missing_room_or_time",
                "message": f"“{title_en or title_de}” is confirmed but has no {' and no '.join(missing)} yet.",
                "session_id": session_id,
                "missing": missing,
                "_sort": (_sortable(start), session_id),
            }
        )
    return warnings


_LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)


def _sortable(start: dt.datetime | None) -> dt.datetime:
    return start if start is not None else _LATEST


def _span(start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> str:
    local_start, local_end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    if local_start.date() == local_end.date():
        return f"{local_start:%Y-%m-%d %H:%M}–{local_end:%H:%M}"
    return f"{local_start:%Y-%m-%d %H:%M}–{local_end:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class ReleaseRef:
    """Just enough of a release to answer a conditional request without loading its snapshot."""

    release_id: int
    version: int
    convention_id: int


# How long the latest release of a slug is remembered. Releasing (``release_schedule``) and convention edits
# through ``update_convention`` forget it at once; the limit bounds edits made elsewhere (the admin hiding a
# convention), which exports' own ``Cache-Control: max-age=60`` lets clients lag behind anyway.
LATEST_RELEASE_CACHE_SECONDS = 30


def _latest_release_key(slug: str) -> str:
    return f"messe:latest-release:{slug}"


def latest_public_release(*, slug: str) -> ReleaseRef:
    """The latest release of the public convention ``slug``: one cache read on the hot path (one query when
    the cache does not have it).

    Raises ``NotFound`` for an unknown (or non-public) convention and ``ScheduleNotReleased`` when it has no
    release yet; neither answer is cached.
    """
    key = _latest_release_key(slug)
    cached = cache.get(key)
    if cached is not None:
        return ReleaseRef(*cached)
    row = (
        ScheduleRelease.objects.filter(convention__slug=slug, convention__is_public=True)
        .order_by("-version")
        .values_list("pk", "version", "convention_id")
        .first()
    )
    if row is not None:
        cache.set(key, tuple(row), LATEST_RELEASE_CACHE_SECONDS)
        return ReleaseRef(release_id=row[0], version=row[1], convention_id=row[2])
    if Convention.objects.filter(slug=slug, is_public=True).exists():
        raise ScheduleNotReleased()
    raise NotFound(f"There is no convention “{slug}”.")


def forget_latest_release(*, slug: str) -> None:
    """Drop what ``latest_public_release`` remembers for ``slug`` (after a release or a convention edit)."""
    cache.delete(_latest_release_key(slug))


def releases_for_listing(*, convention: Convention) -> QuerySet[ScheduleRelease]:
    """Releases of ``convention``, newest first, without their (large) snapshots."""
    return ScheduleRelease.objects.filter(convention=convention).defer("snapshot").order_by("-version")


def cancelled_session(*, convention_id: int, session_id: int) -> dict[str, Any] | None:
    """A session that was published and has been cancelled since: its entry in the latest release that still
    showed it (title, time and room as attendees saw them), or ``None`` (never published, or not cancelled).

    Sessions that were only ever drafts stay unknown to the public, cancelled or not.
    """
    if not Session.objects.filter(pk=session_id, convention_id=convention_id, status=SessionStatus.CANCELLED).exists():
        return None
    releases = ScheduleRelease.objects.filter(convention_id=convention_id).order_by("-version")
    for snapshot in releases.values_list("snapshot", flat=True).iterator(chunk_size=4):
        for session in snapshot.get("sessions", []):
            if session["id"] == session_id:
                rooms = {room["id"]: room["name"] for room in snapshot.get("rooms", [])}
                return session | {"room_name": rooms.get(session.get("room_id"), "")}
    return None
