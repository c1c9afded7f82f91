"""The staff scanner (gate and booth) and the organizer dashboard in a real browser.

The gate scanner sees a badge through Chromium's fake camera, fed a Y4M video made from the badge's QR code at
test time; a second Chromium is launched for that, since the camera is chosen by launch arguments.
"""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import qrcode
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from qrcode.constants import ERROR_CORRECT_M

from events.enums import SessionFormat, SignupStatus
from events.models import CheckinList, Lead, OutboundMessage, Scan, WorkshopSignup
from events.services import badges, devices, scanning
from tests import factories
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from tests.browser.test_programme_pages import serious_violations
from tests.checkin_helpers import badge_code, nonce

FRAME_SIZE = (640, 480)


def write_y4m(path: Path, image: Image.Image, *, frames: int = 2) -> None:
    """A raw YUV 4:2:0 video (full-range JPEG colours) that Chromium's fake camera plays in a loop."""
    width, height = image.size
    y_plane, cb_plane, cr_plane = image.convert("RGB").convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = [y_plane.tobytes(), cb_plane.resize(half).tobytes(), cr_plane.resize(half).tobytes()]
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F25:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n")
            for plane in planes:
                video.write(plane)


def badge_video(path: Path, code: str) -> Path:
    qr = qrcode.make(code, error_correction=ERROR_CORRECT_M, box_size=8, border=4).get_image().convert("L")
    frame = Image.new("L", FRAME_SIZE, 255)
    frame.paste(qr, ((FRAME_SIZE[0] - qr.size[0]) // 2, (FRAME_SIZE[1] - qr.size[1]) // 2))
    write_y4m(path, frame)
    return path


@pytest.fixture
def camera_page(browser, tmp_path):
    """Opens a page in a Chromium whose camera shows the QR code of the badge code given."""
    launched = []

    def open_page(code: str):
        video = badge_video(tmp_path / "badge.y4m", code)
        camera_browser = browser.browser_type.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        launched.append(camera_browser)
        context = camera_browser.new_context(viewport=PHONE, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for camera_browser in launched:
        camera_browser.close()


@pytest.fixture
def running_convention(transactional_db):
    today = timezone.now().astimezone(ZoneInfo("Europe/Berlin")).date()
    return factories.ConventionFactory(
        slug="sccon",
        name="Smart Country Convention",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
    )


def attendee(convention, first_name: str, last_name: str, **fields):
    return factories.RegistrationFactory(
        convention=convention, first_name=first_name, last_name=last_name, organization="Bezirksamt Mitte", **fields
    )


def sign_in(page, base_url: str, setup_code: str) -> None:
    page.goto(f"{base_url}/scan/")
    page.get_by_label("Setup code").fill(setup_code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#station")).to_be_visible()


def enter_code(page, code: str) -> None:
    page.get_by_label("Badge or registration code").fill(code)
    page.get_by_role("button", name="Check code").click()


def test_gate_scanner_camera_then_offline_queue(camera_page, live_server, running_convention, screenshots):
    convention = running_convention
    entrance = CheckinList.objects.create(convention=convention, name="Hall A entrance")
    CheckinList.objects.create(convention=convention, name="Stage B door")
    erika = attendee(convention, "Erika", "Mustermann")
    jonas = attendee(convention, "Jonas", "Weber")
    lea = attendee(convention, "Lea", "Schmidt")
    cancelled = attendee(convention, "Max", "Storniert")
    codes = {registration.pk: badge_code(registration) for registration in (erika, jonas, lea, cancelled)}
    badges.revoke_badges(registration=cancelled)
    _device, setup_code = devices.create_device(
        convention=convention, name="Gate 3", kind="gate", checkin_lists=[entrance]
    )
    page = camera_page(codes[erika.pk])
    headline = page.locator("#result-headline")

    sign_in(page, live_server.url, setup_code)
    expect(page.get_by_role("heading", name="Gate check-in")).to_be_visible()
    assert page.get_by_label("Check-in list").locator("option").all_inner_texts() == ["Hall A entrance"]
    page.get_by_role("button", name="Start camera").click()
    expect(headline).to_have_text("OK")
    expect(page.locator("#result-name")).to_have_text("Erika Mustermann, Bezirksamt Mitte")
    # The badge stays in front of the camera: after the repeat pause the scanner reads it again.
    expect(headline).to_have_text("Already checked in")
    page.get_by_role("button", name="Stop camera").click()
    page.screenshot(path=screenshots / "scanner-rejected-phone.png", full_page=True)
    erika_scans = Scan.objects.filter(registration=erika).order_by("scanned_at").values_list("result", "reason")
    assert list(erika_scans[:2]) == [("ok", ""), ("rejected", "already_checked_in")]
    assert page.locator("#history li").all_inner_texts()[-2:] == [
        "Already checked in · Erika Mustermann, Bezirksamt Mitte",
        "OK · Erika Mustermann, Bezirksamt Mitte",
    ]

    page.context.set_offline(True)
    expect(page.locator("#network-state")).to_have_text("Offline")
    forged = codes[lea.pk][:60] + ("A" if codes[lea.pk][60] != "A" else "B") + codes[lea.pk][61:]
    enter_code(page, forged)
    expect(headline).to_have_text("Invalid badge (offline)")
    enter_code(page, codes[cancelled.pk])
    expect(headline).to_have_text("Badge revoked (offline)")
    enter_code(page, codes[jonas.pk])
    expect(headline).to_have_text("OK (offline)")
    expect(page.locator("#queue-length")).to_have_text("3")
    enter_code(page, codes[lea.pk])
    # The headline reads the same as for the previous badge: wait until Lea's scan is queued before repeating it.
    expect(page.locator("#queue-length")).to_have_text("4")
    expect(headline).to_have_text("OK (offline)")
    enter_code(page, codes[lea.pk])
    expect(headline).to_have_text("Already checked in (offline)")
    expect(page.locator("#queue-length")).to_have_text("5")
    assert Scan.objects.filter(registration__in=[jonas, lea]).count() == 0
    page.screenshot(path=screenshots / "scanner-offline-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screenshots / "scanner-offline-desktop.png", full_page=True)

    page.context.set_offline(False)
    expect(page.locator("#queue-length")).to_have_text("0")
    synced = Scan.objects.filter(device_label="Gate 3").exclude(registration=erika).order_by("scanned_at")
    assert list(synced.values_list("registration__last_name", "result", "reason")) == [
        (None, "rejected", "invalid_signature"),
        ("Storniert", "rejected", "revoked"),
        ("Weber", "ok", ""),
        ("Schmidt", "ok", ""),
        ("Schmidt", "rejected", "already_checked_in"),
    ]


def test_booth_scanner_adds_notes_rating_and_tags_to_the_lead(page, live_server, running_convention):
    convention = running_convention
    exhibitor = factories.ExhibitorFactory(convention=convention, name="Govtech Berlin")
    visitor = attendee(convention, "Erika", "Mustermann", consent_share_contact_at=timezone.now())
    _device, setup_code = devices.create_device(
        convention=convention, name="Booth phone", kind="booth", exhibitor=exhibitor
    )

    sign_in(page, live_server.url, setup_code)
    expect(page.get_by_role("heading", name="Lead capture: Govtech Berlin")).to_be_visible()
    enter_code(page, badge_code(visitor))
    expect(page.locator("#result-name")).to_have_text("Erika Mustermann, Bezirksamt Mitte")
    page.get_by_label("Notes").fill("Wants a demo of the permit workflow")
    page.get_by_label("Rating (0–5)").select_option("4")
    page.get_by_label("Tags (comma-separated)").fill("permits, follow-up")
    page.get_by_role("button", name="Save lead").click()
    expect(page.locator("#lead-saved")).to_have_text("Lead details saved.")

    lead = Lead.objects.get(exhibitor=exhibitor)
    assert (lead.notes, lead.rating, lead.tags, lead.scan_count) == (
        "Wants a demo of the permit workflow",
        4,
        ["permits", "follow-up"],
        2,
    )


def test_scanner_pages_have_no_serious_accessibility_violations(page, live_server, running_convention):
    entrance = CheckinList.objects.create(convention=running_convention, name="Hall A entrance")
    code = badge_code(attendee(running_convention, "Erika", "Mustermann"))
    _device, setup_code = devices.create_device(
        convention=running_convention, name="Gate 3", kind="gate", checkin_lists=[entrance]
    )
    page.goto(f"{live_server.url}/scan/")
    assert serious_violations(page) == []

    sign_in(page, live_server.url, setup_code)
    enter_code(page, code)
    expect(page.locator("#result-headline")).to_have_text("OK")
    enter_code(page, code)
    expect(page.locator("#result-headline")).to_have_text("Already checked in")
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert serious_violations(page) == []


def test_dashboard_after_sign_in_updates_live(page, live_server, running_convention, screenshots):
    convention = running_convention
    user = factories.UserFactory(username="anna")
    user.set_password("messe-2025-secret")
    user.save()
    convention.organizers.add(user)
    day_pass = factories.TicketTypeFactory(convention=convention, name_en="Day pass")
    stage = factories.RoomFactory(convention=convention, name="Stage A", capacity=120)
    stage_door = CheckinList.objects.create(convention=convention, name="Stage A door", room=stage, kind="room")
    visitors = [attendee(convention, "Erika", f"Mustermann {n}", ticket_type=day_pass) for n in range(3)]
    codes = [badge_code(visitor) for visitor in visitors]
    for code in codes[:2]:
        scanning.scan_badge(checkin_list=stage_door, code=code, nonce=nonce())
    workshop = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="A data platform in 90 minutes", capacity=2
    )
    for position, visitor in enumerate(visitors):
        waiting = position >= 2
        WorkshopSignup.objects.create(
            session=workshop,
            registration=visitor,
            status=SignupStatus.WAITLISTED if waiting else SignupStatus.CONFIRMED,
            queue_number=1 if waiting else None,
        )
    for position, status in enumerate(["sent", "sent", "pending"]):
        OutboundMessage.objects.create(
            convention=convention,
            idempotency_key=f"dashboard-browser-{position}",
            kind="confirmation",
            recipient=f"visitor{position}@example.org",
            subject="Your registration",
            body_text="Welcome",
            status=status,
        )

    page.goto(f"{live_server.url}/events/sccon/dashboard/")
    page.wait_for_url("**/login/?next=/events/sccon/dashboard/")
    page.get_by_label("User name").fill("anna")
    page.get_by_label("Password").fill("messe-2025-secret")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/events/sccon/dashboard/")
    page.locator("#occupancy-data summary").click()
    occupancy = page.locator("#occupancy-data tbody tr").first.locator("th, td")
    expect(occupancy).to_have_text(["Stage A (Stage A door)", "2", "118"])
    expect(page.locator("#workshops-title ~ svg title")).to_have_text(
        ["A data platform in 90 minutes: 2 / 2 · 1 waiting"]
    )
    page.screenshot(path=screenshots / "dashboard-desktop.png", full_page=True)
    assert serious_violations(page) == []

    scanning.scan_badge(checkin_list=stage_door, code=codes[2], nonce=nonce())
    # Resuming live updates fetches the panels at once instead of at the next 15-second tick.
    page.get_by_role("button", name="Pause live updates").click()
    page.get_by_role("button", name="Resume live updates").click()
    expect(occupancy).to_have_text(["Stage A (Stage A door)", "3", "117"])
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "dashboard-phone.png", full_page=True)
    assert serious_violations(page) == []


def test_scanner_reopens_without_network_and_keeps_scanning(page, live_server, running_convention):
    entrance = CheckinList.objects.create(convention=running_convention, name="Hall A entrance")
    visitor = attendee(running_convention, "Jonas", "Weber")
    code = badge_code(visitor)
    _device, setup_code = devices.create_device(
        convention=running_convention, name="Gate 3", kind="gate", checkin_lists=[entrance]
    )
    sign_in(page, live_server.url, setup_code)
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)") is True

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Gate check-in")).to_be_visible()
    enter_code(page, code)
    expect(page.locator("#result-headline")).to_have_text("OK (offline)")
    expect(page.locator("#queue-length")).to_have_text("1")

    page.context.set_offline(False)
    expect(page.locator("#queue-length")).to_have_text("0")
    assert list(Scan.objects.filter(registration=visitor).values_list("result", "device_label")) == [("ok", "Gate 3")]
