"""Lead exports are spreadsheet-safe from every door: the portal's download and the API's, every preset.
A cell a spreadsheet would read as a formula (= + - @, tab, carriage return) is prefixed with ' so it shows as text."""

import csv
import io

import pytest
from django.utils import timezone

from events.models import ExhibitorStaffMember
from events.services import lead_exports, leads
from events.services.badges import get_or_issue_badge
from tests import factories

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def booth(convention, client):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    lead_exports.save_lead_question(
        exhibitor=exhibitor, identifier="budget", label_de="Budget", label_en="Budget", kind="text", choices=[]
    )
    visitor = factories.RegistrationFactory(
        convention=convention,
        first_name='=HYPERLINK("https://evil.example")',
        last_name="+SUM(A1:A9)",
        organization="@Behörde",
        consent_share_contact_at=timezone.now(),
    )
    leads.capture_lead(
        exhibitor=exhibitor,
        code=get_or_issue_badge(registration=visitor).code,
        nonce="n-safe-1",
        notes="-1+2",
        tags=["\tcrm"],
        answers={"budget": "=1+1"},
    )
    staff = factories.UserFactory(email="bo@govtech.example")
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=staff)
    client.force_login(staff)
    return exhibitor


def cells(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode())))
    return [cell for row in rows[1:] for cell in row]


@pytest.mark.parametrize("preset", sorted(lead_exports.PRESETS))
@pytest.mark.parametrize("door", ["page", "api"])
def test_no_exported_cell_starts_a_formula(client, booth, preset, door):
    url = f"/exhibitor/{booth.pk}/leads.csv" if door == "page" else f"/api/v1/exhibitors/{booth.pk}/leads.csv"

    response = client.get(url, {"preset": preset})

    assert response.status_code == 200
    exported = cells(response.content)
    assert [cell for cell in exported if cell.startswith("'=HYPERLINK")]
    assert "'@Behörde" in exported
    assert [cell for cell in exported if cell.startswith(FORMULA_START)] == []
