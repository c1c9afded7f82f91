"""Withdrawing consent on the attendee's page does what the API does: same service, same effects."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import AuditEntry, ExhibitorStaffMember, Lead
from events.services.magic_links import magic_link_path
from tests import factories
from tests.checkin_helpers import badge_code, nonce


def staff_client(exhibitor) -> APIClient:
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
        first_name="Grace",
        last_name="Hopper",
        email="grace@navy.example",
        consent_share_contact_at=consented,
        consent_newsletter_at=consented,
    )


def test_withdrawal_on_the_page_strips_unexported_leads_and_is_audited(client, convention, grace):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    booth = staff_client(exhibitor)
    captured = booth.post(
        f"/api/v1/exhibitors/{exhibitor.pk}/leads/", {"code": badge_code(grace), "nonce": nonce()}, format="json"
    )
    assert captured.status_code in (200, 201)
    assert client.get(magic_link_path(grace)).status_code == 303

    response = client.post(f"/r/{grace.code}/consents/withdraw/", {"consent": "share_contact"})

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert (lead.name, lead.email, lead.has_consent, lead.registration_id) == ("", "", False, None)
    rows = booth.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads/").json()["results"]
    assert [(row["consent"], row.get("email")) for row in rows] == [(False, None)]
    entry = AuditEntry.objects.get(action="consents.changed")
    assert (entry.actor_kind, entry.actor_label, entry.details) == (
        "attendee",
        "GRACE234",
        {"share_contact": False, "newsletter": True, "leads_stripped": 1},
    )
