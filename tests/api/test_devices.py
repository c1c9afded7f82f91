import base64
import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Device
from events.services import devices
from tests.checkin_helpers import badge_code, decode_qr_png, entrance, nonce, scan, scan_url
from tests.factories import ConventionFactory, ExhibitorFactory, RegistrationFactory


def device_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client


@pytest.fixture
def gate_list(convention):
    return entrance(convention, name="Entrance North")


def create_gate(organizer_client, convention, lists) -> dict:
    response = organizer_client.post(
        f"/api/v1/events/{convention.slug}/devices/",
        {"name": "Gate N-1", "kind": "gate", "checkin_lists": [item.pk for item in lists]},
        format="json",
    )
    assert response.status_code == 201
    return response.json()


def activate(setup_code: str):
    return APIClient().post("/api/v1/devices/activate/", {"setup_code": setup_code}, format="json")


def test_gate_device_setup_scan_and_keys(organizer_client, convention, gate_list):
    created = create_gate(organizer_client, convention, [gate_list])
    qr_png = base64.b64decode(created["setup_qr_png"].removeprefix("data:image/png;base64,"))

    activated = activate(decode_qr_png(qr_png)[0])
    gate = device_client(activated.json()["token"])

    assert activated.status_code == 201
    assert activated.json()["authorization"].startswith("Device ")
    assert scan(gate, gate_list, badge_code(RegistrationFactory(convention=convention))).json()["result"] == "ok"
    assert gate.get(f"/api/v1/events/{convention.slug}/checkin/keys/").status_code == 200
    device = Device.objects.get()
    assert device.token_hash != activated.json()["token"] and device.setup_code_hash is None


def test_setup_code_works_once(organizer_client, convention, gate_list):
    setup_code = create_gate(organizer_client, convention, [gate_list])["setup_code"]

    assert activate(setup_code).status_code == 201
    second = activate(setup_code)
    assert (second.status_code, second.json()["code"]) == (400, "invalid_setup_code")


def test_gate_device_only_scans_on_its_lists(organizer_client, convention, gate_list):
    other_list = entrance(convention, name="VIP entrance")
    gate = device_client(activate(create_gate(organizer_client, convention, [gate_list])["setup_code"]).json()["token"])
    code = badge_code(RegistrationFactory(convention=convention))

    assert gate.post(scan_url(other_list), {"code": code, "nonce": nonce()}, format="json").status_code == 404
    assert gate.get(f"/api/v1/events/{convention.slug}/checkin/counters/").status_code == 404


def test_revoked_device_token_stops_working(organizer_client, convention, gate_list):
    created = create_gate(organizer_client, convention, [gate_list])
    gate = device_client(activate(created["setup_code"]).json()["token"])

    revoked = organizer_client.post(f"/api/v1/events/{convention.slug}/devices/{created['id']}/revoke/")

    assert revoked.status_code == 200
    response = scan(gate, gate_list, badge_code(RegistrationFactory(convention=convention)))
    assert response.status_code == 401


def test_annul_by_another_device_is_refused(organizer_client, convention, gate_list):
    first = device_client(
        activate(create_gate(organizer_client, convention, [gate_list])["setup_code"]).json()["token"]
    )
    second = device_client(
        activate(create_gate(organizer_client, convention, [gate_list])["setup_code"]).json()["token"]
    )
    scan(first, gate_list, badge_code(RegistrationFactory(convention=convention)), nonce="gate-n-1-000001")
    url = f"{scan_url(gate_list)}gate-n-1-000001/annul/"

    assert second.post(url, {}, format="json").status_code == 409
    assert first.post(url, {}, format="json").status_code == 200


def test_booth_device_needs_an_exhibitor_of_this_convention(organizer_client, convention):
    foreign = ExhibitorFactory()

    missing = organizer_client.post(
        f"/api/v1/events/{convention.slug}/devices/", {"name": "Booth", "kind": "booth"}, format="json"
    )
    other = organizer_client.post(
        f"/api/v1/events/{convention.slug}/devices/",
        {"name": "Booth", "kind": "booth", "exhibitor": foreign.pk},
        format="json",
    )

    assert (missing.status_code, missing.json()["code"]) == (400, "invalid")
    assert other.status_code == 400
    assert Device.objects.count() == 0


def test_garbage_device_token_is_401(gate_list):
    assert device_client("x" * 500).post(scan_url(gate_list), {}, format="json").status_code == 401
    assert device_client("unknown").post(scan_url(gate_list), {}, format="json").status_code == 401


def test_gate_device_scans_only_where_its_token_and_list_agree(organizer_client, convention, gate_list):
    """The scan routes read the device and the URL's list in one statement: each part of the rule still holds."""
    gate = device_client(activate(create_gate(organizer_client, convention, [gate_list])["setup_code"]).json()["token"])
    other = ConventionFactory()
    foreign_list = entrance(other, name="Entrance East")
    _, setup_code = devices.create_device(
        convention=convention, name="Booth 1", kind="booth", exhibitor=ExhibitorFactory(convention=convention)
    )
    booth = device_client(devices.activate_device(setup_code=setup_code)[1])
    body = {"code": badge_code(RegistrationFactory(convention=convention)), "nonce": nonce()}

    def status(client, slug, list_id):
        return client.post(f"/api/v1/events/{slug}/checkin-lists/{list_id}/scans/", body, format="json").status_code

    assert status(gate, other.slug, foreign_list.pk) == 404  # another convention's list
    assert status(gate, convention.slug, foreign_list.pk) == 404  # its slug, another convention's list id
    assert status(gate, other.slug, gate_list.pk) == 404  # its list under another convention's slug
    assert status(gate, convention.slug, 2**63) == 404  # beyond any id
    assert status(booth, convention.slug, gate_list.pk) == 404  # a booth device does not scan at gates
    assert status(gate, convention.slug, gate_list.pk) == 200
    assert status(gate, convention.slug, gate_list.pk) == 200  # the same nonce: the first answer again


def test_every_use_of_a_device_token_marks_the_device_seen_at_most_once_a_minute(convention, gate_list):
    device, setup_code = devices.create_device(
        convention=convention, name="Gate N-1", kind="gate", checkin_lists=[gate_list]
    )
    gate = device_client(devices.activate_device(setup_code=setup_code)[1])
    code = badge_code(RegistrationFactory(convention=convention))
    keys_url = f"/api/v1/events/{convention.slug}/checkin/keys/"

    def last_seen():
        return Device.objects.values_list("last_seen_at", flat=True).get(pk=device.pk)

    assert last_seen() is None
    batch = gate.post(f"{scan_url(gate_list)}batch/", {"scans": [{"code": code, "nonce": nonce()}]}, format="json")
    assert batch.status_code == 200
    uploaded = last_seen()
    assert uploaded is not None  # an offline batch upload

    half_a_minute_ago = timezone.now() - dt.timedelta(seconds=30)
    Device.objects.filter(pk=device.pk).update(last_seen_at=half_a_minute_ago)
    assert gate.get(keys_url).status_code == 200
    assert last_seen() == half_a_minute_ago  # seen within the minute: no write

    two_minutes_ago = timezone.now() - dt.timedelta(minutes=2)
    Device.objects.filter(pk=device.pk).update(last_seen_at=two_minutes_ago)
    assert gate.get(keys_url).status_code == 200  # a key download
    assert last_seen() > two_minutes_ago
    Device.objects.filter(pk=device.pk).update(last_seen_at=two_minutes_ago)
    assert scan(gate, gate_list, code).status_code == 200  # an online scan
    assert last_seen() > two_minutes_ago


def test_a_revoked_device_is_refused_and_not_marked_seen(convention, gate_list):
    device, setup_code = devices.create_device(
        convention=convention, name="Gate N-1", kind="gate", checkin_lists=[gate_list]
    )
    gate = device_client(devices.activate_device(setup_code=setup_code)[1])
    devices.revoke_device(device=device)

    response = scan(gate, gate_list, badge_code(RegistrationFactory(convention=convention)))

    assert response.status_code == 401
    assert gate.get(f"/api/v1/events/{convention.slug}/checkin/keys/").status_code == 401
    device.refresh_from_db()
    assert device.last_seen_at is None
