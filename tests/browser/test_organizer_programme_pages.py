"""The session editor and the release page in a real browser: an organizer edits, releases, and attendees hear of it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from events.models import ScheduleRelease
from events.services import agenda
from tests import factories
from tests.browser.conftest import PHONE
from tests.factories import berlin
from tests.web.programme_data import build_released_programme


def serious_violations(page) -> list[tuple[str, str, list[str]]]:
    results = Axe().run(page)
    return [
        (violation["id"], violation["help"], [node["target"][0] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def programme(transactional_db, convention):
    programme = build_released_programme(convention)
    erika = factories.RegistrationFactory(convention=convention, email="erika@berlin.de", language="en")
    agenda.update_preferences(registration=erika, calendar_invites_for_bookmarks=True)
    agenda.bookmark_session(registration=erika, session=programme.keynote)
    factories.RegistrationFactory(convention=convention, email="jonas@berlin.de")  # the keynote is not in his agenda
    return programme


def sign_in(page, base_url: str, user, path: str) -> None:
    page.goto(f"{base_url}{path}")
    page.wait_for_url("**/login/?next=**")
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill("messe-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")


def test_organizer_moves_the_keynote_releases_and_the_public_and_attendees_see_it(
    page, live_server, convention, programme, screenshots
):
    organizer = factories.team_member(convention, "organizer")
    sign_in(page, live_server.url, organizer, "/organize/sccon/programme/sessions/")
    expect(page.locator("#session-count")).to_have_text("6 sessions")
    page.screenshot(path=screenshots / "organizer-sessions.png", full_page=True)
    assert serious_violations(page) == []

    page.get_by_role("link", name="Digital twins in practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Digital twins in practice”")
    page.get_by_label("Day").select_option("2025-10-01")
    page.get_by_label("Starts at").fill("16:00")
    page.get_by_label("Ends at").fill("17:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_have_text("“Digital twins in practice” is saved.")

    # Bad input: a slot after closing time is refused on the field, with the opening hours.
    page.get_by_label("Ends at").fill("19:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#id_start_time-error")).to_have_text(
        "On that day the convention is open from 09:00 to 18:00; the session must lie inside."
    )
    page.screenshot(path=screenshots / "organizer-session-error.png", full_page=True)
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/organize/sccon/programme/release/")
    expect(page.locator(".release-preview .change-moved .change-title")).to_have_text(["Digital twins in practice"])
    expect(page.locator(".release-preview .change-new .change-title")).to_have_text(["Added after the release"])
    expect(page.locator("#calendar-updates")).to_have_text("1 attendee gets a calendar update by e-mail.")
    page.screenshot(path=screenshots / "organizer-release.png", full_page=True)
    assert serious_violations(page) == []

    mail.outbox.clear()
    page.get_by_label("Comment").fill("Keynote moves to Wednesday afternoon")
    page.get_by_role("button", name="Release version 2").click()
    expect(page.get_by_role("status")).to_have_text("Version 2 is released.")
    expect(page.locator(".releases > li").first).to_contain_text("Keynote moves to Wednesday afternoon")
    page.screenshot(path=screenshots / "organizer-release-done.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "organizer-release-phone.png", full_page=True)

    assert ScheduleRelease.objects.filter(convention=convention).latest().version == 2
    assert [(message.to, message.subject) for message in mail.outbox] == [(["erika@berlin.de"], mail.outbox[0].subject)]
    assert "Digital twins in practice" in mail.outbox[0].subject + mail.outbox[0].body

    page.goto(f"{live_server.url}/events/sccon/?day=2025-10-01")
    expect(page.locator("#session-count")).to_contain_text("Schedule version 2")
    expect(page.get_by_text("Digital twins in practice")).to_be_visible()


def test_new_session_form_has_no_accessibility_problems(page, live_server, convention, programme, screenshots):
    organizer = factories.team_member(convention, "organizer")
    sign_in(page, live_server.url, organizer, "/organize/sccon/programme/sessions/new/")
    page.get_by_label("Title (English)").fill("Digital sovereignty")
    page.get_by_label("Room").select_option(str(programme.keynote.room_id))
    page.get_by_label("Day").select_option("2025-09-30")
    page.get_by_label("Starts at").fill("10:30")
    page.get_by_label("Ends at").fill("11:15")
    page.locator("#id_speakers-0-speaker").select_option(label="Ada Beispiel")
    page.locator("#id_speakers-0-role").select_option("moderator")
    page.get_by_role("button", name="Create session").click()
    # Stage A holds the keynote then: refused on the room field, nothing saved.
    expect(page.locator("#id_room-error")).to_have_text(
        "Stage A already holds “Digital twins in practice” from 10:00 to 11:00."
    )
    page.screenshot(path=screenshots / "organizer-session-new.png", full_page=True)
    assert serious_violations(page) == []
    assert programme.keynote.start == berlin(0, 10)
