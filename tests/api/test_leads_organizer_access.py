"""Organizers see lead counts only: they cannot reach lead contents through a booth device or a staff seat."""

import pytest
from rest_framework.test import APIClient

from events.models import Device, ExhibitorStaffMember
from tests import factories
from tests.checkin_helpers import badge_code, nonce


@pytest.fixture
def exhibitor(convention):
    return factories.ExhibitorFactory(convention=convention, name="Analytical Engines Ltd")


@pytest.fixture
def manager(exhibitor) -> APIClient:
    user = factories.UserFactory(username="booth-manager")
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user, is_manager=True)
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def ada_lead(convention, exhibitor, manager):
    ada = factories.RegistrationFactory(
        convention=convention, first_name="Ada", last_name="Lovelace", email="ada@analytical.example"
    )
    ada.consent_share_contact_at = ada.created_at
    ada.save(update_fields=["consent_share_contact_at"])
    body = {"code": badge_code(ada), "nonce": nonce()}
    assert manager.post(f"/api/v1/exhibitors/{exhibitor.pk}/leads/", body, format="json").status_code == 201


def test_organizer_cannot_create_a_booth_device(convention, exhibitor, organizer_client, ada_lead):
    response = organizer_client.post(
        f"/api/v1/events/{convention.slug}/devices/",
        {"name": "Quiet phone", "kind": "booth", "exhibitor": exhibitor.pk},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (403, "leads_are_exhibitors_only")
    assert Device.objects.count() == 0


def test_organizer_cannot_seat_themselves_as_staff(convention, exhibitor, organizer, organizer_client, ada_lead):
    response = organizer_client.patch(
        f"/api/v1/manage/events/{convention.slug}/exhibitors/{exhibitor.pk}/",
        {"staff": [{"username": "booth-manager", "is_manager": True}, {"username": organizer.username}]},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (403, "leads_are_exhibitors_only")
    assert list(exhibitor.staff.values_list("user__username", flat=True)) == ["booth-manager"]
    assert organizer_client.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads/").status_code == 404


def test_organizer_with_a_staff_seat_from_elsewhere_still_gets_counts_only(
    convention, exhibitor, organizer, organizer_client, ada_lead
):
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=organizer)  # e.g. set in the admin site

    listing = organizer_client.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads/")
    csv = organizer_client.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads.csv")
    counts = organizer_client.get(f"/api/v1/events/{convention.slug}/leads/counts/")

    assert (listing.status_code, csv.status_code, counts.status_code) == (404, 404, 200)
    assert "Lovelace" not in listing.content.decode() + csv.content.decode() + counts.content.decode()


def test_exhibitor_manager_sets_up_the_booth_device_that_reads_leads(exhibitor, manager, ada_lead):
    created = manager.post(f"/api/v1/exhibitors/{exhibitor.pk}/devices/", {"name": "Booth phone"}, format="json")
    setup_code = created.json()["setup_code"]
    activated = APIClient().post("/api/v1/devices/activate/", {"setup_code": setup_code}, format="json")
    phone = APIClient()
    phone.credentials(HTTP_AUTHORIZATION=activated.json()["authorization"])

    rows = phone.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads/").json()["results"]

    assert (created.status_code, created.json()["kind"], created.json()["exhibitor"]) == (201, "booth", exhibitor.pk)
    assert [row["email"] for row in rows] == ["ada@analytical.example"]


def test_plain_staff_and_organizers_cannot_use_the_exhibitors_device_route(convention, exhibitor, organizer_client):
    user = factories.UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user)
    staff = APIClient()
    staff.force_authenticate(user)
    url = f"/api/v1/exhibitors/{exhibitor.pk}/devices/"

    assert staff.post(url, {"name": "x"}, format="json").status_code == 404
    assert organizer_client.post(url, {"name": "x"}, format="json").status_code == 404
