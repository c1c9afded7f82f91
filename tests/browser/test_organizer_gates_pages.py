"""The organizers' operations pages in a real browser.

Device set-up: an organizer creates a gate device on the page; the setup QR code on the screen, decoded with
zxing-cpp as a phone camera would, is activated through the API and its token scans a badge. Announcements: an
organizer writes one to the participants of a workshop, sees the number of recipients, confirms it and follows
the progress; exactly the participants get it, once each. Every page is photographed in German and English and
checked with axe.
"""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import requests
import zxingcpp
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from events.enums import SessionFormat
from events.models import Announcement, CheckinList, OutboundMessage
from events.services import workshops
from tests import factories
from tests.browser.test_programme_pages import serious_violations
from tests.checkin_helpers import badge_code

PASSWORD = "messe-2025-secret"


@pytest.fixture
def world(transactional_db, settings):
    today = timezone.now().astimezone(ZoneInfo("Europe/Berlin")).date()
    convention = factories.ConventionFactory(
        slug="sccon",
        name="Smart Country Convention",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
    )
    organizer = factories.UserFactory(username="anna")
    organizer.set_password(PASSWORD)
    organizer.save()
    convention.organizers.add(organizer)
    visitor = factories.TicketTypeFactory(convention=convention, name_en="Visitor", name_de="Besucher")
    return {"convention": convention, "organizer": organizer, "visitor": visitor}


def sign_in(page, base: str, path: str) -> None:
    page.goto(base + path)
    page.wait_for_url(re.compile(r".*/login/\?next="))
    page.get_by_label("User name").fill("anna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def shoot(page, screenshots, name: str) -> None:
    """The page as it is, photographed and checked with axe."""
    page.screenshot(path=screenshots / f"organizer-{name}.png", full_page=True)
    assert serious_violations(page) == []


def photograph(page, screenshots, name: str) -> None:
    """The page (of a GET) in English and German, each photographed and checked with axe."""
    shoot(page, screenshots, f"{name}-en")
    url = page.url
    page.goto(url + ("&" if "?" in url else "?") + "lang=de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    shoot(page, screenshots, f"{name}-de")
    page.goto(url)


def test_gate_device_set_up_from_the_qr_code_on_the_page_scans_a_badge(page, live_server, world, screenshots):
    convention = world["convention"]
    base = live_server.url
    sign_in(page, base, "/organize/sccon/gates/")

    # A check-in list for today, then a gate device for it.
    page.get_by_role("link", name="New check-in list").click()
    page.get_by_role("textbox", name=re.compile(r"^Name")).fill("Entrance hub27")
    page.get_by_role("checkbox", name=re.compile(r"Visitor")).check()
    page.get_by_role("button", name="Create check-in list").click()
    expect(page.get_by_text("The check-in list Entrance hub27 is set up.")).to_be_visible()
    page.get_by_role("link", name="New gate device").click()
    page.get_by_label("Name of the device").fill("Gate 1")
    page.get_by_role("checkbox", name="Entrance hub27").check()
    page.get_by_role("button", name="Create and show the setup code").click()
    expect(page.get_by_role("heading", name="Set up Gate 1", level=1)).to_be_visible()
    shoot(page, screenshots, "gates-setup-code-en")

    # The phone's camera: the QR code on the screen, decoded.
    png = page.locator(".setup-qr svg").screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [barcode.text for barcode in decoded] == [page.locator(".setup-code-text").inner_text()]

    # The scanner activates it through the API and scans a badge with the token.
    activated = requests.post(f"{base}/api/v1/devices/activate/", json={"setup_code": decoded[0].text}, timeout=10)
    assert activated.status_code == 201, activated.text
    token = activated.json()["token"]
    gate = CheckinList.objects.get(convention=convention, name="Entrance hub27")
    registration = factories.RegistrationFactory(
        convention=convention, ticket_type=world["visitor"], first_name="Erika", last_name="Mustermann"
    )
    scanned = requests.post(
        f"{base}/api/v1/events/sccon/checkin-lists/{gate.pk}/scans/",
        json={"code": badge_code(registration), "nonce": "gate1-000001"},
        headers={"Authorization": f"Device {token}"},
        timeout=10,
    )
    assert scanned.status_code in (200, 201), scanned.text
    assert (scanned.json()["result"], scanned.json()["attendee"]["name"]) == ("ok", "Erika Mustermann")

    # A second device, set up in German.
    page.goto(f"{base}/organize/sccon/gates/devices/new/?lang=de")
    page.get_by_label("Name des Geräts").fill("Einlass 2")
    page.get_by_role("checkbox", name="Entrance hub27").check()
    page.get_by_role("button", name="Anlegen und Einrichtungscode zeigen").click()
    expect(page.get_by_role("heading", name="Einlass 2 einrichten", level=1)).to_be_visible()
    shoot(page, screenshots, "gates-setup-code-de")

    # The gates page counts the person inside.
    page.goto(f"{base}/organize/sccon/gates/")
    counts = page.locator("#live-counts .count-card").first
    expect(counts).to_contain_text("1 entry today")
    expect(page.locator(".devices-table")).to_contain_text("active")
    photograph(page, screenshots, "gates")

    # The counts follow without a reload (resuming live updates fetches them at once).
    second = factories.RegistrationFactory(convention=convention, ticket_type=world["visitor"])
    requests.post(
        f"{base}/api/v1/events/sccon/checkin-lists/{gate.pk}/scans/",
        json={"code": badge_code(second), "nonce": "gate1-000003"},
        headers={"Authorization": f"Device {token}"},
        timeout=10,
    )
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Pause live updates").click()
    page.get_by_role("button", name="Resume live updates").click()
    expect(counts).to_contain_text("2 entries today")
    assert page.evaluate("window.notReloaded") is True

    # A forged badge is refused and shows up for the security desk.
    forged = badge_code(registration)[:-6] + "AAAAAA"
    requests.post(
        f"{base}/api/v1/events/sccon/checkin-lists/{gate.pk}/scans/",
        json={"code": forged, "nonce": "gate1-000002"},
        headers={"Authorization": f"Device {token}"},
        timeout=10,
    )
    page.get_by_role("link", name="Refused scans").click()
    expect(page.locator(".refused-table tbody tr")).to_have_count(1)
    photograph(page, screenshots, "refused-scans")

    # Revoked on the page, the token stops working.
    page.get_by_role("link", name="Gates and devices").click()
    page.get_by_role("button", name="Revoke Gate 1").click()
    expect(page.get_by_text("Gate 1 is signed out and can no longer scan.")).to_be_visible()
    refused = requests.get(f"{base}/api/v1/devices/me/", headers={"Authorization": f"Device {token}"}, timeout=10)
    assert refused.status_code in (401, 403)


def test_announcement_to_a_workshop_reaches_its_participants_once_each(page, live_server, world, screenshots):
    convention = world["convention"]
    start = timezone.now() + dt.timedelta(days=1)
    workshop_x = factories.SessionFactory(
        convention=convention,
        format=SessionFormat.WORKSHOP,
        title_en="Open data in 90 minutes",
        title_de="Offene Daten in 90 Minuten",
        capacity=20,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    other = factories.SessionFactory(
        convention=convention,
        format=SessionFormat.WORKSHOP,
        capacity=20,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    participants = [factories.RegistrationFactory(convention=convention) for _ in range(4)]
    for registration in participants:
        workshops.sign_up_for_workshop(session=workshop_x, registration=registration)
    workshops.sign_up_for_workshop(session=other, registration=factories.RegistrationFactory(convention=convention))
    factories.RegistrationFactory(convention=convention)
    mail.outbox.clear()
    base = live_server.url
    sign_in(page, base, "/organize/sccon/announcements/")

    page.get_by_role("link", name="New announcement").click()
    photograph(page, screenshots, "announcement-form")
    page.get_by_label("Subject (German)").fill("Raumwechsel")
    page.get_by_label("Text (German)").fill("Der Workshop findet in Raum 2 statt.")
    page.get_by_label("Subject (English)").fill("Room change")
    page.get_by_label("Text (English)").fill("The workshop moves to room 2.")
    choice = page.get_by_label("Signed up for the workshop")
    choice.select_option(label=choice.locator("option", has_text="Open data in 90 minutes").inner_text())
    page.get_by_role("button", name="Save and count the recipients").click()

    expect(page.locator(".recipients")).to_have_text("This announcement reaches 4 attendees.")
    photograph(page, screenshots, "announcement-confirm")
    page.get_by_role("button", name="Send now to 4 recipients").click()
    expect(page.get_by_text("The announcement is on its way to 4 recipients.")).to_be_visible()
    expect(page.locator(".progress-count")).to_contain_text("4 of 4 sent")
    photograph(page, screenshots, "announcement-progress")

    announcement = Announcement.objects.get()
    keys = sorted(OutboundMessage.objects.filter(announcement=announcement).values_list("idempotency_key", flat=True))
    assert keys == sorted(f"announcement:{announcement.pk}:{registration.pk}" for registration in participants)
    announcement_mails = [
        message for message in mail.outbox if "room 2" in message.body.lower().replace("raum", "room")
    ]
    assert sorted(message.to[0] for message in announcement_mails) == sorted(r.email for r in participants)

    page.get_by_role("link", name="Messages").click()
    expect(page.locator(".summary-table")).to_contain_text("Announcement (operational)")
    photograph(page, screenshots, "messages")
    page.get_by_role("link", name="Badge printing").click()
    page.get_by_role("button", name="Start print job").click()
    expect(page.locator(".jobs-table .job-status").first).to_have_text("Ready")
    photograph(page, screenshots, "badges")
