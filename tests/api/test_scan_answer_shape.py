"""The scan answer is documented as it is returned: the OpenAPI serializer and ``scan_data`` name the same keys."""

from api.serializers.checkin import ScanAttendeeSerializer, ScanResultSerializer
from tests.checkin_helpers import badge_code, entrance, scan
from tests.factories import RegistrationFactory

DOCUMENTED = set(ScanResultSerializer().fields)
ALWAYS = {name for name, field in ScanResultSerializer().fields.items() if field.required}


def test_every_key_of_a_scan_answer_is_documented_and_every_required_one_is_sent(organizer_client, convention):
    gate = entrance(convention)
    code = badge_code(RegistrationFactory(convention=convention))

    answers = [
        scan(organizer_client, gate, code).json(),  # ok
        scan(organizer_client, gate, code).json(),  # already checked in: first_scan_at
        scan(organizer_client, gate, "not a badge").json(),  # rejected, no attendee
    ]

    assert [answer["result"] for answer in answers] == ["ok", "rejected", "rejected"]
    for answer in answers:
        assert ALWAYS <= set(answer) <= DOCUMENTED
    assert "first_scan_at" in answers[1]
    assert set(answers[0]["attendee"]) == set(ScanAttendeeSerializer().fields)
    assert answers[2]["attendee"] is None


def test_an_annulled_scan_answers_with_its_documented_annulment(organizer_client, convention):
    gate = entrance(convention)
    first = scan(organizer_client, gate, badge_code(RegistrationFactory(convention=convention))).json()

    response = organizer_client.post(
        f"/api/v1/events/{convention.slug}/checkin-lists/{gate.pk}/scans/{first['nonce']}/annul/", {}, format="json"
    )

    assert response.status_code == 200
    assert "annulled_at" in response.json()
    assert ALWAYS <= set(response.json()) <= DOCUMENTED
