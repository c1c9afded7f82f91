"""The programme pages in a real browser: what attendees see and click, screenshots and accessibility checks."""

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe

from events.services.exports import session_ical_uid
from tests.browser.conftest import DESKTOP, PHONE
from tests.web.programme_data import build_released_programme

RELEASED_TITLES = [
    "Digital twins in practice",
    "Open source in public administration",
    "The federation at booth 508",
    "Workshop: a data platform in 90 minutes",
]


@pytest.fixture
def programme(transactional_db, convention):
    return build_released_programme(convention)


def session_titles(page) -> list[str]:
    return page.locator(".session-title").all_inner_texts()


def serious_violations(page) -> list[tuple[str, str]]:
    results = Axe().run(page)
    return [
        (violation["id"], violation["help"])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_programme_shows_released_sessions_and_no_drafts(page, live_server, programme, screenshots):
    page.goto(f"{live_server.url}/events/sccon/")

    assert session_titles(page) == RELEASED_TITLES
    assert page.get_by_text("Draft not yet confirmed").count() == 0
    assert page.get_by_text("Added after the release").count() == 0
    page.screenshot(path=screenshots / "programme-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "programme-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_programme_filters_and_list_view_by_clicking(page, live_server, programme):
    page.goto(f"{live_server.url}/events/sccon/")

    page.get_by_label("Format", exact=True).select_option("panel")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**format=panel**")
    assert session_titles(page) == ["Open source in public administration"]

    page.get_by_label("Format", exact=True).select_option("")
    page.get_by_label("Day", exact=True).select_option("2025-09-30")
    page.get_by_label("Language of the session").select_option("de")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**language=de**")
    assert session_titles(page) == ["Digital twins in practice", "The federation at booth 508"]

    page.get_by_role("link", name="List", exact=True).click()
    page.wait_for_url("**view=list**")
    assert session_titles(page) == ["Digital twins in practice", "The federation at booth 508"]
    assert page.locator(".session-list .meta").first.inner_text().startswith("10:00–11:00 · Stage A")


def test_language_switch_and_skip_link_by_keyboard(page, live_server, programme):
    page.goto(f"{live_server.url}/events/sccon/")
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url("**lang=de**")

    assert page.locator("h1").inner_text() == "Programm"
    assert session_titles(page)[0] == "Digitale Zwillinge in der Praxis"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Hauptinhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_session_page_calendar_download_parses(page, live_server, programme, screenshots):
    page.goto(f"{live_server.url}/events/sccon/")
    page.get_by_role("link", name="Workshop: a data platform in 90 minutes").click()
    page.wait_for_url(f"**/sessions/{programme.workshop.pk}/")
    assert page.locator("h1").inner_text() == "Workshop: a data platform in 90 minutes"

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())

    assert [str(event["uid"]) for event in calendar.walk("VEVENT")] == [
        session_ical_uid(guid=str(programme.workshop.guid))
    ]
    assert download.value.suggested_filename == f"sccon-session-{programme.workshop.pk}.ics"
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "session-phone.png", full_page=True)


@pytest.mark.parametrize(
    "path",
    ["/events/sccon/", "/events/sccon/?view=list&lang=de", "session", "/events/sccon/exhibitors/"],
    ids=["programme", "programme-list-de", "session", "exhibitors"],
)
def test_pages_have_no_serious_accessibility_violations(page, live_server, programme, path):
    if path == "session":
        path = f"/events/sccon/sessions/{programme.panel.pk}/"
    page.goto(f"{live_server.url}{path}")

    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert serious_violations(page) == []
