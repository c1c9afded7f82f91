import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import TicketType, Voucher
from tests import factories


def test_public_list_shows_only_what_is_on_sale(api_client, convention):
    now = timezone.now()
    on_sale = factories.TicketTypeFactory(convention=convention, name_en="Day pass", quota=10, quota_used=3)
    factories.TicketTypeFactory(convention=convention, sale_ends_at=now - dt.timedelta(days=1))
    factories.TicketTypeFactory(convention=convention, sale_starts_at=now + dt.timedelta(days=1))
    factories.TicketTypeFactory(convention=convention, is_active=False)
    factories.TicketTypeFactory(name_en="Other convention")

    response = api_client.get(f"/api/v1/events/{convention.slug}/ticket-types/")

    assert response.status_code == 200
    assert [(row["id"], row["name_en"], row["available"]) for row in response.json()] == [(on_sale.pk, "Day pass", 7)]
    assert "quota_used" not in response.json()[0]


@pytest.mark.parametrize("count", [1, 3])
def test_public_ticket_type_list_query_count_does_not_grow(api_client, convention, count):
    factories.TicketTypeFactory.create_batch(count, convention=convention)

    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(f"/api/v1/events/{convention.slug}/ticket-types/")

    assert len(response.json()) == count
    assert len(queries) == 2


def test_organizer_creates_updates_and_deletes_a_ticket_type(organizer_client, convention):
    base = f"/api/v1/events/{convention.slug}/ticket-types/"
    created = organizer_client.post(
        base,
        {
            "name_de": "Behördenticket",
            "name_en": "Public sector pass",
            "price": "0.00",
            "quota": 500,
            "valid_days": ["2025-10-01", "2025-09-30"],
            "allowed_email_domains": ["Berlin.de", "@bund.de"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["valid_days"], body["allowed_email_domains"], body["quota_used"]) == (
        ["2025-09-30", "2025-10-01"],
        ["berlin.de", "bund.de"],
        0,
    )

    updated = organizer_client.patch(f"{base}{body['id']}/", {"quota": 600}, format="json")
    assert (updated.status_code, updated.json()["quota"]) == (200, 600)

    assert organizer_client.delete(f"{base}{body['id']}/").status_code == 204
    assert TicketType.objects.count() == 0


def test_quota_cannot_drop_below_seats_taken(organizer_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention, quota=10)
    factories.RegistrationFactory.create_batch(3, convention=convention, ticket_type=ticket)
    TicketType.objects.filter(pk=ticket.pk).update(quota_used=3)

    response = organizer_client.patch(
        f"/api/v1/events/{convention.slug}/ticket-types/{ticket.pk}/", {"quota": 2}, format="json"
    )

    assert (response.status_code, response.json()["code"], response.json()["fields"]) == (
        400,
        "invalid",
        {"quota": "At least 3."},
    )


def test_ticket_type_with_registrations_cannot_be_deleted(organizer_client, convention):
    registration = factories.RegistrationFactory(convention=convention)

    response = organizer_client.delete(f"/api/v1/events/{convention.slug}/ticket-types/{registration.ticket_type_id}/")

    assert (response.status_code, response.json()["code"]) == (409, "in_use")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"valid_days": ["2025-12-24"]}, "valid_days"),
        ({"allowed_email_domains": ["not a domain"]}, "allowed_email_domains"),
        ({"price": "-1.00"}, "price"),
        ({"currency": "USD"}, "currency"),
        ({"name_en": "N" * 201}, "name_en"),
        ({"sale_starts_at": "2025-09-01T00:00:00Z", "sale_ends_at": "2025-08-01T00:00:00Z"}, "sale_ends_at"),
    ],
)
def test_bad_ticket_type_input_is_refused(organizer_client, convention, data, field):
    response = organizer_client.post(
        f"/api/v1/events/{convention.slug}/ticket-types/", {"name_de": "T", "name_en": "T", **data}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert field in response.json()["fields"]
    assert TicketType.objects.count() == 0


def test_ticket_type_writes_are_for_organizers_only(api_client, convention):
    response = api_client.post(f"/api/v1/events/{convention.slug}/ticket-types/", {"name_en": "x"}, format="json")

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_organizer_manages_vouchers(organizer_client, api_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    base = f"/api/v1/events/{convention.slug}/vouchers/"

    created = organizer_client.post(
        base, {"code": "PRESS2025", "kind": "free", "usage_limit": 20, "ticket_types": [ticket.pk]}, format="json"
    )
    assert created.status_code == 201, created.json()
    duplicate = organizer_client.post(base, {"code": "press2025"}, format="json")
    foreign = organizer_client.post(
        base, {"code": "OTHER", "ticket_types": [factories.TicketTypeFactory().pk]}, format="json"
    )
    too_much = organizer_client.post(base, {"code": "HALF", "kind": "percent", "value": "150"}, format="json")

    assert (duplicate.status_code, duplicate.json()["fields"]) == (400, {"code": "Already in use."})
    assert (foreign.status_code, list(foreign.json()["fields"])) == (400, ["ticket_types"])
    assert (too_much.status_code, list(too_much.json()["fields"])) == (400, ["value"])
    assert [row["code"] for row in organizer_client.get(base).json()] == ["PRESS2025"]
    assert api_client.get(base).status_code == 401
    voucher_id = created.json()["id"]
    patched = organizer_client.patch(f"{base}{voucher_id}/", {"usage_limit": 5}, format="json")
    assert (patched.status_code, patched.json()["usage_limit"]) == (200, 5)
    assert Voucher.objects.get().ticket_types.get() == ticket


def test_questions_are_public_and_edited_by_organizers(organizer_client, api_client, convention):
    base = f"/api/v1/events/{convention.slug}/questions/"

    created = organizer_client.post(
        base,
        {"identifier": "sector", "label_de": "Sektor", "label_en": "Sector", "kind": "choice", "required": True},
        format="json",
    )
    assert (created.status_code, created.json()["fields"]) == (400, {"choices": ["A choice question needs choices."]})
    created = organizer_client.post(
        base,
        {
            "identifier": "sector",
            "label_de": "Sektor",
            "label_en": "Sector",
            "kind": "choice",
            "choices": ["municipal", "federal"],
            "required": True,
        },
        format="json",
    )
    assert created.status_code == 201
    assert api_client.post(base, {"identifier": "x"}, format="json").status_code == 401
    assert [row["identifier"] for row in api_client.get(base).json()] == ["sector"]


@pytest.mark.parametrize("count", [1, 3])
def test_voucher_list_query_count_does_not_grow(organizer_client, convention, count):
    ticket = factories.TicketTypeFactory(convention=convention)
    for index in range(count):
        Voucher.objects.create(convention=convention, code=f"CODE{index}").ticket_types.set([ticket])

    with CaptureQueriesContext(connection) as queries:
        response = organizer_client.get(f"/api/v1/events/{convention.slug}/vouchers/")

    assert [row["ticket_types"] for row in response.json()] == [[ticket.pk]] * count
    assert len(queries) == 4  # convention, organizer check, vouchers, their ticket types


@pytest.mark.parametrize("count", [1, 3])
def test_organizer_ticket_type_list_query_count_does_not_grow(organizer_client, convention, count):
    factories.TicketTypeFactory.create_batch(count, convention=convention)

    with CaptureQueriesContext(connection) as queries:
        response = organizer_client.get(f"/api/v1/events/{convention.slug}/ticket-types/")

    assert len(response.json()) == count
    assert "quota_used" in response.json()[0]
    assert len(queries) == 3
