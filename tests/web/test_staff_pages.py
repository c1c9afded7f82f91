"""Scanner page, device profile and the organizer dashboard (server side; the browser tests drive the JS)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.enums import SessionFormat, SignupStatus
from events.models import CheckinList, MessageStatus, OutboundMessage, WorkshopSignup
from events.services import devices, scanning
from tests import factories
from tests.checkin_helpers import badge_code, nonce

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def running_convention(db):
    """A convention taking place today, so badges scanned now are valid."""
    today = timezone.now().astimezone(BERLIN).date()
    return factories.ConventionFactory(
        slug="sccon", start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=1)
    )


@pytest.fixture
def organizer_browser(client, running_convention):
    user = factories.UserFactory(username="organizer")
    running_convention.organizers.add(user)
    client.force_login(user)
    return client


def chart_table(response, chart_id: str) -> list[list[object]]:
    return next(chart.table for chart in response.context["charts"] if chart.id == chart_id)


def test_scanner_page_has_no_inline_script(client):
    response = client.get("/scan/?lang=en")

    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert response.status_code == 200
    assert scripts == [
        ' id="scanner-strings" type="application/json"',
        ' src="/static/vendor/jsqr/jsQR.js"',
        ' type="module" src="/static/pages/scanner.js"',
    ]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_scanner_page_in_german(client):
    response = client.get("/scan/?lang=de")

    assert '<h2 id="setup-title">Dieses Gerät anmelden</h2>' in response.content.decode()


def test_device_profile_for_gate_device(api_client, running_convention):
    hall_a = CheckinList.objects.create(convention=running_convention, name="Hall A entrance", days=[])
    CheckinList.objects.create(convention=running_convention, name="Not this device's list")
    device, setup_code = devices.create_device(
        convention=running_convention, name="Gate 3", kind="gate", checkin_lists=[hall_a]
    )
    _device, token = devices.activate_device(setup_code=setup_code)

    response = api_client.get("/api/v1/devices/me/", HTTP_AUTHORIZATION=f"Device {token}")

    assert response.status_code == 200
    assert response.json() == {
        "id": device.pk,
        "name": "Gate 3",
        "kind": "gate",
        "convention": {
            "id": running_convention.pk,
            "slug": "sccon",
            "name": running_convention.name,
            "start_date": running_convention.start_date.isoformat(),
            "end_date": running_convention.end_date.isoformat(),
            "time_zone": "Europe/Berlin",
        },
        "checkin_lists": [{"id": hall_a.pk, "name": "Hall A entrance", "kind": "entrance", "days": []}],
        "exhibitor": None,
    }


def test_device_profile_for_booth_device_names_the_exhibitor(api_client, running_convention):
    exhibitor = factories.ExhibitorFactory(convention=running_convention, name="Govtech Berlin")
    _device, setup_code = devices.create_device(
        convention=running_convention, name="Booth phone", kind="booth", exhibitor=exhibitor
    )
    _device, token = devices.activate_device(setup_code=setup_code)

    response = api_client.get("/api/v1/devices/me/", HTTP_AUTHORIZATION=f"Device {token}")

    assert (response.json()["kind"], response.json()["exhibitor"]) == (
        "booth",
        {"id": exhibitor.pk, "name": "Govtech Berlin"},
    )


def test_device_profile_refuses_people_and_revoked_devices(api_client, running_convention):
    hall_a = CheckinList.objects.create(convention=running_convention, name="Hall A")
    device, setup_code = devices.create_device(
        convention=running_convention, name="Gate 3", kind="gate", checkin_lists=[hall_a]
    )
    _device, token = devices.activate_device(setup_code=setup_code)
    devices.revoke_device(device=device)

    assert api_client.get("/api/v1/devices/me/").status_code == 401
    assert api_client.get("/api/v1/devices/me/", HTTP_AUTHORIZATION=f"Device {token}").status_code == 401
    organizer = factories.UserFactory(username="organizer")
    running_convention.organizers.add(organizer)
    api_client.force_authenticate(user=organizer)
    assert api_client.get("/api/v1/devices/me/").json()["code"] == "not_found"


def test_dashboard_asks_for_sign_in(client, running_convention):
    response = client.get("/events/sccon/dashboard/")

    assert (response.status_code, response["Location"]) == (302, "/login/?next=/events/sccon/dashboard/")


def test_dashboard_is_hidden_from_people_who_do_not_organize(client, running_convention):
    client.force_login(factories.UserFactory(username="visitor"))

    assert client.get("/events/sccon/dashboard/").status_code == 404


def test_organizer_signs_in_and_lands_on_the_dashboard(client, running_convention):
    user = factories.UserFactory(username="anna")
    user.set_password("messe-2025-secret")
    user.save()
    running_convention.organizers.add(user)

    response = client.post(
        "/login/",
        {"username": "anna", "password": "messe-2025-secret", "next": "/events/sccon/dashboard/"},
        follow=True,
    )

    assert response.redirect_chain == [("/events/sccon/dashboard/", 302)]
    assert response.status_code == 200


def test_dashboard_figures(organizer_browser, running_convention):
    convention = running_convention
    day_pass = factories.TicketTypeFactory(convention=convention, name_en="Day pass", position=1)
    press = factories.TicketTypeFactory(convention=convention, name_en="Press", position=2)
    registrations = [factories.RegistrationFactory(convention=convention, ticket_type=day_pass) for _ in range(3)]
    registrations.append(factories.RegistrationFactory(convention=convention, ticket_type=press))
    yesterday = timezone.now() - dt.timedelta(days=1)
    type(registrations[0]).objects.filter(pk=registrations[0].pk).update(created_at=yesterday)
    stage = factories.RoomFactory(convention=convention, name="Stage A", capacity=200)
    entrance = CheckinList.objects.create(convention=convention, name="Entrance")
    stage_list = CheckinList.objects.create(convention=convention, name="Stage A door", room=stage, kind="room")
    now = timezone.now()
    for registration in registrations[:3]:
        scanning.scan_badge(checkin_list=entrance, code=badge_code(registration), nonce=nonce(), scanned_at=now)
    scanning.scan_badge(checkin_list=stage_list, code=badge_code(registrations[0]), nonce=nonce(), scanned_at=now)
    workshop = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="Data platform", capacity=2
    )
    for registration, status in zip(
        registrations, [SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED], strict=False
    ):
        WorkshopSignup.objects.create(
            session=workshop,
            registration=registration,
            status=status,
            queue_number=1 if status == SignupStatus.WAITLISTED else None,
        )
    for index, status in enumerate([MessageStatus.SENT, MessageStatus.SENT, MessageStatus.FAILED]):
        OutboundMessage.objects.create(
            convention=convention,
            idempotency_key=f"dashboard-{index}",
            kind="confirmation",
            recipient="a@example.org",
            subject="Hello",
            body_text="Hello",
            status=status,
        )

    response = organizer_browser.get("/events/sccon/dashboard/?lang=en")

    local_now = now.astimezone(BERLIN)
    day_label = lambda moment: moment.astimezone(BERLIN).strftime("%m/%d/%Y")  # noqa: E731
    assert response.status_code == 200
    assert chart_table(response, "registrations") == [[day_label(yesterday), 1, 0], [day_label(now), 2, 1]]
    assert chart_table(response, "checkins-hour") == [[f"{local_now:%H}:00", 3, 1]]
    assert chart_table(response, "checkins-gate") == [["Entrance", 3], ["Stage A door", 1]]
    assert chart_table(response, "occupancy") == [["Stage A (Stage A door)", 1, 199]]
    assert chart_table(response, "workshops") == [["Data platform", 2, 1]]
    assert chart_table(response, "messages") == [["Pending", 0], ["Sending", 0], ["Sent", 2], ["Failed", 1]]
    html = response.content.decode()
    assert "<title>Data platform: 2 / 2 · 1 waiting</title>" in html
    assert '<script type="module" src="/static/pages/dashboard.js"></script>' in html


def test_dashboard_fragment_holds_only_the_panels(organizer_browser):
    response = organizer_browser.get("/events/sccon/dashboard/?fragment=1&lang=en")

    html = response.content.decode()
    assert html.startswith('<div class="dashboard-grid" id="dashboard-panels"')
    assert "<h1>" not in html
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("size", [1, 3])
def test_dashboard_query_count_does_not_grow(organizer_browser, running_convention, django_assert_num_queries, size):
    convention = running_convention
    entrance = CheckinList.objects.create(convention=convention, name="Entrance")
    for index in range(size):
        ticket_type = factories.TicketTypeFactory(convention=convention)
        registration = factories.RegistrationFactory(convention=convention, ticket_type=ticket_type)
        room = factories.RoomFactory(convention=convention, capacity=50)
        room_list = CheckinList.objects.create(convention=convention, name=f"Room {index}", room=room)
        for checkin_list in (entrance, room_list):
            scanning.scan_badge(checkin_list=checkin_list, code=badge_code(registration), nonce=nonce())
        workshop = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, room=room)
        WorkshopSignup.objects.create(session=workshop, registration=registration, status=SignupStatus.CONFIRMED)

    with django_assert_num_queries(17):
        response = organizer_browser.get("/events/sccon/dashboard/")

    assert response.status_code == 200
    assert len(chart_table(response, "workshops")) == size


def test_scanner_worker_is_served_from_the_scanner_scope(client):
    response = client.get("/scan/worker.js")

    body = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (200, "text/javascript")
    assert '"/scan/",\n  "/static/pages/scanner.js",\n  "/static/vendor/jsqr/jsQR.js",' in body
