"""The schedule board's reads: one day of the live programme laid out by room and time, for the organizer area.

``board_day`` reads a day in a fixed number of queries whatever the number of sessions (opening hours, rooms,
tracks, the day's and the unscheduled sessions with their line-ups, the warnings of ``schedule_warnings``):
nothing is read per session. ``board_stamp`` is the cheap "has anything changed?" read the board polls with.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q

from events.enums import SessionStatus
from events.models import Convention, OpeningHours, Room, Session, SessionSpeaker, Track
from events.selectors.schedule import schedule_warnings

# What a card needs of a session, its room and its track (abstracts and the rest are not read).
CARD_FIELDS = (
    "convention_id", "title_de", "title_en", "format", "status", "start", "end", "capacity", "expected_attendance",
    "version", "room__id", "room__name", "room__capacity", "room__kind", "room__hall_id", "track__id",
    "track__name_de", "track__name_en", "track__color",
)  # fmt: skip
STEPS = (5, 15, 30)
DEFAULT_STEP = 15
# Height of one time row in pixels per step: short steps get thinner rows so a day stays scrollable.
ROW_PIXELS = {5: 12, 15: 24, 30: 36}
# A day without opening hours (or sessions) is drawn from 9 to 18.
DEFAULT_HOURS = (dt.time(9), dt.time(18))
# Shown before the opening and after the closing (shaded), so a session can be seen being refused there.
MARGIN = dt.timedelta(minutes=30)
# A stretch this long in which no room of the day holds a session, inside the opening hours, is a break.
MIN_BREAK = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class BoardFilters:
    """``group`` is ``kind:<RoomKind>`` or ``hall:<id>`` (which columns); ``track`` and ``format`` dim the cards
    that do not match (the grid stays true: a dimmed session still occupies its slot)."""

    group: str = ""
    track: int | None = None
    format: str = ""

    def shows_room(self, room: Room) -> bool:
        kind, _, value = self.group.partition(":")
        if kind == "kind":
            return room.kind == value
        if kind == "hall":
            return str(room.hall_id) == value
        return True

    def matches(self, session: Session) -> bool:
        return (self.track is None or session.track_id == self.track) and (
            not self.format or session.format == self.format
        )


@dataclass
class BoardCard:
    session: Session
    start: dt.datetime | None  # local time in the convention's zone
    end: dt.datetime | None
    top: int = 0  # pixels from the top of the column
    height: int = 0
    dimmed: bool = False
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # Sessions that overlap in one room (data from before the clash rule) are drawn side by side.
    lane: int = 0
    lanes: int = 1

    @property
    def over_capacity(self) -> bool:
        room = self.session.room
        expected = self.session.expected_attendance
        return bool(room and room.capacity is not None and expected is not None and expected > room.capacity)

    @property
    def minutes(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return int((self.end - self.start).total_seconds() // 60)


@dataclass
class BoardColumn:
    room: Room
    cards: list[BoardCard]


@dataclass
class BoardBand:
    """A shaded stretch of the day: ``closed`` (outside the opening hours) or ``break``."""

    kind: str
    start: dt.datetime
    end: dt.datetime
    top: int
    height: int


@dataclass
class BoardDay:
    convention: Convention
    day: dt.date
    days: list[dt.date]
    step: int
    filters: BoardFilters
    opens: dt.datetime | None  # local; None when the convention is not open that day
    closes: dt.datetime | None
    window_start: dt.datetime
    window_end: dt.datetime
    pixels_per_minute: float
    height: int
    columns: list[BoardColumn]
    hidden_rooms: int
    rooms: list[Room]  # every room of the convention (the filter's choices)
    tracks: list[Track]
    bands: list[BoardBand]
    time_rows: list[tuple[dt.datetime, int, bool]]  # (time, top, labelled)
    unscheduled: list[BoardCard]
    warnings: list[dict[str, Any]]  # of the sessions on this board (this day and the unscheduled)
    stamp: str


def convention_days(convention: Convention) -> list[dt.date]:
    count = (convention.end_date - convention.start_date).days + 1
    return [convention.start_date + dt.timedelta(days=offset) for offset in range(count)]


def board_stamp(*, convention: Convention) -> str:
    """Changes whenever a session of ``convention`` is created or changed (one aggregate query)."""
    figures = Session.objects.filter(convention=convention).aggregate(latest=Max("updated_at"), count=Count("pk"))
    latest = round(figures["latest"].timestamp() * 1_000_000) if figures["latest"] else 0
    return f"{figures['count']}-{latest}"


def board_day(
    *, convention: Convention, day: dt.date, step: int = DEFAULT_STEP, filters: BoardFilters | None = None
) -> BoardDay:
    """The board of ``day`` (a day of the convention, in its time zone)."""
    filters = filters or BoardFilters()
    zone = ZoneInfo(convention.time_zone)
    stamp = board_stamp(convention=convention)
    hours = {row.date: row for row in OpeningHours.objects.filter(convention=convention)}
    rooms = list(Room.objects.filter(convention=convention).select_related("hall").order_by("position", "name"))
    tracks = list(Track.objects.filter(convention=convention).order_by("position", "pk"))
    day_begins = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    day_ends = day_begins + dt.timedelta(days=1)
    sessions = list(
        Session.objects.filter(convention=convention)
        .exclude(status=SessionStatus.CANCELLED)
        .filter(Q(start__isnull=True) | Q(room__isnull=True, start__gte=day_begins, start__lt=day_ends)
                | Q(start__gte=day_begins, start__lt=day_ends))
        .select_related("room", "track")
        .only(*CARD_FIELDS)
        .order_by("start", "pk")
    )  # fmt: skip
    # ``session.line_up``: (speaker name, role) in order; plain rows, as the cards only print them.
    line_ups: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        SessionSpeaker.objects.filter(session_id__in=[session.pk for session in sessions])
        .order_by("session_id", "position", "pk")
        .values_list("session_id", "speaker__name", "role")
    )
    for session_id, name, role in rows:
        line_ups[session_id].append((name, role))
    for session in sessions:
        session.line_up = line_ups.get(session.pk, [])  # type: ignore[attr-defined]

    opening = hours.get(day)
    opens = dt.datetime.combine(day, opening.opens_at, tzinfo=zone) if opening else None
    closes = dt.datetime.combine(day, opening.closes_at, tzinfo=zone) if opening else None
    scheduled = [s for s in sessions if s.start is not None and s.end is not None and s.room_id is not None]
    scheduled_ids = {s.pk for s in scheduled}
    first = min([opens or dt.datetime.combine(day, DEFAULT_HOURS[0], tzinfo=zone)] + [
        s.start.astimezone(zone) for s in scheduled  # type: ignore[union-attr]
    ])  # fmt: skip
    last = max([closes or dt.datetime.combine(day, DEFAULT_HOURS[1], tzinfo=zone)] + [
        s.end.astimezone(zone) for s in scheduled  # type: ignore[union-attr]
    ])  # fmt: skip
    window_start = _floor(max(first - MARGIN, day_begins), step)
    window_end = _ceil(min(last + MARGIN, day_ends), step)
    pixels_per_minute = ROW_PIXELS[step] / step

    def offset(moment: dt.datetime) -> int:
        return round((moment - window_start).total_seconds() / 60 * pixels_per_minute)

    warnings_by_session: dict[int, list[dict[str, Any]]] = defaultdict(list)
    all_warnings = schedule_warnings(convention=convention, span=(day_begins, day_ends))
    for warning in all_warnings:
        warnings_by_session[warning["session_id"]].append(warning)
        if "other_session_id" in warning:
            warnings_by_session[warning["other_session_id"]].append(warning)

    visible_rooms = [room for room in rooms if filters.shows_room(room)]
    cards_by_room: dict[int, list[BoardCard]] = {room.pk: [] for room in visible_rooms}
    unscheduled: list[BoardCard] = []
    board_ids: set[int] = set()
    for session in sessions:
        start = session.start.astimezone(zone) if session.start else None
        end = session.end.astimezone(zone) if session.end else None
        card = BoardCard(
            session=session,
            start=start,
            end=end,
            dimmed=not filters.matches(session),
            warnings=warnings_by_session.get(session.pk, []),
        )
        if session.pk in scheduled_ids:
            if session.room_id not in cards_by_room:
                continue  # in a room the filter hides
            card.top = offset(start)  # type: ignore[arg-type]
            card.height = max(offset(end) - card.top, 8)  # type: ignore[arg-type]
            cards_by_room[session.room_id].append(card)
        else:
            unscheduled.append(card)
        board_ids.add(session.pk)

    bands = []
    if opens is None or closes is None:
        bands.append(BoardBand("closed", window_start, window_end, 0, offset(window_end)))
    else:
        if window_start < opens:
            bands.append(BoardBand("closed", window_start, opens, 0, offset(opens)))
        if closes < window_end:
            bands.append(BoardBand("closed", closes, window_end, offset(closes), offset(window_end) - offset(closes)))
        for start, end in _breaks(scheduled, opens=opens, closes=closes, zone=zone):
            bands.append(BoardBand("break", start, end, offset(start), offset(end) - offset(start)))

    time_rows = []
    moment = window_start
    label_every = 60 if step == 5 else 30 if step == 15 else 60
    while moment < window_end:
        minutes = moment.hour * 60 + moment.minute
        time_rows.append((moment, offset(moment), minutes % label_every == 0))
        moment += dt.timedelta(minutes=step)

    for cards in cards_by_room.values():
        _assign_lanes(cards)

    return BoardDay(
        convention=convention,
        day=day,
        days=convention_days(convention),
        step=step,
        filters=filters,
        opens=opens,
        closes=closes,
        window_start=window_start,
        window_end=window_end,
        pixels_per_minute=pixels_per_minute,
        height=offset(window_end),
        columns=[BoardColumn(room=room, cards=cards_by_room[room.pk]) for room in visible_rooms],
        hidden_rooms=len(rooms) - len(visible_rooms),
        rooms=rooms,
        tracks=tracks,
        bands=bands,
        time_rows=time_rows,
        unscheduled=unscheduled,
        warnings=[warning for warning in all_warnings if warning["session_id"] in board_ids],
        stamp=stamp,
    )


def _assign_lanes(cards: list[BoardCard]) -> None:
    """Side by side for cards that overlap (sorted by start): each takes the first lane free at its start."""
    group: list[BoardCard] = []
    lane_ends: list[dt.datetime] = []
    group_end: dt.datetime | None = None
    for card in cards:
        start, end = card.start, card.end
        assert start is not None and end is not None  # only scheduled cards are in columns
        if group_end is not None and start >= group_end:
            for member in group:
                member.lanes = len(lane_ends)
            group, lane_ends = [], []
        lane = next((index for index, lane_end in enumerate(lane_ends) if lane_end <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        card.lane = lane
        group.append(card)
        group_end = end if group_end is None or start >= group_end else max(group_end, end)
    for member in group:
        member.lanes = len(lane_ends)


def _breaks(
    sessions: list[Session], *, opens: dt.datetime, closes: dt.datetime, zone: ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Stretches inside the opening hours, between the day's first and last session, when no room holds one."""
    spans = sorted((s.start.astimezone(zone), s.end.astimezone(zone)) for s in sessions)  # type: ignore[union-attr]
    breaks: list[tuple[dt.datetime, dt.datetime]] = []
    if not spans:
        return breaks
    busy_until = spans[0][1]
    for start, end in spans[1:]:
        if start - busy_until >= MIN_BREAK and start > opens and busy_until < closes:
            breaks.append((max(busy_until, opens), min(start, closes)))
        busy_until = max(busy_until, end)
    return breaks


def _floor(moment: dt.datetime, step: int) -> dt.datetime:
    minutes = moment.hour * 60 + moment.minute
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(minutes=minutes - minutes % step)


def _ceil(moment: dt.datetime, step: int) -> dt.datetime:
    floored = _floor(moment, step)
    return floored if floored == moment else floored + dt.timedelta(minutes=step)
