"""The session editor and the release page (web/organizer/programme/): programme roles edit, organizers release.

X's session lies on X's stage, which ``curator_x`` curates; X's other room is outside the curator's scope.
"""

from tests.security.page_rows import PageRow, organizer_page, x_slug


def session(w, side="x"):
    return {**x_slug(w), "session_id": getattr(w, side).objects["session"].pk}


def session_form(w, room="stage", **changes):
    """A valid form for X's session (in ``room``), loaded at its current version."""
    current = w.x.objects["session"]
    current.refresh_from_db()
    data = {
        "title_de": "",
        "title_en": "Renamed",
        "abstract_de": "",
        "abstract_en": "",
        "format": "talk",
        "track": "",
        "language": "de",
        "room": w.x.objects[room].pk,
        "day": "",
        "start_time": "",
        "end_time": "",
        "capacity": "",
        "expected_attendance": "",
        "status": "draft",
        "version": current.version,
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }
    return data | changes


def curator_refused(ok: int) -> dict[str, int]:
    """Programme roles pass the entrance, but the curator's target lies outside its scope: a field error."""
    return organizer_page("programme", ok=ok) | {"curator_x": 400}


ROWS = [
    PageRow("web:organizer-programme-sessions", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-programme-sessions", "get", organizer_page("read"), x_slug, query="?room=none&q=keynote"),
    PageRow("web:organizer-programme-session-new", "get", organizer_page("programme"), x_slug),
    # A draft on the curated stage: every programme role may create it.
    PageRow(
        "web:organizer-programme-session-new", "post", organizer_page("programme", ok=302), x_slug, data=session_form
    ),
    # In X's other room: organizers may, the curator gets a field error, nothing is created.
    PageRow(
        "web:organizer-programme-session-new",
        "post",
        curator_refused(302),
        x_slug,
        data=lambda w: session_form(w, room="room"),
    ),
    PageRow(
        "web:organizer-programme-session-new", "post", organizer_page("programme", ok=400), x_slug, data=lambda w: {}
    ),
    PageRow("web:organizer-programme-session", "get", organizer_page("programme"), session),
    PageRow("web:organizer-programme-session", "post", organizer_page("programme", ok=302), session, data=session_form),
    PageRow(
        "web:organizer-programme-session",
        "post",
        curator_refused(302),
        session,
        data=lambda w: session_form(w, room="room"),
    ),
    # Y's session under X's slug does not exist for X's team.
    PageRow("web:organizer-programme-session", "get", organizer_page("programme", ok=404), lambda w: session(w, "y")),
    PageRow(
        "web:organizer-programme-session",
        "post",
        organizer_page("programme", ok=404),
        lambda w: session(w, "y"),
        data=session_form,
    ),
    PageRow("web:organizer-programme-release", "get", organizer_page("change"), x_slug),
    PageRow(
        "web:organizer-programme-release",
        "post",
        organizer_page("change", ok=302),
        x_slug,
        data=lambda w: {"comment": "Matrix release", "next_version": "2"},
    ),
    PageRow("web:organizer-programme-release", "post", organizer_page("change", ok=400), x_slug, data=lambda w: {}),
]
