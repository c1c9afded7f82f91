import pytest
from rest_framework.test import APIClient

from events.models import ExhibitorStaffMember, WebhookDelivery
from tests import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/manage/events/sccon/webhooks/"


def test_secret_is_shown_on_creation_only(organizer_client):
    created = organizer_client.post(
        BASE, {"url": "https://crm.example.org/messe", "event_types": ["registration.confirmed"]}, format="json"
    )

    assert created.status_code == 201
    assert created.json()["secret"].startswith("whsec_")
    listed = organizer_client.get(BASE).json()["results"]
    assert [item["url"] for item in listed] == ["https://crm.example.org/messe"]
    assert "secret" not in listed[0]
    rotated = organizer_client.post(f"{BASE}{created.json()['id']}/rotate-secret/")
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created.json()["secret"]
    assert rotated.json()["previous_secret_expires_at"] is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://crm.example.org/", "event_types": ["lead.captured"]}, "event_types"),
        ({"url": "https://crm.example.org/", "event_types": ["everything"]}, "event_types"),
        ({"url": "http://crm.example.org/", "event_types": ["schedule.released"]}, None),
        ({"url": "not a url", "event_types": ["schedule.released"]}, "url"),
    ],
)
def test_bad_endpoints_are_refused_with_a_reason(organizer_client, body, field):
    response = organizer_client.post(BASE, body, format="json")

    assert response.status_code == 400
    assert response.json()["message"]
    if field:
        assert field in response.json()["fields"]


def test_deliveries_are_listed_with_the_receivers_status(organizer_client, convention, settings):
    from events.services import webhooks

    endpoint = webhooks.create_endpoint(
        convention=convention, url="https://crm.example.org/messe", event_types=["schedule.released"]
    )
    event = webhooks.WebhookEvent.objects.create(convention=convention, event_type="schedule.released", data={})
    WebhookDelivery.objects.create(endpoint=endpoint, event=event, status="failed", response_status=502, attempts=12)

    rows = organizer_client.get(f"{BASE}{endpoint.pk}/deliveries/").json()["results"]

    assert [(row["event_id"], row["status"], row["response_status"]) for row in rows] == [
        (str(event.event_id), "failed", 502)
    ]


def test_exhibitor_managers_register_their_lead_endpoint_and_staff_cannot(convention):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    manager, staff = factories.UserFactory(), factories.UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=manager, is_manager=True)
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=staff)
    body = {"url": "https://crm.example.org/leads", "event_types": ["lead.captured"]}
    clients = {}
    for name, user in (("manager", manager), ("staff", staff)):
        clients[name] = APIClient()
        clients[name].force_authenticate(user)

    assert clients["staff"].post(f"/api/v1/exhibitors/{exhibitor.pk}/webhooks/", body, format="json").status_code == 404
    created = clients["manager"].post(f"/api/v1/exhibitors/{exhibitor.pk}/webhooks/", body, format="json")
    assert created.status_code == 201
    wrong = clients["manager"].post(
        f"/api/v1/exhibitors/{exhibitor.pk}/webhooks/",
        {"url": "https://crm.example.org/all", "event_types": ["registration.confirmed"]},
        format="json",
    )
    assert wrong.status_code == 400
