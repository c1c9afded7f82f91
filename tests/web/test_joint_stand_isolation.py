"""A joint stand: two co-exhibitors and the main exhibitor on one stand, each with its own leads. Whoever works
for one of them gets 404 for another's leads, on every page and every API route, reading and writing, exactly as
for leads that do not exist; nothing of the other's leads leaks into the answer."""

import pytest
from django.test import Client
from django.utils import timezone

from events.models import ExhibitorStaffMember, Lead
from events.services import devices, exhibitors, leads
from events.services.badges import get_or_issue_badge
from tests import factories


@pytest.fixture
def stand(convention):
    main = factories.ExhibitorFactory(convention=convention, name="Land Brandenburg", slug="brandenburg")
    factories.BoothFactory(exhibitor=main, number="210")
    first = exhibitors.add_co_exhibitor(main=main, name="Smart Village Lab", slug="village-lab")
    second = exhibitors.add_co_exhibitor(main=main, name="Digitalagentur", slug="digitalagentur")
    visitor = factories.RegistrationFactory(
        convention=convention, first_name="Erika", last_name="Geheim", consent_share_contact_at=timezone.now()
    )
    code = get_or_issue_badge(registration=visitor).code
    lead_of = {
        exhibitor.slug: leads.capture_lead(exhibitor=exhibitor, code=code, nonce=f"n-{exhibitor.slug}")[0]
        for exhibitor in (main, first, second)
    }
    return {"main": main, "first": first, "second": second, "lead_of": lead_of}


def client_for(exhibitor, *, is_manager: bool) -> Client:
    user = factories.UserFactory()
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user, is_manager=is_manager)
    client = Client()
    client.force_login(user)
    return client


def lead_routes(exhibitor_id: int, lead_id: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/exhibitor/{exhibitor_id}/leads/"),
        ("get", f"/exhibitor/{exhibitor_id}/leads.csv"),
        ("get", f"/exhibitor/{exhibitor_id}/leads/{lead_id}/"),
        ("post", f"/exhibitor/{exhibitor_id}/leads/{lead_id}/"),
        ("get", f"/api/v1/exhibitors/{exhibitor_id}/leads/"),
        ("get", f"/api/v1/exhibitors/{exhibitor_id}/leads.csv"),
        ("get", f"/api/v1/exhibitors/{exhibitor_id}/leads/{lead_id}/"),
        ("patch", f"/api/v1/exhibitors/{exhibitor_id}/leads/{lead_id}/"),
        ("post", f"/api/v1/exhibitors/{exhibitor_id}/leads/"),
    ]


def call(client: Client, method: str, path: str):
    if method == "get":
        return client.get(path)
    body = {"notes": "stolen", "code": "X", "nonce": "n-steal-1"}
    if path.startswith("/api/"):
        return getattr(client, method)(path, body, content_type="application/json")
    return client.post(path, body)


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("first-manager", "second"),
        ("first-staff", "second"),
        ("first-manager", "main"),
        ("main-manager", "first"),
        ("main-staff", "second"),
    ],
)
def test_nobody_on_the_stand_reaches_another_exhibitors_leads(stand, actor, target):
    who, role = actor.split("-")
    client = client_for(stand[who], is_manager=role == "manager")
    victim = stand[target]
    lead = stand["lead_of"][victim.slug]

    answers = {(method, path): call(client, method, path) for method, path in lead_routes(victim.pk, lead.pk)}

    assert {key: response.status_code for key, response in answers.items()} == dict.fromkeys(answers, 404)
    assert all(b"Geheim" not in response.content for response in answers.values())
    lead.refresh_from_db()
    assert lead.notes != "stolen"
    assert Lead.objects.count() == 3


def test_each_one_sees_its_own_lead_and_only_that(stand):
    for name in ("main", "first", "second"):
        exhibitor = stand[name]
        client = client_for(exhibitor, is_manager=False)

        listed = client.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads/").json()["results"]

        assert [row["id"] for row in listed] == [stand["lead_of"][exhibitor.slug].pk], name


def test_a_co_exhibitors_booth_scanner_captures_for_its_own_exhibitor_only(stand, convention):
    _device, setup_code = devices.create_device(
        convention=convention, name="Tablet", kind="booth", exhibitor=stand["first"]
    )
    token = Client().post("/api/v1/devices/activate/", {"setup_code": setup_code}, content_type="application/json")
    auth = {"HTTP_AUTHORIZATION": f"Device {token.json()['token']}"}
    other = stand["second"]

    refused = Client().get(f"/api/v1/exhibitors/{other.pk}/leads/", **auth)
    own = Client().get(f"/api/v1/exhibitors/{stand['first'].pk}/leads/", **auth)

    assert (refused.status_code, own.status_code) == (404, 200)
