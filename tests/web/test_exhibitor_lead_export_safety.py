"""Lead exports are spreadsheet-safe from every door: the portal's download and the API's, every preset.
A cell a spreadsheet would read as a formula (= + - @, also after leading spaces or line breaks and in their
full-width forms ＝ ＋ － ＠; a leading tab or carriage return) is prefixed with ' so it shows as text."""

import csv
import io

import pytest
from django.utils import timezone

from events.models import ExhibitorStaffMember
from events.services import lead_exports, leads
from events.services.badges import get_or_issue_badge
from tests import factories

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FULL_WIDTH_START = ("\uff1d", "\uff0b", "\uff0d", "\uff20")  # ＝ ＋ － ＠


def starts_a_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) or cell.lstrip().startswith(FORMULA_START + FULL_WIDTH_START)


@pytest.fixture
def booth(convention, client):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    lead_exports.save_lead_question(
        exhibitor=exhibitor, identifier="budget", label_de="Budget", label_en="Budget", kind="text", choices=[]
    )
    for identifier, label in (("phone", " =HYPERLINK(label)"), ("team", "Team"), ("count", "Count")):
        lead_exports.save_lead_question(
            exhibitor=exhibitor, identifier=identifier, label_de=label, label_en=label, kind="text", choices=[]
        )
    visitor = factories.RegistrationFactory(
        convention=convention,
        first_name='=HYPERLINK("https://evil.example")',
        last_name="+SUM(A1:A9)",
        organization="@Behörde",
        job_title="  =1+1",
        consent_share_contact_at=timezone.now(),
    )
    leads.capture_lead(
        exhibitor=exhibitor,
        code=get_or_issue_badge(registration=visitor).code,
        nonce="n-safe-1",
        notes="-1+2",
        tags=["\tcrm"],
        answers={"budget": "\uff1d1+1", "phone": "\n+49 30 1234", "team": "\uff20team", "count": "\uff0d5"},
    )
    staff = factories.UserFactory(email="bo@govtech.example")
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=staff)
    client.force_login(staff)
    return exhibitor


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode())))


def cells(body: bytes) -> list[str]:
    return [cell for row in rows(body)[1:] for cell in row]


@pytest.mark.parametrize("preset", sorted(lead_exports.PRESETS))
@pytest.mark.parametrize("door", ["page", "api"])
def test_no_exported_cell_starts_a_formula(client, booth, preset, door):
    url = f"/exhibitor/{booth.pk}/leads.csv" if door == "page" else f"/api/v1/exhibitors/{booth.pk}/leads.csv"

    response = client.get(url, {"preset": preset})

    assert response.status_code == 200
    exported = cells(response.content)
    assert [cell for cell in exported if cell.startswith("'=HYPERLINK")]
    assert "'@Behörde" in exported
    assert "'  =1+1" in exported  # leading spaces
    assert "'\n+49 30 1234" in exported  # a leading line break
    assert exported[-4:] == ["'\uff1d1+1", "'\n+49 30 1234", "'\uff20team", "'\uff0d5"]  # full-width forms
    assert [cell for cell in exported if starts_a_formula(cell)] == []
    header = rows(response.content)[0]
    assert "' =HYPERLINK(label)" in header  # the exhibitor's own question label
    assert [cell for cell in header if starts_a_formula(cell)] == []
