"""The exhibitor portal in a real browser: from the organizer's invitation to the manager's lead export.

Item 1 of the exhibitor portal's acceptance: the organizer invites a manager on the organizer area's exhibitor
page; the manager signs in with the link from the e-mail file, edits the German and English profile, uploads a
logo and a PDF, invites a staff member and creates a booth scanner from the QR code on the screen (decoded here
with zxing-cpp, as a phone camera would); the staff member's badge scans at the gate, the booth scanner captures
a lead and the manager exports it; the organizer's list counts the lead without showing it.
"""

import csv
import io
import re
from pathlib import Path

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from events.models import Badge, CheckinList, Exhibitor, Lead
from events.services import devices
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_staff_pages import enter_code, sign_in


def latest_link(mail_dir: Path, pattern: str) -> str:
    """The newest link matching ``pattern`` in the e-mails the file backend wrote."""
    texts = [path.read_text() for path in sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)]
    links = re.findall(pattern, "\n".join(texts))
    assert links, f"no e-mail with {pattern}"
    return links[-1]


def png_logo(path: Path) -> Path:
    Image.new("RGB", (1200, 600), (31, 111, 235)).save(path, format="PNG")
    return path


def pdf_brochure(path: Path) -> Path:
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return path


@pytest.fixture
def booth_world(transactional_db, settings, tmp_path, live_server):
    import datetime as dt
    from zoneinfo import ZoneInfo

    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    today = timezone.now().astimezone(ZoneInfo("Europe/Berlin")).date()
    convention = factories.ConventionFactory(
        slug="sccon",
        name="Smart Country Convention",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
    )
    organizer = factories.UserFactory(username="orga", email="orga@sccon.example")
    convention.organizers.add(organizer)
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech", profile_en="")
    factories.BoothFactory(exhibitor=exhibitor, number="508", size_sqm=40)
    factories.TicketTypeFactory(convention=convention, name_en="Exhibitor pass", is_exhibitor_pass=True)
    entrance = CheckinList.objects.create(convention=convention, name="Hall 25 entrance")
    _gate, gate_code = devices.create_device(
        convention=convention, name="Gate 1", kind="gate", checkin_lists=[entrance]
    )
    visitor = factories.RegistrationFactory(
        convention=convention,
        first_name="Erika",
        last_name="Mustermann",
        organization="Bezirksamt Mitte",
        consent_share_contact_at=timezone.now(),
    )
    return {
        "organizer": organizer,
        "convention": convention,
        "exhibitor": exhibitor,
        "gate_code": gate_code,
        "visitor": visitor,
        "mail": tmp_path / "mail",
        "tmp": tmp_path,
    }


def test_manager_runs_the_booth_from_invitation_to_lead_export(browser, live_server, booth_world, screenshots):
    base = live_server.url
    world = booth_world
    exhibitor = world["exhibitor"]
    invitation_link = rf"{re.escape(base)}/exhibitor/invitations/[\w-]+/"

    # The organizer signs in and invites the manager on the exhibitor's page of the organizer area.
    orga = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    orga.goto(f"{base}/login/?next=/organize/sccon/exhibitors/")
    orga.get_by_label("User name").fill("orga")
    orga.get_by_label("Password").fill("messe-test-password")
    orga.get_by_role("button", name="Sign in").click()
    expect(orga.get_by_role("heading", name="Exhibitors", exact=True)).to_be_visible()
    orga.get_by_role("link", name="GovTech Berlin").click()
    orga.get_by_label("E-mail address of the manager").fill("ada@govtech.example")
    orga.get_by_label("First name").fill("Ada")
    orga.get_by_label("Last name").fill("Lovelace")
    orga.get_by_label("Language of the invitation").select_option("en")
    orga.get_by_role("button", name="Send invitation").click()
    expect(orga.get_by_text("The invitation is on its way to ada@govtech.example.")).to_be_visible()
    expect(orga.get_by_text("ada@govtech.example · Manager")).to_be_visible()
    orga.screenshot(path=screenshots / "organizer-exhibitor-invited.png", full_page=True)

    # The manager follows the link from the e-mail file and accepts.
    manager = browser.new_context(viewport=DESKTOP, locale="en-GB", accept_downloads=True).new_page()
    manager.goto(latest_link(world["mail"], invitation_link))
    manager.get_by_label("I accept the convention's terms and conditions.").check()
    manager.get_by_role("button", name="Accept and sign in").click()
    expect(manager.get_by_text("Welcome to the booth of GovTech Berlin.")).to_be_visible()
    manager.screenshot(path=screenshots / "exhibitor-portal-overview.png", full_page=True)

    # German and English profile, and a logo.
    manager.get_by_role("link", name="Profile").click()
    manager.get_by_label("Profile (German)").fill("Wir bauen digitale Verwaltung.")
    manager.get_by_label("Profile (English)").fill("We build digital public services.")
    manager.get_by_label("Logo (PNG, JPEG or WebP)").set_input_files(png_logo(world["tmp"] / "logo.png"))
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_text("Saved. The change is public.")).to_be_visible()
    manager.screenshot(path=screenshots / "exhibitor-portal-profile.png", full_page=True)

    # A PDF brochure.
    manager.get_by_role("link", name="Materials").click()
    manager.get_by_label("Title").fill("Brochure 2025")
    manager.get_by_label("File (PDF or image)").set_input_files(pdf_brochure(world["tmp"] / "brochure.pdf"))
    manager.get_by_role("button", name="Upload").click()
    expect(manager.get_by_text("The material is public.")).to_be_visible()

    # A staff member, invited by e-mail, who accepts and so gets a pass and a badge.
    manager.get_by_role("link", name="Staff and passes").click()
    manager.get_by_role("textbox", name="E-mail address").fill("bo@govtech.example")
    manager.get_by_role("textbox", name="First name").fill("Bo")
    manager.get_by_role("textbox", name="Last name").fill("Chen")
    manager.get_by_label("Language of the invitation").select_option("en")
    manager.get_by_role("button", name="Send invitation").click()
    expect(manager.get_by_text("The invitation is on its way to bo@govtech.example.")).to_be_visible()
    staff = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    staff.goto(latest_link(world["mail"], invitation_link))
    staff.get_by_label("I accept the convention's terms and conditions.").check()
    staff.get_by_role("button", name="Accept and sign in").click()
    expect(staff.get_by_text("You are on the staff")).to_be_visible()
    manager.reload()
    expect(manager.locator(".staff-table tbody tr")).to_have_count(2)
    manager.screenshot(path=screenshots / "exhibitor-portal-staff.png", full_page=True)

    # A booth scanner, set up from the QR code on the manager's screen.
    manager.get_by_role("link", name="Booth scanners").click()
    manager.get_by_label("Name of the device").fill("Tablet 1")
    manager.get_by_role("button", name="Create and show the setup code").click()
    qr = manager.locator(".setup-qr svg")
    shot = world["tmp"] / "setup-qr.png"
    qr.screenshot(path=shot)
    decoded = zxingcpp.read_barcodes(Image.open(shot))
    assert [barcode.text for barcode in decoded] == [manager.locator(".setup-code-text").inner_text()]
    manager.screenshot(path=screenshots / "exhibitor-portal-setup-code.png", full_page=True)
    booth_scanner = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    sign_in(booth_scanner, base, decoded[0].text)
    expect(booth_scanner.get_by_role("heading", name="Lead capture: GovTech Berlin")).to_be_visible()

    # The staff member's badge scans at the gate.
    staff_badge = Badge.objects.get(registration__exhibitor_staff__user__email="bo@govtech.example", revoked_at=None)
    gate = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    sign_in(gate, base, world["gate_code"])
    enter_code(gate, staff_badge.code)
    expect(gate.locator("#result-headline")).to_have_text("OK")
    expect(gate.locator("#result-name")).to_contain_text("Bo Chen")

    # The booth scanner captures a lead.
    from events.services.badges import get_or_issue_badge

    enter_code(booth_scanner, get_or_issue_badge(registration=world["visitor"]).code)
    expect(booth_scanner.locator("#result-name")).to_have_text("Erika Mustermann, Bezirksamt Mitte")
    assert Lead.objects.filter(exhibitor=exhibitor).count() == 1

    # The manager sees and exports it.
    manager.get_by_role("link", name="Leads").click()
    expect(manager.locator(".leads-table")).to_contain_text("Erika Mustermann")
    manager.screenshot(path=screenshots / "exhibitor-portal-leads.png", full_page=True)
    manager.get_by_label("Export format").select_option("hubspot")
    with manager.expect_download() as download:
        manager.get_by_role("button", name="Export CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0][:3] == ["First Name", "Last Name", "Email"]
    assert rows[1][:2] == ["Erika", "Mustermann"]

    # The organizer's list counts the lead and the passes, and shows no lead itself.
    orga.goto(f"{base}/organize/sccon/exhibitors/")
    row = orga.locator(".exhibitor-table tbody tr").filter(has_text="GovTech Berlin")
    expect(row).to_contain_text("508")
    expect(row.locator("td.number")).to_have_text("1")
    expect(orga.locator("main")).not_to_contain_text("Mustermann")
    orga.screenshot(path=screenshots / "organizer-exhibitor-list.png", full_page=True)

    # The public page shows the approved content, logo and brochure.
    public = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    public.goto(f"{base}/events/sccon/exhibitors/govtech/")
    expect(public.get_by_role("heading", name="GovTech Berlin")).to_be_visible()
    expect(public.get_by_text("We build digital public services.")).to_be_visible()
    expect(public.get_by_role("link", name="Brochure 2025")).to_be_visible()
    expect(public.locator("img.exhibitor-logo")).to_be_visible()
    public.screenshot(path=screenshots / "exhibitor-public-page.png", full_page=True)
    assert Exhibitor.objects.get(pk=exhibitor.pk).profile_de == "Wir bauen digitale Verwaltung."
