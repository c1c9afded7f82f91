"""Speakers in a real browser: from the organizer adding a panelist to the follow-up e-mail carrying their slides.

The organizer adds a new speaker to a panel on the organizer's speakers page; the speaker opens the link from the
invitation in the mail file, confirms, writes their biography and uploads a PDF; after the next release the public
session page shows the biography; after the session the follow-up e-mail to the attendee who was let into the
room carries the PDF's link, and the link serves the PDF.
"""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.enums import SessionFormat, SessionStatus, SpeakerState
from events.models import CheckinList, SessionSpeaker
from events.services import followup, scanning, schedule
from events.services.publishing import release_schedule
from tests import factories
from tests.browser.test_exhibitor_portal_pages import latest_link, pdf_brochure
from tests.browser.test_programme_pages import serious_violations
from tests.checkin_helpers import badge_code, nonce

PASSWORD = "messe-2025-secret"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def panel_world(transactional_db, settings, tmp_path, live_server):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    today = timezone.now().astimezone(BERLIN).date()
    convention = factories.ConventionFactory(
        slug="sccon", name="Smart Country Convention", start_date=today, end_date=today + dt.timedelta(days=1)
    )
    organizer = factories.UserFactory(username="anna")
    organizer.set_password(PASSWORD)
    organizer.save()
    convention.organizers.add(organizer)
    stage = factories.RoomFactory(convention=convention, name="Stage A", capacity=300)
    start = dt.datetime.combine(today, dt.time(10, 0), tzinfo=BERLIN)
    panel = schedule.create_session(
        convention=convention,
        title_de="Podium: Daten für alle",
        title_en="Panel: data for everyone",
        format=SessionFormat.PANEL,
        room=stage,
        start=start,
        end=start + dt.timedelta(hours=1),
        status=SessionStatus.CONFIRMED,
        language="en",
    )
    release_schedule(convention=convention)
    return {"convention": convention, "panel": panel, "stage": stage, "mail": Path(settings.EMAIL_FILE_PATH)}


def shoot(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"speaker-{name}.png", full_page=True)
    assert serious_violations(page) == []


def test_organizer_adds_a_panelist_who_confirms_writes_a_bio_and_uploads_slides(
    browser, panel_world, live_server, screenshots, tmp_path
):
    base, panel = live_server.url, panel_world["panel"]
    organizer = browser.new_context(locale="en-GB")
    page = organizer.new_page()
    page.set_default_timeout(10_000)

    # The organizer signs in and adds a new panelist on the speakers page.
    page.goto(f"{base}/organize/sccon/speakers/")
    page.wait_for_url(re.compile(r".*/login/\?next="))
    page.get_by_label("User name").fill("anna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/organize/sccon/speakers/$"))
    page.get_by_label("Session").select_option(label="Panel: data for everyone")
    page.get_by_label("Name of the new speaker").fill("Ada Lovelace")
    page.get_by_label("E-mail address of the new speaker").fill("ada@example.org")
    page.get_by_label("Language of the invitation").select_option("en")
    page.get_by_label("Role").select_option("panelist")
    page.get_by_role("button", name="Add speaker").click()
    expect(page.get_by_role("status")).to_contain_text("the invitation is on its way to ada@example.org")
    expect(page.locator("tbody")).to_contain_text("Invited")
    shoot(page, screenshots, "organizer-added")

    # The speaker opens the link from the invitation e-mail.
    link = latest_link(panel_world["mail"], r"http://[^\s]+/speaker/[0-9a-f-]+/\?token=[0-9a-f]+")
    speaker = browser.new_context(locale="en-GB").new_page()
    speaker.set_default_timeout(10_000)
    speaker.goto(link)
    expect(speaker.get_by_role("heading", name="Panel: data for everyone")).to_be_visible()
    assert "token=" not in speaker.url
    card = speaker.locator("section.speaker-session")
    card.get_by_label("I take part").check()
    card.get_by_label("Note to the organizers (optional)").fill("Happy to join.")
    card.get_by_role("button", name="Send answer").click()
    expect(speaker.get_by_role("status")).to_contain_text("Thank you: you confirmed")
    shoot(speaker, screenshots, "confirmed")

    # Biography on the profile page.
    speaker.get_by_role("link", name="Profile").click()
    speaker.get_by_label("Biography (English)").fill("Ada wrote the first published program.")
    speaker.get_by_label("Job title").fill("Mathematician")
    speaker.get_by_role("button", name="Save profile").click()
    expect(speaker.get_by_role("status")).to_contain_text("Your profile was saved")
    shoot(speaker, screenshots, "profile")

    # Slides for the panel.
    speaker.get_by_role("link", name="Your sessions").click()
    card = speaker.locator("section.speaker-session")
    card.get_by_label("Title").fill("Slides: data for everyone")
    card.get_by_label("File (PDF or image)").set_input_files(str(pdf_brochure(tmp_path / "slides.pdf")))
    card.get_by_role("button", name="Upload").click()
    expect(speaker.get_by_role("status")).to_contain_text("Attendees receive it with the e-mail after the session")
    expect(card).to_contain_text("goes to attendees after the session")
    shoot(speaker, screenshots, "material")

    role = SessionSpeaker.objects.get(session=panel, speaker__email="ada@example.org")
    assert (role.state, role.note) == (SpeakerState.CONFIRMED, "Happy to join.")

    # The organizer sees the answer; the next release shows the biography on the public session page.
    page.reload()
    expect(page.locator("tbody")).to_contain_text("Confirmed")
    expect(page.locator("tbody")).to_contain_text("Happy to join.")
    release_schedule(convention=panel_world["convention"])
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{base}/events/sccon/sessions/{panel.pk}/?lang=en")
    expect(visitor.locator(".people")).to_contain_text("Ada wrote the first published program.")
    assert "ada@example.org" not in visitor.content()
    shoot(visitor, screenshots, "public-session")

    # An attendee let into the room during the panel receives the slides' link after it.
    attendee = factories.RegistrationFactory(
        convention=panel_world["convention"], email="erika@example.org", language="en"
    )
    door = CheckinList.objects.create(
        convention=panel_world["convention"], name="Stage A door", room=panel_world["stage"]
    )
    scanning.scan_badge(
        checkin_list=door, code=badge_code(attendee), nonce=nonce(), scanned_at=panel.start + dt.timedelta(minutes=5)
    )
    assert followup.send_due_session_materials(now=panel.end + dt.timedelta(minutes=5)) == 1
    material_link = latest_link(panel_world["mail"], rf"{re.escape(base)}/media/session-materials/[^\s]+\.pdf")
    mails = "\n".join(path.read_text() for path in panel_world["mail"].glob("*.log"))
    assert "To: erika@example.org" in mails
    response = visitor.request.get(material_link)
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
