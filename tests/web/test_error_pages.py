"""Styled, translated error pages for the HTML routes (the API keeps its JSON), the sign-in landing, signing out,
a cancelled session's page and dates written as Germans write them."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from config import urls as config_urls
from events.services import schedule
from events.services.publishing import release_schedule
from tests import factories
from tests.web.programme_data import build_released_programme


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S).group(1).strip()


@pytest.fixture
def programme(db, convention):
    convention.slug = "sccon"
    convention.save()
    return build_released_programme(convention)


def test_missing_page_has_the_site_layout_in_german(client, programme):
    response = client.get("/events/sccon/sessions/999999/?lang=de")

    html = response.content.decode()
    assert response.status_code == 404
    assert h1(html) == "Seite nicht gefunden"
    assert '<html lang="de">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert f'<a href="/events/sccon/?lang=de">Programm von {programme.convention.name}</a>' in html
    assert "Not Found" not in html


def test_missing_page_in_english(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert h1(response.content.decode()) == "Page not found"


def test_api_keeps_json_errors(client, db):
    response = client.get("/api/v1/no-such-endpoint/")

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json()["code"] == "not_found"


def forbidden_view(request):
    raise PermissionDenied


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("forbidden/", forbidden_view),
    path("broken/", broken_view),
    path("api/broken/", broken_view),
    *config_urls.urlpatterns,
]
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"


@pytest.mark.urls("tests.web.test_error_pages")
def test_forbidden_page_is_styled_and_translated(client, db):
    response = client.get("/forbidden/?lang=de")

    html = response.content.decode()
    assert response.status_code == 403
    assert h1(html) == "Zugriff verweigert"
    assert 'class="site-footer"' in html


@pytest.mark.urls("tests.web.test_error_pages")
def test_server_error_page_is_styled_and_translated(db):
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", HTTP_ACCEPT_LANGUAGE="de")
    api = client.get("/api/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert h1(html) == "Bei uns ist etwas schiefgegangen"
    assert 'class="site-header"' in html
    assert (api.status_code, api.json()["code"]) == (500, "server_error")


def test_login_without_next_lands_on_the_organizer_home_of_the_users_convention(client, db):
    convention = factories.ConventionFactory(slug="sccon")
    user = factories.UserFactory(username="anna")
    user.set_password("messe-2025-secret")
    user.save()
    convention.organizers.add(user)

    response = client.post("/login/", {"username": "anna", "password": "messe-2025-secret"})

    assert (response.status_code, response["Location"]) == (302, "/organize/sccon/")


@pytest.mark.parametrize("conventions", [0, 2])
def test_login_without_next_lands_on_the_list_of_ones_conventions_with_none_or_several(client, db, conventions):
    user = factories.UserFactory(username="anna")
    user.set_password("messe-2025-secret")
    user.save()
    for _ in range(conventions):
        factories.ConventionFactory().organizers.add(user)

    response = client.post("/login/?lang=de", {"username": "anna", "password": "messe-2025-secret"})

    assert (response.status_code, response["Location"]) == (302, "/organize/?lang=de")


def test_dashboard_has_a_logout_that_signs_out(client, db):
    convention = factories.ConventionFactory(slug="sccon")
    user = factories.UserFactory(username="anna")
    convention.organizers.add(user)
    client.force_login(user)

    html = client.get("/events/sccon/dashboard/?lang=de").content.decode()
    assert '<form class="account" method="post" action="/logout/?lang=de">' in html
    assert "Angemeldet als anna" in html and ">Abmelden</button>" in html

    response = client.post("/logout/?lang=de")

    assert (response.status_code, response["Location"]) == (302, "/login/?lang=de")
    assert client.get("/events/sccon/dashboard/")["Location"] == "/login/?next=/events/sccon/dashboard/"


def test_cancelled_session_page_says_it_was_cancelled(client, programme):
    schedule.cancel_session(session=programme.panel)
    release_schedule(convention=programme.convention)

    response = client.get(f"/events/sccon/sessions/{programme.panel.pk}/?lang=de")

    html = response.content.decode()
    assert response.status_code == 410
    assert h1(html) == "Open Source in der Verwaltung"
    assert "Dieser Programmpunkt wurde abgesagt." in html
    assert "<dd><del>Dienstag, 30. September 2025, <time" in html
    assert '–<time datetime="2025-09-30T11:00:00+02:00">11:00</time>, Stage B</del></dd>' in html


def test_a_draft_never_released_stays_not_found_even_when_cancelled(client, programme):
    schedule.cancel_session(session=programme.draft)

    response = client.get(f"/events/sccon/sessions/{programme.draft.pk}/?lang=de")

    assert response.status_code == 404


def test_session_date_is_written_the_german_way(client, programme):
    html = client.get(f"/events/sccon/sessions/{programme.keynote.pk}/?lang=de").content.decode()

    assert '<dd>Dienstag, 30. September 2025, <time datetime="2025-09-30T10:00:00+02:00">10:00</time>' in html
    assert "30 September 2025" not in html


def test_missing_page_keeps_its_layout_when_the_browser_accepts_gzip(client, programme):
    import gzip

    response = client.get("/events/sccon/sessions/999999/?lang=de", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    html = gzip.decompress(response.content).decode() if response.get("Content-Encoding") == "gzip" else ""
    assert response.status_code == 404
    assert h1(html) == "Seite nicht gefunden"
    assert '<nav class="legal-links"' in html
    assert f"Programm von {programme.convention.name}" in html
