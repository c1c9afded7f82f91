"""Names are single-line everywhere: a line break in a name can never print a line of its own on the badge."""

import json

import pypdfium2
import pytest
from django.db import connection
from rest_framework.test import APIClient

from events.models import Registration
from tests import factories

TOKEN = "token-of-erika"


@pytest.fixture
def registration(convention):
    ticket = factories.TicketTypeFactory(convention=convention, name_de="Tagesticket", name_en="Day pass")
    return factories.RegistrationFactory(
        convention=convention,
        ticket_type=ticket,
        access_token=TOKEN,
        first_name="Erika",
        last_name="Muster",
        organization="Bezirksamt",
        language="de",
    )


def attendee() -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return client


def printed_lines(registration) -> list[str]:
    response = attendee().get(f"/api/v1/registrations/{registration.code}/badge.pdf")
    assert response.status_code == 200
    page = pypdfium2.PdfDocument(response.content)[0]
    return [line for line in page.get_textpage().get_text_range().splitlines() if line.strip()]


def test_attendee_cannot_print_extra_badge_lines_by_patching_their_name(registration):
    changed = attendee().patch(
        f"/api/v1/registrations/{registration.code}/",
        {"first_name": "Erika\nALL ACCESS VIP", "organization": "Bezirksamt\r\nBACKSTAGE\u2028CREW"},
        format="json",
    )

    assert changed.status_code == 200
    assert (changed.json()["first_name"], changed.json()["organization"]) == (
        "Erika ALL ACCESS VIP",
        "Bezirksamt BACKSTAGE CREW",
    )
    lines = printed_lines(registration)
    assert lines[1:3] == ["Erika ALL ACCESS VIP Muster", "Bezirksamt BACKSTAGE CREW"]
    assert not {"ALL ACCESS VIP", "BACKSTAGE", "CREW"} & {line.strip() for line in lines}


def test_name_stored_with_a_line_break_before_prints_on_one_line(registration):
    with connection.cursor() as cursor:  # around the models, as older versions stored it
        cursor.execute(
            f"UPDATE {Registration._meta.db_table} SET first_name = %s WHERE id = %s",
            ["Erika\nticket|ALL ACCESS VIP", registration.pk],
        )

    lines = printed_lines(registration)

    assert lines[1] == "Erika ticket|ALL ACCESS VIP Muster"
    assert "ALL ACCESS VIP" not in {line.strip() for line in lines}


def test_registration_with_a_line_break_in_the_name_is_stored_on_one_line(api_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    body = {
        "ticket_type": ticket.pk,
        "first_name": "Erika\x0bVIP",
        "last_name": "Muster\n",
        "email": "erika@berlin.de",
        "job_title": "Head\tof\r\nIT",
        "accept_terms": True,
    }

    response = api_client.post(
        f"/api/v1/events/{convention.slug}/registrations/", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 201
    stored = Registration.objects.get()
    assert (stored.first_name, stored.last_name, stored.job_title) == ("Erika VIP", "Muster", "Head of IT")


def test_registration_page_stores_the_name_on_one_line(client, convention):
    ticket = factories.TicketTypeFactory(convention=convention, quota=10)
    form = {
        "ticket_type": str(ticket.pk),
        "first_name": "Erika\r\nALL ACCESS",
        "last_name": "Muster",
        "email": "erika@berlin.de",
        "organization": "",
        "job_title": "",
        "voucher": "",
        "accept_terms": "on",
    }

    response = client.post(f"/events/{convention.slug}/register/", form)

    assert response.status_code == 303
    assert Registration.objects.get().first_name == "Erika ALL ACCESS"
