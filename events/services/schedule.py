"""Building the programme: creating, moving and cancelling sessions.

The scheduling rules are enforced here, inside the transaction that writes the session:

- a session with a time has both a start and an end, and ends after it starts (``InvalidTimeRange``);
- it lies inside the convention's opening hours of its day, read in the convention's time zone
  (``OutsideOpeningHours``);
- its room, track, exhibitor and speakers belong to the same convention (``NotInConvention``);
- a room never holds two sessions that are not cancelled at overlapping times (``RoomClash``). The room row is
  locked before the check, so two organizers booking the same slot at once cannot both succeed;
- every change raises the session's ``version``; an edit that names the version it was based on
  (``expected_version``) is refused with ``StaleEdit`` when the session has changed since. The session row is
  locked first (then its room), so of two edits based on the same version exactly one is saved.

Softer problems (speaker double bookings, capacity) are warnings: see ``events.selectors.schedule``.
"""

import datetime as dt
import uuid
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.translation import gettext as _

from events.dates import message_date, message_datetime
from events.enums import Language, SessionFormat, SessionStatus, SpeakerRole
from events.errors import InvalidTimeRange, NotInConvention, OutsideOpeningHours, RoomClash, StaleEdit
from events.models import Convention, Exhibitor, OpeningHours, Room, Session, SessionSpeaker, Speaker, Track

# Also for sessions the opening hours do not bound (cancelled ones): nothing on a programme lasts longer.
MAX_SESSION_DURATION = dt.timedelta(hours=24)

SESSION_FIELDS = {
    "title_de",
    "title_en",
    "abstract_de",
    "abstract_en",
    "format",
    "track",
    "room",
    "start",
    "end",
    "language",
    "capacity",
    "expected_attendance",
    "status",
    "exhibitor",
}
# Changing any of these re-checks time range, opening hours and room clashes.
PLACEMENT_FIELDS = {"room", "start", "end", "status"}
_RELATION_FIELDS = {"room", "track", "exhibitor"}


def create_session(
    *,
    convention: Convention,
    title_de: str = "",
    title_en: str = "",
    abstract_de: str = "",
    abstract_en: str = "",
    format: str = SessionFormat.TALK,
    track: Track | None = None,
    room: Room | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    language: str = Language.GERMAN,
    capacity: int | None = None,
    expected_attendance: int | None = None,
    status: str = SessionStatus.DRAFT,
    exhibitor: Exhibitor | None = None,
    speakers: list[tuple[Speaker, str]] | None = None,
    invite_speakers: bool = True,
    external_id: str = "",
    guid: uuid.UUID | None = None,
) -> Session:
    """Create a session; ``speakers`` is a list of (speaker, role) in the order they appear. An imported session
    keeps its ``external_id`` and, when it has one that no other session holds, its ``guid``.

    Raises ``InvalidTimeRange``, ``OutsideOpeningHours``, ``NotInConvention`` or ``RoomClash`` (see the module
    docstring); nothing is written then.
    """
    session = Session(
        convention=convention,
        title_de=title_de,
        title_en=title_en,
        abstract_de=abstract_de,
        abstract_en=abstract_en,
        format=format,
        track=track,
        room=room,
        start=start,
        end=end,
        language=language,
        capacity=capacity,
        expected_attendance=expected_attendance,
        status=status,
        exhibitor=exhibitor,
        external_id=external_id,
        guid=guid or uuid.uuid4(),
    )
    _check_relations(convention=convention, values={"room": room, "track": track, "exhibitor": exhibitor})
    if speakers is not None:
        _check_speakers(convention=convention, speakers=speakers)
    _check_time_range(start=start, end=end)
    with transaction.atomic():
        _check_placement(session=session)
        session.save()
        if speakers is not None:
            set_session_speakers(session=session, speakers=speakers, invite=invite_speakers)
    return session


def update_session(
    *,
    session: Session,
    speakers: list[tuple[Speaker, str]] | None = None,
    expected_version: int | None = None,
    invite_speakers: bool = True,
    **changes: Any,
) -> Session:
    """Change fields of a session (any of ``SESSION_FIELDS``); ``speakers`` replaces the line-up if given.

    The change applies to the session as it is in the database (its row locked), not as ``session`` was read:
    fields not named in ``changes`` keep what others saved meanwhile. With ``expected_version`` the edit is
    refused with ``StaleEdit`` unless the session is still at that version. Moving a session (room, start, end)
    or taking it back from cancelled re-checks the scheduling rules against the session as it would be after
    the change. A refused change writes nothing and leaves ``session`` as it was; a saved one raises its
    ``version`` by one and updates ``session`` in place.
    """
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    convention = session.convention
    _check_relations(convention=convention, values={k: v for k, v in changes.items() if k in _RELATION_FIELDS})
    if speakers is not None:
        _check_speakers(convention=convention, speakers=speakers)
    placement_changed = bool(PLACEMENT_FIELDS & set(changes))
    with transaction.atomic():
        # transaction.atomic is required: the row lock is what makes "check the version, then write" one step.
        # Lock order is session, then room (in _check_placement), everywhere.
        current = _lock_session(session_id=session.pk)
        _check_version(current=current, expected_version=expected_version)
        if placement_changed:
            _check_time_range(start=changes.get("start", current.start), end=changes.get("end", current.end))
            candidate = Session(
                pk=current.pk,
                convention=convention,
                room=changes.get("room", current.room),
                start=changes.get("start", current.start),
                end=changes.get("end", current.end),
                status=changes.get("status", current.status),
            )
            _check_placement(session=candidate)
        for field, value in changes.items():
            setattr(current, field, value)
        current.version += 1
        current.save()
        if speakers is not None:
            set_session_speakers(session=current, speakers=speakers, invite=invite_speakers)
    _copy_saved_fields(source=current, target=session)
    return session


def cancel_session(*, session: Session, expected_version: int | None = None) -> Session:
    """Mark a session cancelled; it frees its room and the next release lists it as cancelled."""
    return update_session(session=session, status=SessionStatus.CANCELLED, expected_version=expected_version)


def _lock_session(*, session_id: int) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("room").get(pk=session_id)


def _check_version(*, current: Session, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != current.version:
        raise StaleEdit(current_version=current.version)


def _copy_saved_fields(*, source: Session, target: Session) -> None:
    """Make the caller's ``target`` show what was saved, dropping a cached room/track/exhibitor that changed."""
    for field in source._meta.concrete_fields:
        value = getattr(source, field.attname)
        if isinstance(field, ForeignKey) and field.is_cached(target) and getattr(target, field.attname) != value:
            field.delete_cached_value(target)
        setattr(target, field.attname, value)


def set_session_speakers(*, session: Session, speakers: list[tuple[Speaker, str]], invite: bool = True) -> None:
    """Make the line-up ``speakers`` (in this order), in the caller's transaction.

    Speakers who stay keep their answer (state, note) and only change role and position; speakers who leave
    lose the session from their calendar; each new speaker gets an invitation e-mail
    (``speakers.invite_to_session``) unless ``invite`` is off (an import the organizer wants to check before
    anybody is written to; the invitation can be sent later). The same speaker listed twice keeps the first place.
    """
    from events.services import speaker_calendar
    from events.services import speakers as speaker_services

    wanted: dict[int, tuple[Speaker, str, int]] = {}
    for index, (speaker, role) in enumerate(speakers):
        wanted.setdefault(speaker.pk, (speaker, role or SpeakerRole.SPEAKER, index))
    current = {row.speaker_id: row for row in SessionSpeaker.objects.select_for_update().filter(session=session)}
    leaving = [row for speaker_id, row in current.items() if speaker_id not in wanted]
    if leaving:
        SessionSpeaker.objects.filter(pk__in=[row.pk for row in leaving]).delete()
        for row in leaving:
            speaker_calendar.sync_speaker_session(speaker=row.speaker, session=session)
    new_roles: list[SessionSpeaker] = []
    for speaker_id, (speaker, role, position) in wanted.items():
        kept = current.get(speaker_id)
        if kept is None:
            new_roles.append(SessionSpeaker(session=session, speaker=speaker, role=role, position=position))
        elif (kept.role, kept.position) != (role, position):
            kept.role, kept.position = role, position
            kept.save(update_fields=["role", "position"])
    added_roles = SessionSpeaker.objects.bulk_create(new_roles)
    if invite:
        for added in added_roles:
            speaker_services.invite_to_session(role=added)


def _check_relations(*, convention: Convention, values: dict[str, Any]) -> None:
    for field, related in values.items():
        if related is not None and related.convention_id != convention.pk:
            messages = {
                "room": _("The room “%(name)s” belongs to another convention."),
                "track": _("The track “%(name)s” belongs to another convention."),
                "exhibitor": _("The exhibitor “%(name)s” belongs to another convention."),
            }
            raise NotInConvention(messages[field] % {"name": related}, fields={field: "not_in_convention"})


def _check_speakers(*, convention: Convention, speakers: list[tuple[Speaker, str]]) -> None:
    foreign = [speaker for speaker, _role in speakers if speaker.convention_id != convention.pk]
    if foreign:
        raise NotInConvention(
            _("The speaker “%(name)s” belongs to another convention.") % {"name": foreign[0]},
            fields={"speakers": "not_in_convention"},
        )


def _check_time_range(*, start: dt.datetime | None, end: dt.datetime | None) -> None:
    if (start is None) != (end is None):
        raise InvalidTimeRange(_("A session needs both a start and an end, or neither."))
    if any(value is not None and timezone.is_naive(value) for value in (start, end)):
        raise InvalidTimeRange(_("Session times need a time zone offset."))
    if start is not None and end is not None and end <= start:
        raise InvalidTimeRange(
            _("The session ends (%(end)s) before or when it starts (%(start)s).")
            % {"end": end.isoformat(), "start": start.isoformat()}
        )
    if start is not None and end is not None and end - start > MAX_SESSION_DURATION:
        raise InvalidTimeRange(_("A session lasts at most 24 hours."))


def _check_placement(*, session: Session) -> None:
    """Opening hours and room clashes for the session as it is about to be saved. Call inside a transaction."""
    if session.start is None or session.end is None or session.status == SessionStatus.CANCELLED:
        return
    _check_opening_hours(convention=session.convention, start=session.start, end=session.end)
    if session.room is None:
        return
    # transaction.atomic is required around this: the lock on the room row is what serializes bookings of
    # the same room, so a second organizer's check waits until the first booking has committed and sees it.
    _lock_room(room_id=session.room.pk)
    clash = _find_room_clash(session=session)
    if clash is not None:
        start, end = cast(dt.datetime, clash.start), cast(dt.datetime, clash.end)  # it overlaps: both are set
        raise RoomClash(
            _("Room “%(room)s” already holds “%(title)s” from %(start)s to %(end)s.")
            % {
                "room": session.room,
                "title": clash.title,
                "start": _local(start, session.convention),
                "end": _local(end, session.convention),
            },
            conflicting_session_id=clash.pk,
        )


def _lock_room(*, room_id: int) -> Room:
    return Room.objects.select_for_update().get(pk=room_id)


def _find_room_clash(*, session: Session) -> Session | None:
    room = cast(Room, session.room)  # only called for sessions in a room (_check_placement)
    return (
        Session.objects.filter(room_id=room.pk, start__lt=session.end, end__gt=session.start)
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=session.pk)
        .order_by("start", "pk")
        .first()
    )


def _check_opening_hours(*, convention: Convention, start: dt.datetime, end: dt.datetime) -> None:
    zone = ZoneInfo(convention.time_zone)
    local_start = timezone.localtime(start, zone)
    local_end = timezone.localtime(end, zone)
    # A session after midnight may belong to the day before, when that day's hours reach past midnight.
    days = (local_start.date() - dt.timedelta(days=1), local_start.date())
    candidates = {hours.date: hours for hours in OpeningHours.objects.filter(convention=convention, date__in=days)}
    for candidate in candidates.values():
        opens, closes = candidate.bounds(zone)
        if opens <= local_start and local_end <= closes:
            return
    hours = candidates.get(local_start.date())
    if hours is None:
        raise OutsideOpeningHours(
            _("The convention is not open on %(date)s.") % {"date": message_date(local_start.date())}
        )
    closing, ending = f"{hours.closes_at:%H:%M}", f"{local_end:%H:%M}"
    if hours.closes_next_day:
        closing = _("%(time)s on the next day") % {"time": closing}
    if local_end.date() != local_start.date():
        ending = _("%(time)s on the next day") % {"time": ending}
    raise OutsideOpeningHours(
        _(
            "On %(date)s the convention is open from %(opens)s to %(closes)s (%(zone)s); the session runs from "
            "%(start)s to %(end)s."
        )
        % {
            "date": message_date(local_start.date()),
            "opens": f"{hours.opens_at:%H:%M}",
            "closes": closing,
            "zone": convention.time_zone,
            "start": f"{local_start:%H:%M}",
            "end": ending,
        }
    )


def _local(value: dt.datetime, convention: Convention) -> str:
    return message_datetime(timezone.localtime(value, ZoneInfo(convention.time_zone)))
