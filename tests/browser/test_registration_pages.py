"""Registration and the attendee's page in a real browser: register, show the badge QR to a scanner, sign up
for a workshop, withdraw a consent; screenshots and accessibility checks."""

import datetime as dt
import io

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from events.models import Registration, ScanResult, Session
from events.services import scanning
from events.services.magic_links import magic_link_path
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_programme_pages import serious_violations
from tests.checkin_helpers import DAY_ONE, entrance
from tests.web.programme_data import build_released_programme


@pytest.fixture
def programme(transactional_db, convention):
    programme = build_released_programme(convention)
    # The released programme lies in 2025; sign-up closes when a workshop starts, so move it ahead of now.
    start = timezone.now() + dt.timedelta(days=7)
    Session.objects.filter(pk=programme.workshop.pk).update(start=start, end=start + dt.timedelta(minutes=90))
    factories.TicketTypeFactory(convention=convention, name_en="Day pass", name_de="Tagesticket", quota=500)
    return programme


def register(page, live_server, *, email: str = "erika@berlin.de") -> Registration:
    page.goto(f"{live_server.url}/events/sccon/register/")
    page.get_by_label("Day pass").check()
    page.get_by_role("textbox", name="First name").fill("Erika")
    page.get_by_role("textbox", name="Last name").fill("Mustermann")
    page.get_by_role("textbox", name="E-mail address").fill(email)
    page.get_by_role("textbox", name="Organization").fill("Bezirksamt Mitte")
    page.get_by_label("I accept the terms and conditions").check()
    page.get_by_role("button", name="Register now").click()
    page.wait_for_url("**/register/done/**")
    return Registration.objects.get(email=email)


def test_register_free_ticket_and_scan_the_badge_from_the_screen(page, live_server, programme, screenshots, settings):
    settings.SITE_URL = live_server.url
    registration = register(page, live_server)

    assert page.locator("h1").inner_text() == "You are registered"
    assert page.locator("dd.code").inner_text() == registration.code
    assert page.locator(".magic-link a").inner_text() == f"{live_server.url}{magic_link_path(registration)}"
    page.get_by_role("link", name="Show my badge").click()
    page.wait_for_url(f"**/r/{registration.code}/")

    qr = page.get_by_role("img", name="Badge QR code of Erika Mustermann")
    assert qr.is_visible()
    assert qr.bounding_box()["width"] >= 300  # about 7 px per module: a gate scanner reads it off a phone
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    scan, replayed = scanning.scan_badge(
        checkin_list=entrance(programme.convention),
        code=decoded[0],
        nonce="browser-badge-1",
        scanned_at=dt.datetime.fromisoformat(DAY_ONE),
    )
    assert len(decoded) == 1
    assert (scan.result, scan.reason, scan.registration_id, replayed) == (ScanResult.OK, "", registration.pk, False)

    page.screenshot(path=screenshots / "my-registration-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "my-registration-phone.png", full_page=True)
    phone_qr = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    assert phone_qr == decoded


def test_registration_errors_appear_next_to_the_fields(page, live_server, programme, screenshots):
    page.goto(f"{live_server.url}/events/sccon/register/")
    page.screenshot(path=screenshots / "registration-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "registration-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)

    page.get_by_label("Day pass").check()
    page.get_by_role("textbox", name="First name").fill("Erika")
    page.get_by_role("textbox", name="E-mail address").fill("erika@berlin.de")
    page.get_by_role("button", name="Register now").click()

    assert page.locator("#id_last_name-error").inner_text() == "This field is required."
    assert page.locator("#id_accept_terms-error").inner_text() == "Please accept the terms and conditions to register."
    assert page.get_by_role("textbox", name="Last name").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("textbox", name="First name").input_value() == "Erika"
    assert Registration.objects.count() == 0
    page.screenshot(path=screenshots / "registration-errors-desktop.png", full_page=True)


def test_sign_up_for_a_workshop_and_see_it_on_my_registration(page, live_server, programme, screenshots):
    registration = register(page, live_server)
    page.goto(f"{live_server.url}/events/sccon/sessions/{programme.workshop.pk}/")

    page.get_by_role("button", name="Sign up for this workshop").click()
    page.wait_for_url("**#workshop-signup")
    assert page.get_by_role("status").inner_text() == "You have a seat in this workshop."
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "session-workshop-signup-phone.png", full_page=True)

    page.goto(f"{live_server.url}/r/{registration.code}/")
    workshops = page.locator("#workshops li")
    assert workshops.count() == 1
    assert "Workshop: a data platform in 90 minutes" in workshops.inner_text()
    assert "Seat confirmed" in workshops.inner_text()


def test_withdraw_a_consent_by_keyboard(page, live_server, programme):
    registration = factories.RegistrationFactory(
        convention=programme.convention, consent_share_contact_at=timezone.now(), consent_newsletter_at=None
    )
    page.goto(f"{live_server.url}{magic_link_path(registration)}")
    page.wait_for_url(f"**/r/{registration.code}/")
    assert "token=" not in page.url

    page.get_by_role("button", name="Withdraw consent to share my contact data").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("#consent-share_contact").inner_text().endswith("not given")
    registration.refresh_from_db()
    assert registration.consent_share_contact_at is None


@pytest.mark.parametrize("which", ["registration", "registration-de", "registration-errors", "my-registration"])
def test_registration_pages_have_no_serious_accessibility_violations(page, live_server, programme, which):
    if which == "my-registration":
        register(page, live_server)
        page.get_by_role("link", name="Show my badge").click()
    elif which == "registration-errors":
        page.goto(f"{live_server.url}/events/sccon/register/")
        page.get_by_role("button", name="Register now").click()
        page.wait_for_selector(".error-summary")
    else:
        page.goto(f"{live_server.url}/events/sccon/register/{'?lang=de' if which.endswith('-de') else ''}")

    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert serious_violations(page) == []
