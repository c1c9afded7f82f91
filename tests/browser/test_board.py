"""The schedule board in Chromium on the demo convention: moves by mouse and by keyboard, refusals in place,
two organizers at once, the curator's part of the board. Screenshots at 1366×900 and 390×844
(test-artifacts/screenshots/board-*.png); axe finds nothing serious or critical."""

import datetime as dt
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from events.demo import DEMO_CURATOR, DEMO_ORGANIZER, DEMO_SLUG, seed_demo
from events.models import Room, Session
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_programme_pages import serious_violations
from web.organizer.board import views as board_views

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def demo(transactional_db, monkeypatch):
    monkeypatch.setattr(board_views, "POLL_SECONDS", 1)  # the live server runs in this process
    return seed_demo(start=dt.date(2025, 9, 30))


@pytest.fixture
def api(demo):
    client = APIClient()
    client.force_authenticate(user=demo.convention.organizers.get(username=DEMO_ORGANIZER[0]))
    return client


def sign_in(page, live_server, username=DEMO_ORGANIZER[0], password=DEMO_ORGANIZER[1], query="?day=2025-09-30"):
    target = quote(f"/organize/{DEMO_SLUG}/board/{query}", safe="/")
    page.goto(f"{live_server.url}/login/?next={target}")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#board")


def session_named(title: str) -> Session:
    return Session.objects.select_related("room").get(convention__slug=DEMO_SLUG, title_en=title)


def api_state(api, session: Session) -> tuple[str | None, str | None, str | None]:
    body = api.get(f"/api/v1/manage/events/{DEMO_SLUG}/sessions/{session.pk}/").json()
    room = Room.objects.get(pk=body["room"]).name if body["room"] else None
    local = [dt.datetime.fromisoformat(body[key]).astimezone(BERLIN).strftime("%H:%M") if body[key] else None
             for key in ("start", "end")]  # fmt: skip
    return room, *local


def card(page, session: Session):
    return page.locator(f"#s-{session.pk}")


def slot_point(page, room: str, time: str, offset: float = 4) -> tuple[float, float]:
    """Where on screen the grid shows ``room`` at ``time`` (plus ``offset`` pixels down)."""
    column = page.locator(f'.room-col[data-room-name="{room}"]')
    box = column.bounding_box()
    board = page.locator("#board")
    window_start = board.get_attribute("data-window-start")
    ppm = float(board.get_attribute("data-ppm"))
    minutes = _minutes(time) - _minutes(window_start)
    return box["x"] + box["width"] / 2, box["y"] + minutes * ppm + offset


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def drag(page, source, x: float, y: float, *, grip: bool = False) -> None:
    """Drag ``source`` by a point on it so that its top (or, with ``grip``, its bottom edge) lands at x, y."""
    handle = source.locator(".card-grip") if grip else source.locator(".card-line").first
    box = handle.bounding_box()
    start_x, start_y = box["x"] + box["width"] / 2, box["y"] + (box["height"] / 2 if grip else 2)
    if not grip and source.locator("xpath=..").get_attribute("class") != "unscheduled":
        y += start_y - source.bounding_box()["y"]  # the grabbed point stays at the same place on the card
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + 3, start_y + 8, steps=2)
    page.mouse.move(x, y, steps=6)
    page.mouse.up()


def wait_for_status(page, text: str) -> None:
    page.wait_for_function(
        "text => document.getElementById('board-status').textContent.includes(text)", arg=text, timeout=10_000
    )


def refusal(page, session: Session) -> str:
    note = page.locator(f"#s-{session.pk} + .card-refusal")
    note.wait_for()
    return note.inner_text()


def test_board_screenshots_and_the_move_form_without_dragging(page, live_server, demo, api, screenshots):
    twin = session_named("The city as a digital twin")  # Stage Urban Data, 09:30–10:15
    sign_in(page, live_server)
    page.screenshot(path=screenshots / "board-desktop.png")
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "board-phone.png", full_page=True)

    # The form behind each card's title: the way on a phone, and for anyone who does not drag.
    card(page, twin).locator(".card-title").click()
    page.wait_for_url(f"**/board/sessions/{twin.pk}/move/**")
    assert serious_violations(page) == []
    page.get_by_label("Room").select_option(label="Impulse Stage")
    page.get_by_label("Starts at").fill("16:00")
    page.get_by_label("Ends at").fill("16:45")
    page.screenshot(path=screenshots / "board-move-form-phone.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".notice")
    assert "is now Tuesday, 30 September, 16:00–16:45, Impulse Stage" in page.locator(".notice").inner_text()
    assert api_state(api, twin) == ("Impulse Stage", "16:00", "16:45")
    page.set_viewport_size(DESKTOP)


def test_moves_by_mouse_show_in_the_api_and_a_refused_one_changes_nothing(page, live_server, demo, api, screenshots):
    twin = session_named("The city as a digital twin")  # Stage Urban Data, 09:30–10:15
    assert api_state(api, twin) == ("Stage Urban Data", "09:30", "10:15")
    sign_in(page, live_server)

    # To a free slot: another room, a quarter of an hour later.
    drag(page, card(page, twin), *slot_point(page, "Stage Digital Twins", "09:45"))
    wait_for_status(page, "is now")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:30")
    assert card(page, twin).locator("xpath=..").get_attribute("data-room-name") == "Stage Digital Twins"

    # Onto an occupied slot: refused in place with the service's message; nothing changes.
    occupied = session_named("Open data portals that people actually use")  # Stage Digital Twins, 11:30
    drag(page, card(page, twin), *slot_point(page, "Stage Digital Twins", "11:15"))
    message = refusal(page, twin)
    assert "already holds “Open data portals that people actually use”" in message
    page.screenshot(path=screenshots / "board-refused.png")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:30")
    assert api_state(api, occupied)[1] == "11:30"

    # Its bottom edge a quarter of an hour further down: a new end.
    drag(page, card(page, twin), *slot_point(page, "Stage Digital Twins", "10:45", offset=0), grip=True)
    wait_for_status(page, "is now Tuesday, 30 September, 09:45–10:45")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:45")


def test_unscheduled_session_onto_the_grid_and_back_by_mouse(page, live_server, demo, api):
    created = api.post(
        f"/api/v1/manage/events/{DEMO_SLUG}/sessions/", {"title_en": "Citizen services hackathon"}, format="json"
    )
    assert created.status_code == 201
    session = Session.objects.get(pk=created.json()["id"])
    sign_in(page, live_server)
    assert card(page, session).locator("xpath=..").get_attribute("class") == "unscheduled"

    drag(page, card(page, session), *slot_point(page, "Stage Digital Twins", "10:00"))
    wait_for_status(page, "is now")
    assert api_state(api, session) == ("Stage Digital Twins", "10:00", "10:30")

    box = page.locator(".unscheduled").bounding_box()
    drag(page, card(page, session), box["x"] + 20, box["y"] + box["height"] / 2)
    wait_for_status(page, "is now unscheduled")
    assert api_state(api, session) == (None, None, None)
    assert card(page, session).locator("xpath=..").get_attribute("class") == "unscheduled"


def keys(page, *presses: str) -> None:
    for press in presses:
        page.keyboard.press(press)


def test_the_same_moves_by_keyboard_only_and_no_serious_accessibility_finding(
    page, live_server, demo, api, screenshots
):
    twin = session_named("The city as a digital twin")  # Stage Urban Data, 09:30–10:15
    created = api.post(
        f"/api/v1/manage/events/{DEMO_SLUG}/sessions/", {"title_en": "Citizen services hackathon"}, format="json"
    )
    unplaced = Session.objects.get(pk=created.json()["id"])
    sign_in(page, live_server)
    assert serious_violations(page) == []

    # Free slot: one room to the right, a quarter of an hour later.
    card(page, twin).locator(".card-title").focus()
    keys(page, "Space")
    wait_for_status(page, "Picked up The city as a digital twin, Stage Urban Data, 09:30 to 10:15")
    keys(page, "ArrowRight")
    wait_for_status(page, "Stage Digital Twins, 09:30 to 10:15")
    keys(page, "ArrowDown", "Enter")
    wait_for_status(page, "is now")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:30")
    assert page.evaluate("document.activeElement.closest('.card').id") == f"s-{twin.pk}"

    # Occupied: down onto "Open data portals…" (11:30 in the same room); refused, nothing changes.
    keys(page, "Space", *["ArrowDown"] * 6, "Enter")
    assert "already holds" in refusal(page, twin)
    page.wait_for_function("() => document.getElementById('board-alert').textContent.includes('already holds')")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:30")
    page.screenshot(path=screenshots / "board-keyboard-refused.png")

    # Resize: Shift+Down makes it end a quarter of an hour later.
    card(page, twin).locator(".card-title").focus()
    keys(page, "Space", "Shift+ArrowDown", "Enter")
    wait_for_status(page, "is now Tuesday, 30 September, 09:45–10:45")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:45")

    # Escape puts it back without a change.
    keys(page, "Space", "ArrowDown", "Escape")
    wait_for_status(page, "Move cancelled")
    assert api_state(api, twin) == ("Stage Digital Twins", "09:45", "10:45")

    # Unscheduled → grid (it starts at the opening on the first room) → back with U.
    card(page, unplaced).locator(".card-title").focus()
    keys(page, "Space")
    wait_for_status(page, "Main Stage, 09:00 to 09:30")
    keys(page, "Enter")
    wait_for_status(page, "is now")
    assert api_state(api, unplaced) == ("Main Stage", "09:00", "09:30")
    keys(page, "Space", "u", "Enter")
    wait_for_status(page, "is now unscheduled")
    assert api_state(api, unplaced) == (None, None, None)
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert serious_violations(page) == []


def test_second_organizer_editing_an_old_version_gets_stale_edit_and_sees_the_first_change(
    browser, live_server, demo, api, screenshots
):
    twin = session_named("The city as a digital twin")  # Stage Urban Data, 09:30–10:15
    first, second = (browser.new_context(viewport=DESKTOP, locale="en-GB") for _ in range(2))
    try:
        one, two = first.new_page(), second.new_page()
        for tab in (one, two):
            tab.set_default_timeout(10_000)
            sign_in(tab, live_server)
        two.get_by_role("button", name="Pause live updates").click()  # the second has not looked for a while

        card(one, twin).locator(".card-title").focus()
        keys(one, "Space", "ArrowRight", "Enter")
        wait_for_status(one, "is now")
        assert api_state(api, twin) == ("Stage Digital Twins", "09:30", "10:15")
        assert card(two, twin).get_attribute("data-version") == "1"  # still shows the old state

        card(two, twin).locator(".card-title").focus()
        keys(two, "Space", "ArrowDown", "ArrowDown", "Enter")
        message = refusal(two, twin)
        assert message.startswith("Someone else changed this session in the meantime.")
        two.screenshot(path=screenshots / "board-stale-edit.png")
        # Nothing of the second edit was saved, and the second board now shows the first's change.
        assert api_state(api, twin) == ("Stage Digital Twins", "09:30", "10:15")
        assert card(two, twin).locator("xpath=..").get_attribute("data-room-name") == "Stage Digital Twins"
        assert card(two, twin).get_attribute("data-version") == "2"

        # Live again, the second board picks up the next change by itself, without a reload.
        two.get_by_role("button", name="Resume live updates").click()
        card(one, twin).locator(".card-title").focus()
        keys(one, "Space", "ArrowDown", "Enter")
        wait_for_status(one, "is now")
        two.wait_for_function(
            "id => document.getElementById(id).dataset.start === '09:45'", arg=f"s-{twin.pk}", timeout=10_000
        )
    finally:
        first.close()
        second.close()


def test_curator_moves_inside_its_stage_and_is_refused_outside(page, live_server, demo, api, screenshots):
    twin = session_named("The city as a digital twin")  # Stage Urban Data (the demo curator's stage), 09:30
    elsewhere = session_named("Open data portals that people actually use")  # Stage Digital Twins
    sign_in(page, live_server, *DEMO_CURATOR)

    assert "editable" in card(page, twin).get_attribute("class")
    assert "editable" not in card(page, elsewhere).get_attribute("class")

    card(page, twin).locator(".card-title").focus()
    keys(page, "Space", "ArrowDown", "Enter")
    wait_for_status(page, "is now")
    assert api_state(api, twin) == ("Stage Urban Data", "09:45", "10:30")

    # Into a room outside its scope: the server refuses, the board says why, nothing changes.
    keys(page, "Space", "ArrowRight", "Enter")
    assert refusal(page, twin) == "This session lies outside the rooms and tracks you curate.\n\nClose"
    page.screenshot(path=screenshots / "board-curator-refused.png")
    assert api_state(api, twin) == ("Stage Urban Data", "09:45", "10:30")

    # A card outside its scope cannot be picked up.
    card(page, elsewhere).locator(".card-title").focus()
    keys(page, "Space")
    assert page.locator("#board .card.ghost").count() == 0


def test_board_in_german(browser, live_server, demo, screenshots):
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/login/?lang=de&next=/organize/{DEMO_SLUG}/board/%3Fday%3D2025-10-01%26lang%3Dde")
        page.get_by_label("Benutzername").fill(DEMO_ORGANIZER[0])
        page.get_by_label("Passwort").fill(DEMO_ORGANIZER[1])
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_selector("#board")

        assert page.locator("h1").inner_text() == "Planungstafel Mittwoch, 1. Oktober"
        assert page.get_by_role("button", name="Live-Aktualisierung anhalten").is_visible()
        page.screenshot(path=screenshots / "board-desktop-de.png")
    finally:
        context.close()
