import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import OutboundMessage, Registration, RegistrationStatus
from tests import factories


@pytest.fixture
def ticket(convention):
    return factories.TicketTypeFactory(convention=convention, name_en="Public sector pass", quota=100)


def url(convention) -> str:
    return f"/api/v1/events/{convention.slug}/registrations/"


def form(ticket, **overrides) -> dict:
    data = {
        "ticket_type": ticket.pk,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@berlin.de",
        "organization": "Senatskanzlei",
        "job_title": "Referentin",
        "language": "de",
        "accept_terms": True,
        "share_contact_with_exhibitors": True,
    }
    data.update(overrides)
    return data


def test_register_returns_code_status_and_token_once(api_client, convention, ticket):
    response = api_client.post(url(convention), form(ticket), format="json")

    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", body["code"])
    assert body["status"] == "confirmed"
    assert body["checkout_url"] is None
    assert len(body["access_token"]) >= 40
    own = APIClient().get(f"/api/v1/registrations/{body['code']}/", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert own.status_code == 200
    assert "access_token" not in own.json()
    assert own.json()["ticket_type"] == {"id": ticket.pk, "name_de": ticket.name_de, "name_en": "Public sector pass"}


def test_registration_is_hidden_from_everyone_but_attendee_and_organizer(
    api_client, organizer_client, convention, ticket
):
    mine = factories.RegistrationFactory(convention=convention, ticket_type=ticket, access_token="token-mine")
    factories.RegistrationFactory(convention=convention, ticket_type=ticket, access_token="token-other")
    detail = f"/api/v1/registrations/{mine.code}/"

    assert api_client.get(detail).status_code == 404
    assert api_client.get(detail, HTTP_AUTHORIZATION="Bearer token-other").status_code == 404
    assert api_client.post(f"{detail}cancel/", HTTP_AUTHORIZATION="Bearer token-other").status_code == 404
    assert api_client.get(detail, HTTP_AUTHORIZATION="Bearer token-mine").status_code == 200
    assert organizer_client.get(detail).json()["code"] == mine.code
    stranger = APIClient()
    stranger.force_authenticate(user=factories.UserFactory(username="organizer-elsewhere"))
    assert stranger.get(detail).status_code == 404
    assert Registration.objects.get(pk=mine.pk).status == RegistrationStatus.CONFIRMED


def test_attendee_fixes_name_but_not_email(api_client, convention, ticket):
    mine = factories.RegistrationFactory(convention=convention, ticket_type=ticket, access_token="token-mine")
    detail = f"/api/v1/registrations/{mine.code}/"

    fixed = api_client.patch(detail, {"last_name": "Musterfrau"}, format="json", HTTP_AUTHORIZATION="Bearer token-mine")
    refused = api_client.patch(detail, {"email": "x@y.de"}, format="json", HTTP_AUTHORIZATION="Bearer token-mine")

    assert (fixed.status_code, fixed.json()["last_name"]) == (200, "Musterfrau")
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid")
    mine.refresh_from_db()
    assert (mine.last_name, mine.email) == ("Musterfrau", mine.email)


def test_attendee_cancels_and_the_seat_is_free_again(api_client, convention, ticket):
    body = api_client.post(url(convention), form(ticket), format="json").json()

    response = api_client.post(
        f"/api/v1/registrations/{body['code']}/cancel/", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}"
    )

    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    ticket.refresh_from_db()
    assert ticket.quota_used == 0


def test_public_sector_ticket_refuses_private_address(api_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention, allowed_email_domains=["berlin.de"])

    response = api_client.post(url(convention), form(ticket, email="erika@gmail.com"), format="json")

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_eligible",
        "message": "This ticket type is reserved for e-mail addresses of these domains: berlin.de.",
    }
    assert Registration.objects.count() == 0


def _closed_ticket(convention):
    return factories.TicketTypeFactory(convention=convention, sale_ends_at=timezone.now() - dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        (lambda t, c: {"first_name": None}, 400, "invalid", "first_name"),
        (lambda t, c: {"email": "not-an-address"}, 400, "invalid", "email"),
        (lambda t, c: {"email": "a" * 250 + "@berlin.de"}, 400, "invalid", "email"),
        (lambda t, c: {"first_name": "E" * 101}, 400, "invalid", "first_name"),
        (lambda t, c: {"organization": "O" * 5000}, 400, "invalid", "organization"),
        (lambda t, c: {"ticket_type": "abc"}, 400, "invalid", "ticket_type"),
        (lambda t, c: {"ticket_type": 2**40}, 400, "invalid", "ticket_type"),
        (lambda t, c: {"language": "fr"}, 400, "invalid", "language"),
        (lambda t, c: {"accept_terms": False}, 400, "invalid", "accept_terms"),
        (lambda t, c: {"answers": ["not", "a", "dict"]}, 400, "invalid", "answers"),
        (lambda t, c: {"answers": {"q": {"nested": 1}}}, 400, "invalid", "answers"),
        (lambda t, c: {"voucher": "V" * 41}, 400, "invalid", "voucher"),
        (lambda t, c: {"ticket_type": 999999}, 400, "unknown_ticket_type", None),
        (lambda t, c: {"ticket_type": factories.TicketTypeFactory().pk}, 400, "unknown_ticket_type", None),
        (lambda t, c: {"ticket_type": _closed_ticket(c).pk}, 409, "sale_closed", None),
        (lambda t, c: {"voucher": "NOPE"}, 400, "invalid_voucher", None),
    ],
)
def test_bad_input_is_refused_with_the_error_shape_and_no_rows(
    api_client, convention, ticket, change, status, code, field
):
    data = form(ticket)
    data.update(change(ticket, convention))
    data = {key: value for key, value in data.items() if value is not None}

    response = api_client.post(url(convention), data, format="json")

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert isinstance(response.json()["message"], str)
    if field:
        assert field in response.json()["fields"]
    assert Registration.objects.count() == 0
    assert OutboundMessage.objects.count() == 0
    ticket.refresh_from_db()
    assert ticket.quota_used == 0


def test_over_max_per_order_is_refused(api_client, convention, ticket):
    assert api_client.post(url(convention), form(ticket), format="json").status_code == 201

    response = api_client.post(url(convention), form(ticket, email="ERIKA@berlin.de"), format="json")

    assert (response.status_code, response.json()["code"]) == (409, "max_per_order_exceeded")
    assert Registration.objects.count() == 1


def test_sold_out_is_refused(api_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention, quota=1)
    api_client.post(url(convention), form(ticket, email="a@berlin.de"), format="json")

    response = api_client.post(url(convention), form(ticket, email="b@berlin.de"), format="json")

    assert (response.status_code, response.json()["code"]) == (409, "sold_out")


def test_paid_ticket_without_payments_is_refused(api_client, convention, settings):
    settings.STRIPE_SECRET_KEY = ""
    ticket = factories.TicketTypeFactory(convention=convention, price=99)

    response = api_client.post(url(convention), form(ticket), format="json")

    assert (response.status_code, response.json()["code"]) == (409, "payments_unavailable")
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [b'{"ticket_type": 1, "first_name": ', b"[1, 2, 3]", b"\xff\xfe", b""],
)
def test_malformed_json_is_refused(api_client, convention, body):
    response = api_client.generic("POST", url(convention), body, content_type="application/json")

    assert 400 <= response.status_code < 500
    assert set(response.json()) >= {"code", "message"}
    assert Registration.objects.count() == 0


def test_unknown_convention_is_404(api_client, ticket):
    response = api_client.post("/api/v1/events/nope/registrations/", form(ticket), format="json")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_registration_list_is_for_organizers_only(api_client, convention):
    assert api_client.get(url(convention)).status_code == 401
    other = APIClient()
    other.force_authenticate(user=factories.UserFactory(username="someone"))
    assert other.get(url(convention)).status_code == 404
    assert api_client.get(url(convention), HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_organizer_filters_and_searches_registrations(organizer_client, convention, ticket):
    other_ticket = factories.TicketTypeFactory(convention=convention)
    anna = factories.RegistrationFactory(
        convention=convention, ticket_type=ticket, first_name="Anna", organization="Bezirksamt Mitte"
    )
    factories.RegistrationFactory(convention=convention, ticket_type=other_ticket, first_name="Bernd")
    factories.RegistrationFactory(
        convention=convention, ticket_type=ticket, first_name="Carla", status=RegistrationStatus.CANCELLED
    )

    def names(query: str) -> list[str]:
        return [row["first_name"] for row in organizer_client.get(url(convention) + query).json()["results"]]

    assert names(f"?ticket_type={ticket.pk}&status=confirmed") == ["Anna"]
    assert names("?q=bezirksamt") == ["Anna"]
    assert names(f"?q={anna.code}") == ["Anna"]
    assert names("?status=cancelled") == ["Carla"]
    assert organizer_client.get(url(convention) + "?status=bogus").json()["code"] == "invalid"


@pytest.mark.parametrize("count", [1, 3])
def test_registration_list_query_count_does_not_grow(organizer_client, convention, ticket, count):
    voucher = convention.vouchers.create(code="PRESS")
    for _ in range(count):
        factories.RegistrationFactory(convention=convention, ticket_type=ticket, voucher=voucher)

    with CaptureQueriesContext(connection) as queries:
        response = organizer_client.get(url(convention))

    assert len(response.json()["results"]) == count
    assert len(queries) == 5  # convention, organizer check, count, page with ticket type and voucher, audit entry


def test_csv_export_has_one_row_per_registration_and_defuses_formulas(organizer_client, convention, ticket):
    convention.questions.create(identifier="sector", label_de="Sektor", label_en="Sector")
    factories.RegistrationFactory(
        convention=convention, ticket_type=ticket, first_name="=HYPERLINK(1)", answers={"sector": "municipal"}
    )

    response = organizer_client.get(f"/api/v1/events/{convention.slug}/registrations.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert (rows[0]["first_name"], rows[0]["answer:sector"], rows[0]["share_contact"]) == (
        "'=HYPERLINK(1)",
        "municipal",
        "no",
    )


def test_csv_export_defuses_formulas_behind_spaces_line_breaks_and_in_full_width(organizer_client, convention, ticket):
    convention.questions.create(identifier="sector", label_de="Sektor", label_en="Sector")
    factories.RegistrationFactory(
        convention=convention,
        ticket_type=ticket,
        first_name="\uff1dHYPERLINK(1)",  # ＝
        last_name="\uff0bSUM(A1)",  # ＋
        organization="  =1+1",
        job_title="\uff20Referat",  # ＠
        answers={"sector": "\r\n\uff0d5"},  # a line break, then －
    )

    response = organizer_client.get(f"/api/v1/events/{convention.slug}/registrations.csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    row = rows[0]
    assert [row[name] for name in ("first_name", "last_name", "organization", "job_title", "answer:sector")] == [
        "'\uff1dHYPERLINK(1)",
        "'\uff0bSUM(A1)",
        "'  =1+1",
        "'\uff20Referat",
        "'\r\n\uff0d5",
    ]
    assert (row["share_contact"], row["newsletter"]) == ("no", "no")  # plain values stay as they are


def test_csv_export_is_for_organizers_only(api_client, convention):
    assert api_client.get(f"/api/v1/events/{convention.slug}/registrations.csv").status_code == 401


def test_registration_flood_from_one_address_is_throttled_while_another_still_registers(
    api_client, convention, ticket, settings
):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "registration": "3/min"}

    flood = [
        api_client.post(
            url(convention), form(ticket, email=f"bot{n}@berlin.de"), format="json", REMOTE_ADDR="203.0.113.9"
        )
        for n in range(4)
    ]
    neighbour = api_client.post(
        url(convention), form(ticket, email="erika@berlin.de"), format="json", REMOTE_ADDR="198.51.100.7"
    )

    assert [response.status_code for response in flood] == [201, 201, 201, 429]
    assert flood[-1].json()["code"] == "throttled"
    assert int(flood[-1]["Retry-After"]) > 0
    assert neighbour.status_code == 201
    assert Registration.objects.count() == 4
