import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import AuditEntry, ExhibitorStaffMember, Lead
from tests import factories
from tests.checkin_helpers import badge_code, nonce

CONTACT = ("Grace Hopper", "Navy Computing", "Rear Admiral", "grace@navy.example")


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def staff_of(exhibitor) -> APIClient:
    user = factories.UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user)
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def grace(convention):
    consented = timezone.now() - dt.timedelta(days=3)
    return factories.RegistrationFactory(
        convention=convention,
        code="GRACE234",
        access_token="grace-token",
        first_name="Grace",
        last_name="Hopper",
        organization="Navy Computing",
        job_title="Rear Admiral",
        email="grace@navy.example",
        consent_share_contact_at=consented,
        consent_newsletter_at=consented,
    )


def capture(client, exhibitor, registration, **extra):
    body = {"code": badge_code(registration), "nonce": nonce(), **extra}
    response = client.post(f"/api/v1/exhibitors/{exhibitor.pk}/leads/", body, format="json")
    assert response.status_code in (200, 201)
    return response.json()


def contact_of(lead: Lead) -> tuple:
    return (lead.name, lead.organization, lead.job_title, lead.email)


def test_withdrawal_strips_contact_from_leads_not_yet_exported_only(convention, grace):
    exported_exhibitor = factories.ExhibitorFactory(convention=convention, name="Listed GmbH")
    pending_exhibitor = factories.ExhibitorFactory(convention=convention, name="Pending AG")
    listed, pending = staff_of(exported_exhibitor), staff_of(pending_exhibitor)
    capture(listed, exported_exhibitor, grace)
    capture(pending, pending_exhibitor, grace, notes="Asked about COBOL")
    assert listed.get(f"/api/v1/exhibitors/{exported_exhibitor.pk}/leads/").status_code == 200

    response = bearer("grace-token").post(
        "/api/v1/registrations/GRACE234/consents/", {"share_contact": False}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["share_contact_at"] is None
    kept, stripped = Lead.objects.get(exhibitor=exported_exhibitor), Lead.objects.get(exhibitor=pending_exhibitor)
    assert (contact_of(kept), kept.has_consent, kept.registration_id) == (CONTACT, True, grace.pk)
    assert (contact_of(stripped), stripped.has_consent, stripped.registration_id) == (("", "", "", ""), False, None)
    assert stripped.notes == "Asked about COBOL"
    rows = pending.get(f"/api/v1/exhibitors/{pending_exhibitor.pk}/leads/").json()["results"]
    assert [(row["consent"], row.get("email"), row["reason"]) for row in rows] == [(False, None, "no_consent")]
    entry = AuditEntry.objects.get(action="consents.changed")
    assert (entry.actor_kind, entry.actor_label, entry.registration, entry.details) == (
        "attendee",
        "GRACE234",
        grace,
        {"share_contact": False, "newsletter": True, "leads_stripped": 1},
    )


def test_rescan_after_withdrawal_keeps_the_lead_pseudonymous(convention, grace):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    booth = staff_of(exhibitor)
    capture(booth, exhibitor, grace)
    bearer("grace-token").post("/api/v1/registrations/GRACE234/consents/", {"share_contact": False}, format="json")

    body = capture(booth, exhibitor, grace)

    assert (body["consent"], "email" in body, body["scan_count"]) == (False, False, 2)


def test_listing_marks_only_leads_with_contact_as_exported(convention, grace):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    booth = staff_of(exhibitor)
    capture(booth, exhibitor, grace)
    capture(booth, exhibitor, factories.RegistrationFactory(convention=convention, consent_share_contact_at=None))

    booth.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads.csv")

    assert sorted((lead.has_consent, lead.exported_at is not None) for lead in Lead.objects.all()) == [
        (False, False),
        (True, True),
    ]


def test_giving_consent_again_sets_a_new_time_and_repeating_keeps_it(grace):
    client = bearer("grace-token")
    client.post("/api/v1/registrations/GRACE234/consents/", {"newsletter": False}, format="json")

    given = client.post("/api/v1/registrations/GRACE234/consents/", {"newsletter": True}, format="json").json()
    repeated = client.post("/api/v1/registrations/GRACE234/consents/", {"newsletter": True}, format="json").json()

    assert given["newsletter_at"] is not None
    assert repeated == given
    assert client.get("/api/v1/registrations/GRACE234/consents/").json() == given
    assert AuditEntry.objects.filter(action="consents.changed").count() == 2


@pytest.mark.parametrize("body", [{}, {"share_contact": "maybe"}, {"terms": False}, []])
def test_bad_consent_input_is_400(grace, body):
    response = bearer("grace-token").post("/api/v1/registrations/GRACE234/consents/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_other_attendees_consents_are_404(convention, grace):
    factories.RegistrationFactory(convention=convention, access_token="other-token")

    response = bearer("other-token").post(
        "/api/v1/registrations/GRACE234/consents/", {"share_contact": False}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert Lead.objects.count() == 0
