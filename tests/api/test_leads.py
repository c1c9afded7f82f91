import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import ExhibitorStaffMember, Lead
from tests.checkin_helpers import badge_code, nonce
from tests.factories import ExhibitorFactory, RegistrationFactory, UserFactory

PERSONAL = ("Ada Lovelace", "ada@analytical.example", "Analytical Engines", "Chief Engineer")


def staff_client(exhibitor) -> APIClient:
    user = UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user)
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def exhibitor_a(convention):
    return ExhibitorFactory(convention=convention, name="A GmbH")


@pytest.fixture
def exhibitor_b(convention):
    return ExhibitorFactory(convention=convention, name="B AG")


def visitor(convention, *, consent: bool):
    return RegistrationFactory(
        convention=convention,
        first_name="Ada",
        last_name="Lovelace",
        email="ada@analytical.example",
        organization="Analytical Engines",
        job_title="Chief Engineer",
        consent_share_contact_at=timezone.now() if consent else None,
    )


def capture(client, exhibitor, code, **extra):
    body = {"code": code, "nonce": extra.pop("nonce", None) or nonce(), **extra}
    return client.post(f"/api/v1/exhibitors/{exhibitor.pk}/leads/", body, format="json")


def test_consenting_visitor_becomes_a_lead_with_contact(convention, exhibitor_a):
    client = staff_client(exhibitor_a)

    response = capture(client, exhibitor_a, badge_code(visitor(convention, consent=True)), rating=4, notes="GovTech")

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["email"], body["organization"], body["job_title"]) == PERSONAL
    assert (body["consent"], body["rating"], body["notes"]) == (True, 4, "GovTech")
    assert "reason" not in body


def test_visitor_without_consent_stays_pseudonymous_everywhere(convention, exhibitor_a, organizer_client):
    client = staff_client(exhibitor_a)
    code = badge_code(visitor(convention, consent=False))

    responses = [
        capture(client, exhibitor_a, code, notes="asked about open data"),
        capture(client, exhibitor_a, code, rating=2),
        client.get(f"/api/v1/exhibitors/{exhibitor_a.pk}/leads/"),
        client.get(f"/api/v1/exhibitors/{exhibitor_a.pk}/leads.csv"),
        organizer_client.get(f"/api/v1/events/{convention.slug}/leads/counts/"),
    ]

    first = responses[0].json()
    assert (first["result"], first["reason"], first["consent"]) == ("ok", "no_consent", False)
    assert not {"name", "email", "organization", "job_title"} & set(first)
    for response in responses:
        assert response.status_code in (200, 201)
        for personal in PERSONAL:
            assert personal not in response.content.decode()
    lead = Lead.objects.get()
    assert (lead.name, lead.email, lead.registration, lead.scan_count) == ("", "", None, 2)


def test_rescan_updates_instead_of_duplicating(convention, exhibitor_a):
    client = staff_client(exhibitor_a)
    code = badge_code(visitor(convention, consent=True))
    capture(client, exhibitor_a, code, notes="first talk", rating=3, tags=["ozg"])

    second = capture(client, exhibitor_a, code, rating=5)

    assert second.status_code == 200
    assert (second.json()["notes"], second.json()["rating"], second.json()["tags"]) == ("first talk", 5, ["ozg"])
    assert (Lead.objects.count(), Lead.objects.get().scan_count) == (1, 2)


def test_replayed_nonce_changes_nothing(convention, exhibitor_a):
    client = staff_client(exhibitor_a)
    code = badge_code(visitor(convention, consent=True))
    capture(client, exhibitor_a, code, nonce="booth-a-00001", rating=1)

    replay = capture(client, exhibitor_a, code, nonce="booth-a-00001", rating=5)

    assert replay.json()["rating"] == 1
    assert Lead.objects.get().scan_count == 1


def test_exhibitor_cannot_read_or_write_another_exhibitors_leads(convention, exhibitor_a, exhibitor_b):
    client_a = staff_client(exhibitor_a)
    capture(staff_client(exhibitor_b), exhibitor_b, badge_code(visitor(convention, consent=True)))

    assert client_a.get(f"/api/v1/exhibitors/{exhibitor_b.pk}/leads/").status_code == 404
    assert client_a.get(f"/api/v1/exhibitors/{exhibitor_b.pk}/leads.csv").status_code == 404
    assert capture(client_a, exhibitor_b, badge_code(RegistrationFactory(convention=convention))).status_code == 404


def test_organizer_sees_counts_only(convention, exhibitor_a, exhibitor_b, organizer_client):
    client = staff_client(exhibitor_a)
    capture(client, exhibitor_a, badge_code(visitor(convention, consent=True)))
    capture(client, exhibitor_a, badge_code(RegistrationFactory(convention=convention)))

    counts = organizer_client.get(f"/api/v1/events/{convention.slug}/leads/counts/").json()

    assert counts["results"] == [
        {"exhibitor": exhibitor_a.pk, "name": "A GmbH", "leads": 2, "with_consent": 1},
        {"exhibitor": exhibitor_b.pk, "name": "B AG", "leads": 0, "with_consent": 0},
    ]
    assert organizer_client.get(f"/api/v1/exhibitors/{exhibitor_a.pk}/leads/").status_code == 404


def test_csv_export_holds_consented_contacts(convention, exhibitor_a):
    client = staff_client(exhibitor_a)
    capture(client, exhibitor_a, badge_code(visitor(convention, consent=True)), notes="=HYPERLINK()")

    response = client.get(f"/api/v1/exhibitors/{exhibitor_a.pk}/leads.csv")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        lines[0]
        == "id,reference,consent,name,organization,job_title,email,rating,tags,notes,first_scanned_at,last_scanned_at"
    )
    assert ",True,Ada Lovelace,Analytical Engines,Chief Engineer,ada@analytical.example,,,'=HYPERLINK()," in lines[1]


def test_booth_device_captures_for_its_exhibitor_only(convention, exhibitor_a, exhibitor_b):
    manager = UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor_a, user=manager, is_manager=True)
    booth_manager = APIClient()
    booth_manager.force_authenticate(manager)
    created = booth_manager.post(
        f"/api/v1/exhibitors/{exhibitor_a.pk}/devices/", {"name": "Booth A phone"}, format="json"
    ).json()
    token = APIClient().post("/api/v1/devices/activate/", {"setup_code": created["setup_code"]}, format="json")
    phone = APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Device {token.json()['token']}")
    code = badge_code(visitor(convention, consent=True))

    assert capture(phone, exhibitor_a, code).status_code == 201
    assert capture(phone, exhibitor_b, code).status_code == 404
    assert phone.get(f"/api/v1/exhibitors/{exhibitor_b.pk}/leads/").status_code == 404


@pytest.mark.parametrize("code", ["garbage", "A" * 143])
def test_invalid_badge_is_rejected_with_a_code(convention, exhibitor_a, code):
    response = capture(staff_client(exhibitor_a), exhibitor_a, code)

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["reason"]) == ("lead_rejected", "invalid_signature")
    assert Lead.objects.count() == 0


@pytest.mark.parametrize("extra", [{"rating": 6}, {"rating": -1}, {"tags": "x"}, {"answers": ["x"]}])
def test_bad_lead_input_is_400(convention, exhibitor_a, extra):
    code = badge_code(visitor(convention, consent=True))

    response = capture(staff_client(exhibitor_a), exhibitor_a, code, **extra)

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert json.dumps(response.json()).count("Ada") == 0


def test_registration_code_typed_at_the_booth_is_the_same_lead_as_the_badge(convention, exhibitor_a):
    """The short code printed on the badge ("K7QM 2XPA"), typed when the QR code cannot be read."""
    client = staff_client(exhibitor_a)
    ada = visitor(convention, consent=True)
    scanned = capture(client, exhibitor_a, badge_code(ada))

    typed = capture(client, exhibitor_a, f"{ada.code[:4]} {ada.code[4:]}".lower(), notes="typed in")

    assert (scanned.status_code, typed.status_code) == (201, 200)
    assert typed.json()["name"] == "Ada Lovelace"
    assert Lead.objects.get().notes == "typed in"


def test_registration_code_of_another_convention_or_none_is_refused_clearly(convention, exhibitor_a):
    client = staff_client(exhibitor_a)
    elsewhere = RegistrationFactory()
    badge_code(elsewhere)

    other = capture(client, exhibitor_a, elsewhere.code)
    unknown = capture(client, exhibitor_a, "ZZZZ9999")

    assert (other.status_code, other.json()["reason"]) == (422, "other_convention")
    assert (unknown.status_code, unknown.json()["reason"]) == (422, "unknown")
    assert Lead.objects.count() == 0


def test_a_refused_scan_is_explained_in_the_scanners_language(convention, exhibitor_a):
    client = staff_client(exhibitor_a)
    elsewhere = RegistrationFactory()
    badge_code(elsewhere)

    def refusal(code: str, language: str) -> str:
        body = {"code": code, "nonce": nonce()}
        url = f"/api/v1/exhibitors/{exhibitor_a.pk}/leads/"
        response = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 422
        return response.json()["message"]

    assert refusal(elsewhere.code, "de") == "Dieser Badge gehört zu einer anderen Veranstaltung."
    assert refusal("ZZZZ9999", "de") == "Unbekannter Badge."
    assert refusal("garbage", "de") == "Der Badge-Code gilt nicht für diese Veranstaltung."
    assert refusal("ZZZZ9999", "en") == "Unknown badge."
