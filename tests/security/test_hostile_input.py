"""Hostile input over HTTP answers a 4xx in the audience's shape, never a 500.

PostgreSQL refuses NUL in any text value with an exception, a lone surrogate cannot be encoded as UTF-8 (by the
database driver or the JSON renderer echoing it in an error message), and 1,000 nested brackets exceed Python's
recursion limit. Run with DATABASE_URL pointing at PostgreSQL to meet the database's part too.
"""

import json

import pytest
from django.test import Client

from events.enums import QuestionKind
from events.models import CheckinList, Question, Registration
from events.services.publishing import release_schedule
from tests import factories


@pytest.fixture
def released(convention):
    factories.SessionFactory(convention=convention)
    release_schedule(convention=convention)
    return convention


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def assert_api_error(response, status: int, code: str) -> None:
    assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]


def assert_site_page(response, status: int) -> None:
    assert (response.status_code, response["Content-Type"]) == (status, "text/html; charset=utf-8")
    page = response.content.decode()
    assert '<main id="main"' in page and 'class="site-header"' in page


NUL_API_URLS = [
    "/api/v1/events/x%00/",
    "/api/v1/events/sccon%00/schedule.xml",
    "/api/v1/events/sccon/sessions/%00/",
    "/api/v1/registrations/%00/",
    "/api/v1/agenda/%00.ics",
    "/api/v1/events/sccon/sessions/?q=%00",
    "/api/v1/events/sccon/schedule.json?version=%00",
    "/api/v1/events/?%00=1",
]


@pytest.mark.parametrize("url", NUL_API_URLS)
def test_nul_in_api_path_or_query_is_400_json(client, released, url):
    assert_api_error(client.get(url), 400, "invalid_characters")


NUL_PAGE_URLS = [
    "/events/x%00/",
    "/events/sccon/?q=%00",
    "/events/sccon/exhibitors/?hall=%00",
    "/r/%00/",
    "/admin/login/?next=%00",
]


@pytest.mark.parametrize("url", NUL_PAGE_URLS)
def test_nul_in_page_path_or_query_is_the_sites_400_page(client, released, url):
    assert_site_page(client.get(url), 400)


def test_nul_in_a_token_is_400_not_a_database_error(client, released):
    response = client.get("/api/v1/registrations/ABC/", HTTP_AUTHORIZATION="Bearer abc\x00def")

    assert_api_error(response, 400, "invalid_characters")


def test_nul_in_a_registration_form_is_the_sites_400_page(client, released):
    ticket = factories.TicketTypeFactory(convention=released)
    form = {"ticket_type": ticket.pk, "first_name": "Erika\x00", "last_name": "M", "email": "e@berlin.de"}

    assert_site_page(client.post("/events/sccon/register/", form), 400)
    assert Registration.objects.count() == 0


@pytest.fixture
def registration_body(released):
    ticket = factories.TicketTypeFactory(convention=released)
    Question.objects.create(
        convention=released, identifier="sector", label_de="Bereich", label_en="Sector", kind=QuestionKind.TEXT
    )
    return {
        "ticket_type": ticket.pk,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@berlin.de",
        "accept_terms": True,
        "answers": {"sector": "municipal"},
    }


@pytest.mark.parametrize(
    "change",
    [
        {"answers": {"sector": "muni\x00cipal"}},
        {"answers": {"sector": "muni\ud800cipal"}},
        {"answers": {"sec\x00tor": "municipal"}},
        {"answers": {"\udfffsector": "municipal"}},
        {"language": "\ud800"},  # echoed in "… is not a valid choice."
        {"voucher": "\udc80"},
        {"first_name": "Erika\x00"},
    ],
    ids=["nul-answer", "surrogate-answer", "nul-key", "surrogate-key", "surrogate-choice", "surrogate", "nul-name"],
)
def test_nul_or_lone_surrogate_in_a_registration_is_400(client, registration_body, change):
    body = json.dumps({**registration_body, **change})  # ensure_ascii: \u escapes, as a client library sends them

    response = client.post("/api/v1/events/sccon/registrations/", body, content_type="application/json")

    assert_api_error(response, 400, "malformed_request")
    assert Registration.objects.count() == 0


def test_the_same_registration_without_hostile_characters_is_created(client, registration_body):
    response = client.post(
        "/api/v1/events/sccon/registrations/", json.dumps(registration_body), content_type="application/json"
    )

    assert response.status_code == 201
    assert Registration.objects.get().answers == {"sector": "municipal"}


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000], ids=["list", "object"])
@pytest.mark.parametrize(
    "url", ["/events/sccon/registrations/", "/auth/token/", "/events/sccon/checkin-lists/{}/scans/"]
)
def test_json_nested_1000_deep_is_400(client, organizer, released, url, body):
    gate = CheckinList.objects.create(convention=released, name="Entrance South")
    client.force_login(organizer)

    response = client.post("/api/v1" + url.format(gate.pk), body, content_type="application/json")

    assert_api_error(response, 400, "malformed_request")


def test_json_nested_a_few_levels_is_still_parsed(client, registration_body):
    body = json.dumps({**registration_body, "answers": {"sector": [[["deep"]]]}})

    response = client.post("/api/v1/events/sccon/registrations/", body, content_type="application/json")

    assert_api_error(response, 400, "invalid")  # the answer's shape is refused by validation, not the parser


def test_more_than_1000_query_fields_is_400_json_on_the_api(client, released):
    assert_api_error(client.get("/api/v1/events/sccon/?" + "&".join(["a=1"] * 1001)), 400, "bad_request")


def test_more_than_1000_query_fields_is_the_sites_400_page(client, released):
    assert_site_page(client.get("/events/sccon/?" + "&".join(["a=1"] * 1001)), 400)


def test_more_than_1000_form_fields_is_the_sites_400_page(client, released):
    response = client.post("/events/sccon/register/", "&".join(f"f{n}=1" for n in range(1001)), content_type=FORM)

    assert_site_page(response, 400)


FORM = "application/x-www-form-urlencoded"


def test_disallowed_host_is_400_json_on_the_api(client, released):
    assert_api_error(client.get("/api/v1/events/", HTTP_HOST="evil.example"), 400, "bad_request")


def test_disallowed_host_is_the_sites_400_page(client, released):
    response = client.get("/events/sccon/", HTTP_HOST="evil.example")

    assert_site_page(response, 400)
    assert "evil.example" not in response.content.decode()
