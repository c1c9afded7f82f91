"""The organizer's ticket pages and registration desk in a real browser: a free ticket type with two valid days
and a domain rule, a voucher batch and a question; a visitor registers with them; the organizer finds the
registration by part of the name, reprints the badge (the gate's scan API refuses the old code) and sends the
link again (the e-mail lands in the mail folder). Screenshots in German and English, desktop and phone."""

import datetime as dt
import re
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from playwright.sync_api import expect

from events.models import Badge, CheckinList, DeviceKind, Registration, TicketType, Voucher
from events.services import badges, devices
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_programme_pages import serious_violations
from tests.checkin_helpers import DAY_ONE

PASSWORD = "messe-2025-organizer"


@pytest.fixture
def organizer_account(transactional_db, convention):
    user = factories.UserFactory(username="anna")
    user.set_password(PASSWORD)
    user.save()
    convention.organizers.add(user)
    return user


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


def sign_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}{next_path}")
    page.wait_for_url("**/login/?next=**")
    page.get_by_label("User name").fill("anna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def shoot(page, screenshots, name: str) -> None:
    """Desktop and phone, English and German, each checked with axe."""
    url = page.url
    for language in ("en", "de"):
        page.goto(f"{url}{'&' if '?' in url else '?'}lang={language}")
        for width, viewport in (("1366", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            page.screenshot(path=screenshots / f"organizer-{name}-{language}-{width}.png", full_page=True)
        assert serious_violations(page) == []
    page.set_viewport_size(DESKTOP)
    page.goto(url)


def shoot_as_is(page, screenshots, name: str, language: str) -> None:
    """The page in its present state (a form with its errors), desktop and phone."""
    for width, viewport in (("1366", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=screenshots / f"organizer-{name}-{language}-{width}.png", full_page=True)
    assert serious_violations(page) == []
    page.set_viewport_size(DESKTOP)


def post_bad_ticket_type(page) -> None:
    page.locator("#id_name_de").fill("Verwaltungsticket")
    page.locator("#id_quota").fill("0")
    page.locator("#id_allowed_email_domains").fill("berlin.de\nbund")
    page.locator("form.back-office-form button[type=submit]").click()


def mails(mail_dir) -> list:
    return [
        message_from_bytes(part.encode(), policy=default_policy)
        for path in sorted(mail_dir.glob("*.log"))
        for part in path.read_text().split("-" * 79 + "\n")
        if part.strip()
    ]


def gate_scan(page, live_server, token: str, checkin_list: CheckinList, code: str, nonce: str) -> dict:
    response = page.request.post(
        f"{live_server.url}/api/v1/events/sccon/checkin-lists/{checkin_list.pk}/scans/",
        headers={"Authorization": f"Device {token}"},
        data={"code": code, "nonce": nonce, "scanned_at": DAY_ONE},
    )
    assert response.status in (200, 201), response.text()
    return response.json()


def test_organizer_sets_up_tickets_and_the_desk_helps_the_visitor(
    browser, page, live_server, convention, organizer_account, mail_dir, screenshots, settings
):
    settings.SITE_URL = live_server.url
    entrance = CheckinList.objects.create(convention=convention, name="Entrance")
    _device, setup_code = devices.create_device(
        convention=convention, name="Gate 1", kind=DeviceKind.GATE, checkin_lists=[entrance]
    )
    _, gate_token = devices.activate_device(setup_code=setup_code)

    # 1. A free ticket type for two of the three days, only for addresses of berlin.de.
    sign_in(page, live_server, "/organize/sccon/tickets/new/?lang=de")
    post_bad_ticket_type(page)
    expect(page.locator("#id_name_en-error")).to_have_text("Dieses Feld ist zwingend erforderlich.")
    expect(page.locator("#id_allowed_email_domains-error")).to_have_text(
        "Keine Domain: bund. Schreiben Sie Domains wie berlin.de, eine pro Zeile."
    )
    shoot_as_is(page, screenshots, "ticket-type-errors", "de")
    page.goto(f"{live_server.url}/organize/sccon/tickets/new/")
    post_bad_ticket_type(page)
    expect(page.locator("#id_quota-error")).to_have_text("Ensure this value is greater than or equal to 1.")
    expect(page.locator("#id_allowed_email_domains-error")).to_have_text(
        "Not a domain: bund. Write domains such as berlin.de, one a line."
    )
    shoot_as_is(page, screenshots, "ticket-type-errors", "en")
    page.get_by_label("Name (English)").fill("Public sector ticket")
    page.get_by_label("Tuesday, 30. September 2025").check()
    page.get_by_label("Wednesday, 1. October 2025").check()
    page.get_by_label("Quota").fill("500")
    page.get_by_label("Only e-mail addresses of these domains").fill("berlin.de\nbund.de")
    page.get_by_role("button", name="Create ticket type").click()
    expect(page.get_by_role("status")).to_have_text("Ticket type “Public sector ticket” created.")
    ticket = TicketType.objects.get(convention=convention)
    assert (ticket.valid_days, ticket.allowed_email_domains, ticket.price) == (
        ["2025-09-30", "2025-10-01"],
        ["berlin.de", "bund.de"],
        0,
    )
    row = page.get_by_role("row", name=re.compile("Public sector ticket"))
    expect(row.locator("td.number")).to_have_text(["0", "0", "500 / 500"])
    shoot(page, screenshots, "ticket-types")

    # 2. A batch of three voucher codes for it.
    page.get_by_role("link", name="Vouchers").click()
    page.get_by_label("Number of codes").fill("3")
    page.get_by_label("Code prefix").fill("GUEST")
    page.get_by_role("group", name="For these ticket types").get_by_label("Public sector ticket").check()
    page.get_by_label("Comment").fill("Guests of the ministry")
    page.get_by_role("button", name="Create codes").click()
    expect(page.get_by_role("status")).to_contain_text("3 voucher codes created: GUEST-")
    codes = sorted(Voucher.objects.filter(convention=convention).values_list("code", flat=True))
    assert len(codes) == 3 and all(code.startswith("GUEST-") for code in codes)
    shoot(page, screenshots, "vouchers")

    # 3. A question on the registration form.
    page.get_by_role("link", name="Questions").click()
    page.get_by_role("link", name="New question").click()
    page.get_by_label("Identifier").fill("sector")
    page.get_by_label("Question (German)").fill("Ihr Verwaltungsbereich")
    page.get_by_label("Question (English)").fill("Your administrative level")
    page.get_by_label("Kind of answer").select_option("choice")
    page.get_by_label("Answers to choose from").fill("municipal\nfederal")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status")).to_have_text("Question “sector” saved.")
    shoot(page, screenshots, "questions")

    # 4. A visitor registers with the ticket type, a voucher code and an answer.
    visitor = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    visitor.goto(f"{live_server.url}/events/sccon/register/")
    visitor.get_by_label("Public sector ticket").check()
    visitor.get_by_role("textbox", name="First name").fill("Erika")
    visitor.get_by_role("textbox", name="Last name").fill("Schröder-Mustermann")
    visitor.get_by_role("textbox", name="E-mail address").fill("erika.schroeder@bezirksamt.berlin.de")
    visitor.get_by_role("textbox", name="Organization").fill("Bezirksamt Mitte")
    visitor.get_by_label("Your administrative level").select_option("municipal")
    visitor.get_by_label("Voucher code (optional)").fill(codes[0].lower())
    visitor.get_by_label("I accept the terms and conditions").check()
    visitor.get_by_role("button", name="Register now").click()
    visitor.wait_for_url("**/register/done/**")
    registration = Registration.objects.get(email="erika.schroeder@bezirksamt.berlin.de")
    assert (registration.ticket_type, registration.voucher.code, registration.answers) == (
        ticket,
        codes[0],
        {"sector": "municipal"},
    )
    old_code = badges.get_or_issue_badge(registration=registration).code
    visitor.context.close()

    # 5. At the desk: found by part of the name, badge reprinted, link sent again.
    page.get_by_role("link", name="Registrations").click()
    page.get_by_role("searchbox", name="Search").fill("schrö")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 registration")
    shoot(page, screenshots, "registrations")
    page.get_by_role("link", name="Erika Schröder-Mustermann").click()
    page.wait_for_url(f"**/registrations/{registration.code}/")
    page.get_by_role("button", name="Reprint badge").click()
    expect(page.get_by_role("status")).to_contain_text("the old badge is refused at every gate from now on")
    new_code = Badge.objects.get(registration=registration, revoked_at=None).code
    assert new_code != old_code
    refused = gate_scan(page, live_server, gate_token, entrance, old_code, "gate1-old")
    accepted = gate_scan(page, live_server, gate_token, entrance, new_code, "gate1-new")
    assert (refused["result"], refused["reason"]) == ("rejected", "revoked")
    assert (accepted["result"], accepted["reason"]) == ("ok", None)

    page.get_by_role("button", name="Send the link again").click()
    expect(page.get_by_role("status")).to_have_text(
        "The link to the registration is on its way to erika.schroeder@bezirksamt.berlin.de."
    )
    history = page.locator(".history .what")
    expect(history.filter(has_text="Badge revoked")).to_have_count(1)
    expect(history.filter(has_text="Message: magic_link_resent")).to_have_count(1)
    shoot(page, screenshots, "registration-detail")

    sent = [mail for mail in mails(mail_dir) if mail["To"] == "erika.schroeder@bezirksamt.berlin.de"]
    resent = [mail for mail in sent if "link" in mail["Subject"].lower()]
    assert len(sent) == 2 and len(resent) == 1  # the confirmation, then the link again
    body = resent[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"{re.escape(live_server.url)}/r/{registration.code}/\?token=\w+", body).group(0)
    attendee = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    attendee.goto(link)
    expect(attendee.get_by_role("img", name=re.compile("Badge QR code of Erika"))).to_be_visible()
    attendee.context.close()
    assert dt.datetime.fromisoformat(DAY_ONE).date().isoformat() in ticket.valid_days
