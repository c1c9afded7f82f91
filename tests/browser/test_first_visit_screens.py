"""What a first visitor sees, at phone (390×844) and desktop (1366×900) size: the programme as timetable and as
list, the organizer dashboard in German and English with its bars drawn, the legal pages, the 404 page and the
attendee's own page. Each is photographed (test-artifacts/screenshots/first-visit-*.png) and checked with axe:
no serious or critical finding."""

import datetime as dt

import pytest
from django.utils import timezone

from events.enums import SessionFormat, SignupStatus
from events.models import RegistrationStatus, WorkshopSignup
from events.services.magic_links import magic_link_path
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_programme_pages import serious_violations
from tests.web.programme_data import build_released_programme

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def programme(transactional_db, convention):
    return build_released_programme(convention)


@pytest.fixture
def context_at(browser):
    contexts = []

    def open_page(size: str, locale: str = "en-GB"):
        context = browser.new_context(viewport=SIZES[size], locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def look(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"first-visit-{name}.png", full_page=True)
    assert serious_violations(page) == [], name


@pytest.mark.parametrize("size", SIZES)
def test_programme_default_view_is_the_list_on_phones_and_the_timetable_on_desktops(
    context_at, live_server, programme, screenshots, size
):
    page = context_at(size)
    page.goto(f"{live_server.url}/events/sccon/?lang=de")

    timetable_headers = page.locator(".tt-room").first
    if size == "phone":
        assert not timetable_headers.is_visible()
        cards = page.locator(".tt-session")
        assert cards.first.bounding_box()["width"] > 300  # one card a line, full width
        assert page.locator(".card-room").first.is_visible()
    else:
        assert timetable_headers.is_visible()
    look(page, screenshots, f"programme-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_programme_timetable_keeps_rooms_and_times_in_view_while_scrolling(
    context_at, live_server, programme, screenshots, size
):
    page = context_at(size)
    page.goto(f"{live_server.url}/events/sccon/?view=grid&day=2025-09-30")
    region = page.locator(".grid-scroll").first
    keynote = page.locator(".tt-session", has_text="Digital twins in practice")
    booth_talk = page.locator(".tt-session", has_text="The federation at booth 508")

    # A session's height shows its length: the 30-minute booth talk is half as tall as the 60-minute keynote.
    assert booth_talk.bounding_box()["height"] == pytest.approx(keynote.bounding_box()["height"] / 2, abs=2)
    # The box is no taller than the window, so its horizontal scrollbar is in view without scrolling the page.
    assert region.bounding_box()["height"] <= SIZES[size]["height"]
    header_top = page.locator(".tt-room").first.bounding_box()["y"]
    time_left = page.locator(".tt-time").first.bounding_box()["x"]
    region.evaluate("element => { element.scrollTop = 200; element.scrollLeft = 300; }")
    assert page.locator(".tt-room").first.bounding_box()["y"] == pytest.approx(header_top, abs=1)
    assert page.locator(".tt-time").nth(4).bounding_box()["x"] == pytest.approx(time_left, abs=1)
    region.evaluate("element => { element.scrollTop = 0; element.scrollLeft = 0; }")
    look(page, screenshots, f"programme-grid-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_programme_list(context_at, live_server, programme, screenshots, size):
    page = context_at(size)
    page.goto(f"{live_server.url}/events/sccon/?view=list&lang=de")

    assert page.locator(".session-list .session-title").count() == 4
    look(page, screenshots, f"programme-list-{size}")


@pytest.fixture
def dashboard_data(transactional_db, convention):
    today = timezone.localdate()
    convention.start_date, convention.end_date = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    convention.save()
    user = factories.UserFactory(username="anna")
    user.set_password("messe-2025-secret")
    user.save()
    convention.organizers.add(user)
    day_pass = factories.TicketTypeFactory(convention=convention, name_en="Day pass", name_de="Tagesticket")
    workshop = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="Data platform", capacity=3
    )
    for position in range(4):
        registration = factories.RegistrationFactory(convention=convention, ticket_type=day_pass)
        WorkshopSignup.objects.create(
            session=workshop,
            registration=registration,
            status=SignupStatus.CONFIRMED if position < 2 else SignupStatus.WAITLISTED,
            queue_number=None if position < 2 else position,
        )
    return user


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_dashboard_draws_its_bars_in_both_languages(context_at, live_server, dashboard_data, screenshots, size, lang):
    page = context_at(size)
    page.goto(f"{live_server.url}/login/?lang={lang}")
    page.locator("#id_username").fill("anna")
    page.locator("#id_password").fill("messe-2025-secret")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/organize/sccon/**")  # the organizer home, which links to the dashboard
    page.get_by_role("navigation", name="Organizer area" if lang == "en" else "Veranstalterbereich").get_by_role(
        "link", name="Dashboard" if lang == "en" else "Übersicht"
    ).click()
    page.wait_for_url("**/events/sccon/dashboard/**")

    bars = page.locator("#workshops-title ~ svg rect")
    assert bars.count() == 2  # confirmed and waiting
    widths = [bar.bounding_box()["width"] for bar in bars.all()]
    assert all(width > 10 for width in widths), widths  # drawn, not collapsed by a "0,0" coordinate
    assert page.locator("button", has_text="Abmelden" if lang == "de" else "Sign out").is_visible()
    look(page, screenshots, f"dashboard-{lang}-{size}")


LEGAL = {
    "imprint": ("impressum", "Impressum"),
    "privacy": ("datenschutz", "Datenschutzerklärung"),
    "accessibility": ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    "terms": ("teilnahmebedingungen", "Teilnahmebedingungen"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", LEGAL)
def test_legal_pages(context_at, live_server, programme, screenshots, size, which):
    path, heading = LEGAL[which]
    page = context_at(size, locale="de-DE")
    page.goto(f"{live_server.url}/events/sccon/{path}/?lang=de")

    assert page.locator("h1").inner_text() == heading
    assert page.locator("footer .legal-links a").count() == 4
    look(page, screenshots, f"legal-{which}-{size}")


def test_accessibility_feedback_by_keyboard(context_at, live_server, programme):
    from events.models import OutboundMessage

    page = context_at("desktop", locale="de-DE")
    page.goto(f"{live_server.url}/events/sccon/barrierefreiheit/?lang=de")
    page.get_by_label("Ihre E-Mail-Adresse").fill("jana@example.org")
    page.get_by_label("Ihre Nachricht").fill("Der Kontrast der Zeitangaben ist zu gering.")
    page.get_by_role("button", name="Nachricht senden").press("Enter")
    page.wait_for_url("**sent=1**")

    assert page.get_by_role("status").inner_text().startswith("Vielen Dank.")
    assert OutboundMessage.objects.filter(kind="accessibility_feedback").count() == 1


@pytest.mark.parametrize("size", SIZES)
def test_not_found_page(context_at, live_server, programme, screenshots, size):
    page = context_at(size, locale="de-DE")
    response = page.goto(f"{live_server.url}/events/sccon/sessions/999999/?lang=de")

    assert response.status == 404
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    assert page.locator("footer .legal-links a").count() == 4
    assert page.get_by_role("link", name="Programm von Smart Country Convention 2025").is_visible()
    look(page, screenshots, f"404-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_my_registration(context_at, live_server, programme, convention, screenshots, size):
    registration = factories.RegistrationFactory(
        convention=convention, first_name="Erika", last_name="Mustermann", status=RegistrationStatus.CONFIRMED
    )
    page = context_at(size, locale="de-DE")
    page.goto(f"{live_server.url}{magic_link_path(registration)}&lang=de")
    page.wait_for_url(f"**/r/{registration.code}/**")

    assert page.locator(".badge-card svg").is_visible()
    assert page.locator(".badge-code .code").inner_text() == f"{registration.code[:4]} {registration.code[4:]}"
    look(page, screenshots, f"my-registration-{size}")
