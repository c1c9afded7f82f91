"""A scanner's nonce is unique within its check-in list: another convention's gate that happens to send the same
nonce gets its own scan recorded and answered, never the first convention's attendee."""

import pytest
from rest_framework.test import APIClient

from events.models import Scan
from tests.checkin_helpers import badge_code, entrance, scan, scan_url
from tests.factories import ConventionFactory, RegistrationFactory, UserFactory


def organizer_of(convention) -> APIClient:
    user = UserFactory()
    convention.organizers.add(user)
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def two_gates(db):
    first = ConventionFactory(slug="sccon")
    second = ConventionFactory(slug="hannover-messe")
    return entrance(first, name="Entrance South"), entrance(second, name="Hall 9")


def test_nonce_used_at_another_convention_is_a_new_scan_answered_with_its_own_attendee(two_gates):
    gate_a, gate_b = two_gates
    erika = RegistrationFactory(convention=gate_a.convention, first_name="Erika", last_name="Muster")
    max_ = RegistrationFactory(convention=gate_b.convention, first_name="Max", last_name="Mustermann")
    scan(organizer_of(gate_a.convention), gate_a, badge_code(erika), nonce="gate-1-000001")

    response = scan(organizer_of(gate_b.convention), gate_b, badge_code(max_), nonce="gate-1-000001")

    body = response.json()
    assert response.status_code == 200
    assert (body["result"], body["replayed"], body["attendee"]["name"]) == ("ok", False, "Max Mustermann")
    assert list(Scan.objects.filter(checkin_list=gate_b).values_list("registration_id", "result")) == [(max_.pk, "ok")]


def test_nonce_used_at_another_convention_with_a_garbage_code_reveals_nothing(two_gates):
    gate_a, gate_b = two_gates
    erika = RegistrationFactory(convention=gate_a.convention, first_name="Erika", organization="Bezirksamt")
    scan(organizer_of(gate_a.convention), gate_a, badge_code(erika), nonce="gate-1-000002")

    body = scan(organizer_of(gate_b.convention), gate_b, "anything", nonce="gate-1-000002").json()

    # "anything" is no signed badge, and as a typed-in registration code it names nobody: unknown.
    assert (body["result"], body["reason"], body["replayed"]) == ("rejected", "unknown", False)
    assert "Erika" not in str(body) and "Bezirksamt" not in str(body)
    assert Scan.objects.filter(checkin_list=gate_b, raw_code="anything").count() == 1


def test_nonce_used_at_another_list_of_the_same_convention_is_a_new_scan(two_gates):
    gate_a, _ = two_gates
    hall = entrance(gate_a.convention, name="Hall entrance")
    client = organizer_of(gate_a.convention)
    code = badge_code(RegistrationFactory(convention=gate_a.convention))
    scan(client, gate_a, code, nonce="gate-1-000003")

    body = scan(client, hall, code, nonce="gate-1-000003").json()

    assert (body["result"], body["replayed"]) == ("ok", False)
    assert Scan.objects.filter(nonce="gate-1-000003").count() == 2


def test_annulment_answers_the_scan_of_its_own_list(two_gates):
    gate_a, gate_b = two_gates
    client_a, client_b = organizer_of(gate_a.convention), organizer_of(gate_b.convention)
    scan(client_a, gate_a, badge_code(RegistrationFactory(convention=gate_a.convention)), nonce="gate-1-000004")
    max_ = RegistrationFactory(convention=gate_b.convention, first_name="Max", last_name="Mustermann")
    scan(client_b, gate_b, badge_code(max_), nonce="gate-1-000004")

    response = client_b.post(f"{scan_url(gate_b)}gate-1-000004/annul/", {}, format="json")

    assert response.status_code == 200
    assert response.json()["attendee"]["name"] == "Max Mustermann"
