"""The import page in a real browser: an organizer uploads a sessions table with a clash, an unknown room and a
bad date, sees exactly those rows refused in the preview (nothing written), fixes nothing but leaves them out,
confirms and sees the result. Photographed in English and German and checked with axe."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from events.models import Session
from tests import factories
from tests.browser.test_programme_pages import serious_violations

PASSWORD = "messe-2025-secret"
SESSIONS = (
    "external_id,title_en,room,date,start,end\n"
    "T-1,Open data in practice,Stage A,2025-09-30,10:00,11:00\n"
    "T-2,Clashing talk,Stage A,2025-09-30,14:30,15:30\n"
    "T-3,Nowhere to be,Stage Z,2025-09-30,12:00,13:00\n"
    "T-4,Bad date,Stage A,2025-09-31,13:00,14:00\n"
)


@pytest.fixture
def world(transactional_db, settings):
    convention = factories.ConventionFactory(slug="sccon", name="Smart Country Convention")
    organizer = factories.UserFactory(username="anna")
    organizer.set_password(PASSWORD)
    organizer.save()
    convention.organizers.add(organizer)
    stage = factories.RoomFactory(convention=convention, name="Stage A")
    factories.SessionFactory(
        convention=convention,
        title_en="Booked keynote",
        room=stage,
        start=dt.datetime(2025, 9, 30, 14, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        end=dt.datetime(2025, 9, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )
    return convention


def shoot(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"organizer-imports-{name}.png", full_page=True)
    assert serious_violations(page) == []


def test_upload_preview_confirm_result(page, live_server, world, screenshots, tmp_path):
    base = live_server.url
    page.goto(base + "/organize/sccon/imports/")
    page.wait_for_url(re.compile(r".*/login/\?next="))
    page.get_by_label("User name").fill("anna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/organize/sccon/imports/$"))
    shoot(page, screenshots, "upload-en")

    upload = tmp_path / "sessions.csv"
    upload.write_text(SESSIONS)
    page.get_by_label("What the file holds").select_option("sessions")
    page.get_by_label(re.compile(r"^File")).set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of the import", level=1)).to_be_visible()
    rows = page.locator("table.import-rows tbody tr")
    expect(rows).to_have_count(4)
    refused = page.locator("tr.import-refused")
    expect(refused).to_have_count(3)
    expect(refused.nth(0)).to_contain_text("already holds “Booked keynote”")
    expect(refused.nth(1)).to_contain_text("Unknown room “Stage Z”.")
    expect(refused.nth(2)).to_contain_text("date “2025-09-31” is not a date")
    assert [cell.inner_text() for cell in page.locator("tr.import-refused td:first-child").all()] == ["3", "4", "5"]
    assert Session.objects.filter(convention=world).count() == 1
    shoot(page, screenshots, "preview-en")
    page.goto(page.url + "?lang=de")
    expect(page.get_by_role("heading", name="Vorschau des Imports", level=1)).to_be_visible()
    shoot(page, screenshots, "preview-de")
    page.goto(page.url.split("?")[0])

    # Confirming with refused rows writes nothing and says so; leaving them out imports the rest.
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported: 3 row(s) are refused.")
    assert Session.objects.filter(convention=world).count() == 1
    page.get_by_label("Import the other rows and leave out the refused ones").check()
    page.get_by_role("button", name="Confirm and import").click()

    expect(page.get_by_role("heading", name="Import done", level=1)).to_be_visible()
    expect(page.get_by_text("The file has been imported.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Unknown room “Stage Z”.")
    assert list(Session.objects.filter(convention=world, external_id__gt="").values_list("title_en", flat=True)) == [
        "Open data in practice"
    ]
    shoot(page, screenshots, "result-en")
