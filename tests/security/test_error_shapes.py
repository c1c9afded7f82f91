"""Every 4xx and 5xx answer has its audience's shape: ``{code, message}`` JSON under ``/api/``, the site's page
for the pages — whether a view, DRF, Django's handlers, a middleware or a hand-built response produced it."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from events.services.publishing import release_schedule
from tests import factories

pytestmark = pytest.mark.urls("tests.security.error_urls")


@pytest.fixture
def site(convention, organizer, settings):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "auth_token": "1/min"}
    factories.SessionFactory(convention=convention)
    release_schedule(convention=convention)
    attendee = factories.RegistrationFactory(convention=convention, access_token="attendee-token")
    return {"organizer": Token.objects.create(user=organizer).key, "code": attendee.code}


def api_requests(site) -> list[tuple[str, str, dict]]:
    organizer = {"HTTP_AUTHORIZATION": f"Token {site['organizer']}"}
    attendee = {"HTTP_AUTHORIZATION": "Bearer attendee-token"}
    json_body = {"content_type": "application/json"}
    return [
        ("get", "/api/v1/nowhere/", {}),  # 404, no route
        ("get", "/api/v1/events/nope/", {}),  # 404, no object
        ("get", "/api/v1/events/x%00/", {}),  # 400, NUL
        ("get", "/api/v1/events/?" + "&".join(["a=1"] * 1001), {}),  # 400, too many fields
        ("get", "/api/v1/events/", {"HTTP_HOST": "evil.example"}),  # 400, disallowed host
        ("post", "/api/v1/events/sccon/registrations/", {"data": "{not json", **json_body}),  # 400, malformed
        ("post", "/api/v1/events/sccon/registrations/", {"data": "{}", **json_body}),  # 400, invalid
        ("post", "/api/v1/events/sccon/registrations/", {"data": "x", "content_type": "text/plain"}),  # 415
        ("post", "/api/v1/events/sccon/registrations/", {"data": "[" + "1," * 1_400_000 + "1]", **json_body}),  # 413
        ("get", "/api/v1/manage/events/", {}),  # 401
        ("get", "/api/v1/manage/events/sccon/sessions/", attendee),  # 403 or 404
        ("delete", "/api/v1/events/", organizer),  # 405
        ("get", "/api/v1/events/", {"HTTP_ACCEPT": "application/xml"}),  # 406
        # 400, then 429 (three, so a minute boundary between two of them cannot hide the 429)
        *[("post", "/api/v1/auth/token/", {"data": '{"username": "a", "password": "b"}', **json_body})] * 3,
        ("get", "/api/v1/test/fails/", {}),  # 500
        ("get", "/api/v1/test/bare/400/", {}),
        ("get", "/api/v1/test/bare/405/", {}),
        ("get", "/api/v1/test/bare/503/", {}),
    ]


def page_requests(site) -> list[tuple[str, str, dict]]:
    form = {"content_type": "application/x-www-form-urlencoded"}
    return [
        ("get", "/nowhere/", {}),  # 404
        ("get", "/events/nope/", {}),  # 404 from a view
        ("get", "/events/x%00/", {}),  # 400, NUL
        ("get", "/events/sccon/?" + "&".join(["a=1"] * 1001), {}),  # 400, too many fields
        ("get", "/events/sccon/", {"HTTP_HOST": "evil.example"}),  # 400, disallowed host
        ("post", "/login/", {"data": "username=a&password=b", **form}),  # 403, no CSRF token
        ("get", f"/r/{site['code']}/consents/withdraw/", {}),  # 405 from require_POST
        ("get", "/test/fails/", {}),  # 500
        ("get", "/test/bare/400/", {}),
        ("get", "/test/bare/503/", {}),
    ]


def send(client, method: str, url: str, extra: dict):
    extra = dict(extra)
    data = extra.pop("data", None)
    content_type = extra.pop("content_type", None)
    if content_type:
        extra["content_type"] = content_type
    return getattr(client, method)(url, data, **extra)


def test_every_api_error_is_code_and_message_json(site):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    seen = set()

    for method, url, extra in api_requests(site):
        response = send(client, method, url, extra)

        assert response.status_code >= 400, url
        assert response["Content-Type"] == "application/json", (url, response.status_code)
        body = response.json()
        assert isinstance(body.get("code"), str) and body["code"], (url, body)
        assert isinstance(body.get("message"), str) and body["message"], (url, body)
        seen.add(response.status_code)

    assert seen >= {400, 401, 404, 405, 406, 413, 415, 429, 500, 503}


def test_every_page_error_is_the_sites_page(site):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    seen = set()

    for method, url, extra in page_requests(site):
        response = send(client, method, url, extra)

        assert response.status_code >= 400, url
        assert response["Content-Type"] == "text/html; charset=utf-8", (url, response.status_code)
        page = response.content.decode()
        assert '<main id="main"' in page and 'class="site-header"' in page, (url, page[:200])
        seen.add(response.status_code)

    assert seen == {400, 403, 404, 405, 500, 503}


def test_allow_header_survives_reshaping(site):
    response = Client(raise_request_exception=False).get(f"/r/{site['code']}/consents/withdraw/")

    assert (response.status_code, response["Allow"]) == (405, "POST")


def test_a_plain_text_error_keeps_its_message_in_either_shape(site):
    client = Client(raise_request_exception=False)

    api = client.get("/api/v1/test/bare/503/?text=Closed for maintenance.")
    page = client.get("/test/bare/503/?text=Closed for maintenance.")

    assert api.json() == {"code": "server_error", "message": "Closed for maintenance."}
    assert "<p>Closed for maintenance.</p>" in page.content.decode()


def test_the_error_page_speaks_the_visitors_language(site):
    response = Client(raise_request_exception=False).get("/nowhere/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 404
    assert ">Seite nicht gefunden</h1>" in response.content.decode()
