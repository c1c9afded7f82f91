"""The schedule board in Chromium on the demo convention: moves by mouse and by keyboard, refusals in place,
two organizers at once, the curator's part of the board. Screenshots at 1366×900 and 390×844
(test-artifacts/screenshots/board-*.png); axe finds nothing serious or critical."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from events.demo import DEMO_ORGANIZER, DEMO_SLUG, seed_demo
from events.models import Room, Session
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_programme_pages import serious_violations
from web.organizer.board import views as board_views

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def demo(transactional_db, settings):
    settings.MESSE_BOARD_POLL_SECONDS = 1
    summary = seed_demo(start=dt.date(2025, 9, 30))
    return summary


@pytest.fixture
def fast_polling(monkeypatch):
    monkeypatch.setattr(board_views, "POLL_SECONDS", 1)


def sign_in(page, live_server, username=DEMO_ORGANIZER[0], password=DEMO_ORGANIZER[1]):
    page.goto(f"{live_server.url}/login/?next=/organize/{DEMO_SLUG}/board/%3Fday%3D2025-09-30")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#board")


def api_session(demo, session_id: int) -> dict:
    client = APIClient()
    client.force_authenticate(user=demo.convention.organizers.first())
    return client.get(f"/api/v1/manage/events/{DEMO_SLUG}/sessions/{session_id}/").json()


def test_board_screenshots(page, live_server, demo, screenshots):
    sign_in(page, live_server)
    page.screenshot(path=screenshots / "board-desktop.png")
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "board-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
