import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import AuditEntry
from tests import factories


@pytest.fixture
def ada(convention):
    return factories.RegistrationFactory(
        convention=convention, code="ADA23456", access_token="ada-token", first_name="Ada", last_name="Lovelace"
    )


def audit_rows() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("pk").values_list("action", "actor_kind", "actor_label", "object_id", "details")
    )


def test_organizer_reads_of_personal_data_are_audited_without_search_terms(organizer_client, convention, ada):
    organizer_client.get("/api/v1/events/sccon/registrations/?q=Lovelace")
    organizer_client.get("/api/v1/events/sccon/registrations.csv?status=confirmed")
    organizer_client.get("/api/v1/registrations/ADA23456/")
    organizer_client.patch("/api/v1/registrations/ADA23456/", {"job_title": "Analyst"}, format="json")

    assert audit_rows() == [
        ("registrations.listed", "user", "organizer", "", {"registrations": 1, "filters": ["q"]}),
        ("registrations.exported", "user", "organizer", "", {"registrations": 1, "filters": ["status"]}),
        ("registration.viewed", "user", "organizer", "ADA23456", {}),
        ("registration.updated", "user", "organizer", "ADA23456", {"fields": ["job_title"]}),
    ]
    assert [entry.registration for entry in AuditEntry.objects.order_by("pk")] == [None, None, ada, ada]


def test_attendee_reading_their_own_registration_is_not_audited(ada):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer ada-token")

    assert client.get("/api/v1/registrations/ADA23456/").status_code == 200
    assert audit_rows() == []


def test_audit_entry_carries_the_request_id(organizer_client, ada):
    organizer_client.get("/api/v1/registrations/ADA23456/", HTTP_X_REQUEST_ID="req-4711")

    assert AuditEntry.objects.get().request_id == "req-4711"


def test_audit_log_lists_the_conventions_entries_newest_first(organizer_client, convention, ada):
    other = factories.ConventionFactory()
    factories.RegistrationFactory(convention=other, code="OTHER234")
    other_organizer = factories.UserFactory()
    other.organizers.add(other_organizer)
    other_client = APIClient()
    other_client.force_authenticate(other_organizer)
    other_client.get("/api/v1/registrations/OTHER234/")
    organizer_client.get("/api/v1/registrations/ADA23456/")
    organizer_client.get("/api/v1/registrations/ADA23456/export/")

    response = organizer_client.get("/api/v1/events/sccon/audit/")
    filtered = organizer_client.get("/api/v1/events/sccon/audit/?action=personal_data.exported&registration=ada23456")

    assert response.status_code == 200
    assert [(e["action"], e["registration"], e["actor_label"]) for e in response.json()["results"]] == [
        ("personal_data.exported", "ADA23456", "organizer"),
        ("registration.viewed", "ADA23456", "organizer"),
    ]
    assert [e["action"] for e in filtered.json()["results"]] == ["personal_data.exported"]


def test_audit_log_is_for_the_conventions_organizers_only(convention, ada):
    stranger = factories.UserFactory()
    as_stranger, as_attendee = APIClient(), APIClient()
    as_stranger.force_authenticate(stranger)
    as_attendee.credentials(HTTP_AUTHORIZATION="Bearer ada-token")

    responses = [c.get("/api/v1/events/sccon/audit/") for c in (APIClient(), as_stranger, as_attendee)]

    assert [r.status_code for r in responses] == [401, 404, 404]  # others cannot tell the log exists
    assert all(set(r.json()) >= {"code", "message"} for r in responses)


def test_audit_log_rejects_an_unknown_action(organizer_client):
    response = organizer_client.get("/api/v1/events/sccon/audit/?action=bogus")

    assert (response.status_code, response.json()["code"]) == (400, "invalid")


@pytest.mark.parametrize("count", [1, 3])
def test_audit_log_query_count_does_not_grow(organizer_client, convention, ada, count):
    for _ in range(count):
        organizer_client.get("/api/v1/registrations/ADA23456/")

    with CaptureQueriesContext(connection) as queries:
        response = organizer_client.get("/api/v1/events/sccon/audit/")

    assert len(response.json()["results"]) == count
    assert len(queries) == 4  # convention, organizer check, count, page with registration joined


def test_organizer_reads_of_signups_and_messages_are_audited_without_the_address(organizer_client, convention, ada):
    from events.enums import SessionFormat

    workshop = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=5)
    organizer_client.get(f"/api/v1/events/sccon/sessions/{workshop.pk}/signups/")
    organizer_client.get("/api/v1/events/sccon/messages/?recipient=ada@example.org")

    assert audit_rows() == [
        ("workshop_signups.listed", "user", "organizer", str(workshop.pk), {"registrations": 0}),
        ("messages.listed", "user", "organizer", "", {"messages": 0, "filters": ["recipient"]}),
    ]
