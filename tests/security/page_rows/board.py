"""The schedule board (web/organizer/board/): X's team sees it, programme roles move sessions, curators only in
their rooms and tracks; nobody else finds it."""

from tests import factories
from tests.factories import berlin
from tests.security.page_rows import PageRow, expect, organizer_page, x_slug


def on_stage(w):
    return {**x_slug(w), "session_id": w.x.objects["session"].pk}


def in_other_room(w):
    # A session in X's room, which the curator does not curate (created inside the row's savepoint).
    session = factories.SessionFactory(convention=w.x.convention, room=w.x.objects["room"], start=berlin(0, 14))
    return {**x_slug(w), "session_id": session.pk}


def y_session_under_x(w):
    return {**x_slug(w), "session_id": w.y.objects["session"].pk}


def move_to(room_key):
    def body(w):
        room = w.x.objects[room_key]
        return {"room": room.pk, "day": "2025-09-30", "start": "11:00", "end": "11:45", "version": 1, "action": "move"}

    return body


def programme_change(ok: int, **overrides: int) -> dict[str, int]:
    return {**organizer_page("programme", ok=ok), **overrides}


ROWS = [
    PageRow("web:organizer-board-day", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-board-day", "get", organizer_page("read"), x_slug, query="?day=2025-10-01&step=5&lang=de"),
    PageRow("web:organizer-board-day", "get", organizer_page("read"), x_slug, query="?fragment=1&since=0-0"),
    # Y's board is Y's.
    PageRow(
        "web:organizer-board-day",
        "get",
        expect(404, anonymous=302, attendee=302, organizer_y=200, superuser=200),
        lambda w: {"slug": w.y.convention.slug},
    ),
    # The move form of a session on the curator's stage, and one in a room it does not curate.
    PageRow("web:organizer-board-move", "get", organizer_page("programme"), on_stage),
    PageRow("web:organizer-board-move", "get", programme_change(200, curator_x=403), in_other_room),
    # Moves: on the stage (the curator's), into the room (not the curator's), and out of the room.
    PageRow("web:organizer-board-move", "post", organizer_page("programme", ok=302), on_stage, data=move_to("stage")),
    PageRow("web:organizer-board-move", "post", programme_change(302, curator_x=403), on_stage, data=move_to("room")),
    PageRow(
        "web:organizer-board-move", "post", programme_change(302, curator_x=403), in_other_room, data=move_to("room")
    ),
    # Y's session under X's slug does not exist for anyone there.
    PageRow(
        "web:organizer-board-move",
        "post",
        expect(404, anonymous=302, attendee=302, readonly_x=403),
        y_session_under_x,
        data=move_to("stage"),
    ),
]
