"""The organizers' exhibitor pages in a real browser, in German: review mode switched on, an exhibitor's edit held
until the organizer compares and approves it with a note, a booth talk clash refused with its message, then
accepted. Each page is photographed (test-artifacts/screenshots/organizer-exhibitors-*.png) and checked with axe:
no serious or critical finding."""

import pytest
from playwright.sync_api import expect

from events.models import ExhibitorStaffMember
from events.services import booth_talks, exhibitors
from tests import factories
from tests.browser.conftest import DESKTOP
from tests.browser.test_programme_pages import serious_violations


@pytest.fixture
def fair(transactional_db, settings, live_server):
    convention = factories.ConventionFactory(slug="sccon", name="Smart Country Convention")
    organizer = factories.UserFactory(username="orga", first_name="Olga", last_name="Orga")
    convention.organizers.add(organizer)
    hall = factories.HallFactory(convention=convention, name="Halle 25")
    govtech = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    factories.BoothFactory(exhibitor=govtech, hall=hall, number="508", size_sqm=40)
    exhibitors.add_co_exhibitor(main=govtech, name="Partnerprojekt Bund", slug="partner")
    factories.TicketTypeFactory(convention=convention, is_exhibitor_pass=True, exhibitor_passes_base=2)
    manager = factories.UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    ExhibitorStaffMember.objects.create(exhibitor=govtech, user=manager, is_manager=True)
    stage = factories.RoomFactory(convention=convention, hall=hall, name="Standbühne 25", kind="booth_area")
    factories.SessionFactory(convention=convention, room=stage, title_de="Eröffnung", start=factories.berlin(0, 10))
    booth_talks.propose_booth_talk(
        exhibitor=govtech, proposed_by=manager, title_de="Offene Daten in 20 Minuten", duration_minutes=20
    )
    return {"convention": convention, "govtech": govtech}


def sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?lang=en&next={next_path}")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("messe-test-password")
    page.get_by_role("button", name="Sign in").click()


def test_review_mode_and_booth_talks_in_german(browser, live_server, fair, screenshots):
    base = live_server.url
    area = f"{base}/organize/sccon/exhibitors/"
    orga = browser.new_context(viewport=DESKTOP, locale="de-DE").new_page()
    sign_in(orga, base, "orga", "/organize/sccon/exhibitors/%3Flang%3Dde")

    # The list, in German, with the joint stand; review mode switched on.
    expect(orga.get_by_role("heading", name="Aussteller", exact=True)).to_be_visible()
    expect(orga.locator("tr.co-exhibitor")).to_contain_text("Partnerprojekt Bund")
    orga.get_by_label("sind erst nach Prüfung durch das Veranstaltungsteam öffentlich").check()
    orga.get_by_role("button", name="Einstellung speichern").click()
    expect(
        orga.get_by_text("Änderungen der Aussteller werden jetzt erst nach Ihrer Prüfung öffentlich.")
    ).to_be_visible()
    orga.screenshot(path=screenshots / "organizer-exhibitors-list-de.png", full_page=True)
    assert serious_violations(orga) == []

    # The manager edits the English profile: saved, not yet public.
    manager = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    sign_in(manager, base, "ada", f"/exhibitor/{fair['govtech'].pk}/profile/")
    manager.get_by_label("Profile (English)").fill("We build open data platforms.")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_text("Saved. The organizers review the change before it is public.")).to_be_visible()
    public = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    public.goto(f"{base}/events/sccon/exhibitors/govtech/?lang=en")
    expect(public.locator("main")).not_to_contain_text("We build open data platforms.")

    # The organizer compares live and waiting content and approves with a note.
    orga.goto(area + "review/?lang=de")
    row = orga.get_by_role("row", name="Profil (Englisch)")
    expect(row.locator("td.live")).to_have_text("We build digital infrastructure for municipalities.")
    expect(row.locator("td.pending")).to_have_text("We build open data platforms.")
    orga.screenshot(path=screenshots / "organizer-exhibitors-review-de.png", full_page=True)
    assert serious_violations(orga) == []
    orga.get_by_label("Notiz an den Aussteller").fill("Danke, passt.")
    orga.get_by_role("button", name="Freigeben").click()
    expect(orga.get_by_text("Freigegeben: Die Änderung von GovTech Berlin ist öffentlich.")).to_be_visible()
    expect(orga.locator("main")).to_contain_text("Danke, passt.")
    public.reload()
    expect(public.get_by_text("We build open data platforms.")).to_be_visible()

    # A booth talk at a taken time is refused with the scheduling message; at a free time it is accepted.
    orga.goto(area + "talks/?lang=de")
    orga.get_by_label("Raum").select_option(label="Standbühne 25")
    orga.get_by_label("Beginn").fill("2025-09-30T10:15")
    orga.get_by_role("button", name="Ins Programm aufnehmen").click()
    expect(orga.locator(".error-summary")).to_contain_text("Eröffnung")
    orga.screenshot(path=screenshots / "organizer-exhibitors-talk-clash-de.png", full_page=True)
    assert serious_violations(orga) == []
    orga.get_by_label("Beginn").fill("2025-09-30T11:00")
    orga.get_by_role("button", name="Ins Programm aufnehmen").click()
    expect(orga.get_by_text("„Offene Daten in 20 Minuten“ ist im Programm")).to_be_visible()

    # The exhibitor's page: history with the note; the edit form with its locks.
    orga.goto(area + f"{fair['govtech'].pk}/?lang=de")
    expect(orga.locator("main")).to_contain_text("Danke, passt.")
    orga.screenshot(path=screenshots / "organizer-exhibitors-detail-de.png", full_page=True)
    assert serious_violations(orga) == []
    orga.get_by_role("link", name="Aussteller, Stand und Sperren bearbeiten").click()
    orga.get_by_label("Name", exact=True).last.check()
    orga.get_by_role("button", name="Speichern").click()
    expect(orga.get_by_text("Der Aussteller wurde gespeichert.")).to_be_visible()
    assert serious_violations(orga) == []
