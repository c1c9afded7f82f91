"""Speakers' e-mail addresses and availability never reach the public: every route of the site, requested as an
anonymous visitor, answers without them — the public API, the schedule exports, the programme pages, files.

The routes come from the URL conf, so a new public page or endpoint is covered as soon as it exists. Routes an
anonymous visitor cannot open (401, 403, 404, redirects to a sign-in) show nothing; every route that answers
200 is searched, in German and in English.
"""

import re

import pytest
from django.test import Client

from events.services import speakers
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin
from tests.security.test_permission_matrix import all_routes
from tests.web.programme_data import build_released_programme

EMAILS = ("ada.private@example.org", "ben.private@example.org")
AWAY_NOTE = "Zahnarzt-Geheimtermin"


@pytest.fixture
def programme(convention):
    data = build_released_programme(convention)
    for speaker, email in zip((data.ada, data.ben), EMAILS, strict=True):
        speaker.email = email
        speaker.save()
    # Odd minutes outside every session, in local time and in UTC, so any rendering of them can be found.
    speakers.add_unavailability(speaker=data.ada, start=berlin(1, 7, 13), end=berlin(1, 8, 47), note=AWAY_NOTE)
    speakers.add_unavailability(speaker=data.ben, start=berlin(0, 10), end=berlin(0, 10, 59), note="")
    factories.SessionSpeakerFactory(session=data.draft, speaker=data.ben)
    release_schedule(convention=convention)
    return data


def _kwargs(route, data) -> dict[str, str] | None:
    values = {
        "slug": data.convention.slug,
        "session_id": str(data.panel.pk),
        "speaker_id": str(data.ada.pk),
        "exhibitor_slug": data.ministry.slug,
    }
    names = re.findall(r"<(?:\w+:)?(\w+)>", route.pattern)
    if any(name not in values for name in names):
        return None  # a route about something a visitor cannot name (a registration code, a token, a file…)
    return {name: values[name] for name in names}


def _public_paths(data) -> list[str]:
    from django.urls import reverse

    paths = []
    for route in all_routes():
        if route.name.startswith("admin:") or route.pattern.startswith("admin/") or "get" not in route.methods:
            continue
        kwargs = _kwargs(route, data)
        if kwargs is None:
            continue
        paths.append(reverse(route.name, kwargs=kwargs))
    slug = data.convention.slug
    paths += [f"/events/{slug}/speakers/{data.ben.pk}/", f"/api/v1/events/{slug}/speakers/{data.ben.pk}/"]
    return sorted(set(paths))


LEAKS = re.compile(
    "|".join(
        [re.escape(email) for email in EMAILS]
        + [re.escape(AWAY_NOTE), "07:13", "05:13", "08:47", "06:47", "10:59", "08:59"]
    ),
    re.IGNORECASE,
)


def test_no_public_output_contains_a_speakers_address_or_availability(programme):
    client = Client()
    searched = []
    for path in _public_paths(programme):
        for language in ("de", "en"):
            response = client.get(path, {"lang": language}, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code != 200:
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            assert LEAKS.findall(text) == [], path
            searched.append(path)

    # The search covered the outputs that matter: the API, the three exports, the pages, the calendar files.
    slug = programme.convention.slug
    for expected in (
        f"/api/v1/events/{slug}/speakers/",
        f"/api/v1/events/{slug}/sessions/",
        f"/api/v1/events/{slug}/schedule.json",
        f"/api/v1/events/{slug}/schedule.xml",
        f"/api/v1/events/{slug}/schedule.ics",
        f"/events/{slug}/",
        f"/events/{slug}/sessions/{programme.panel.pk}/",
        f"/events/{slug}/sessions/{programme.panel.pk}/calendar.ics",
        f"/events/{slug}/speakers/",
        f"/events/{slug}/speakers/{programme.ada.pk}/",
    ):
        assert expected in searched, expected


def test_the_search_finds_what_the_organizers_see(programme):
    """The check above can fail: the organizers' (non-public) API shows the address and the availability."""
    from django.urls import reverse
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(factories.UserFactory(is_superuser=True, is_staff=True))
    path = reverse("api:manage-speaker-detail", kwargs={"slug": programme.convention.slug, "pk": programme.ada.pk})
    response = client.get(path)

    assert response.status_code == 200
    assert set(LEAKS.findall(response.content.decode())) >= {EMAILS[0], AWAY_NOTE}
