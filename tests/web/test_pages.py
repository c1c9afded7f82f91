import re
from html import unescape

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import ExhibitorMaterial
from events.services.exports import session_ical_uid
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin
from tests.web.programme_data import build_released_programme

TITLE = re.compile(r'class="session-title"><a href="[^"]*">([^<]*)</a>')


def titles(response) -> list[str]:
    return [unescape(title) for title in TITLE.findall(response.content.decode())]


@pytest.fixture
def programme(convention):
    return build_released_programme(convention)


def test_programme_shows_released_sessions_only(client, programme):
    response = client.get("/events/sccon/")

    assert response.status_code == 200
    assert titles(response) == [
        "Digital twins in practice",
        "Open source in public administration",
        "The federation at booth 508",
        "Workshop: a data platform in 90 minutes",
    ]
    assert "Draft not yet confirmed" not in response.content.decode()
    assert "Added after the release" not in response.content.decode()


def test_programme_grid_has_a_column_per_room_of_the_day(client, programme):
    html = client.get("/events/sccon/").content.decode()

    headers = re.findall(r'<div class="tt-(?:corner|room)"[^>]*>([^<]*)</div>', html)
    assert headers == ["Time", "Stage A", "Stage B", "Time", "Workshop 1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("day=2025-10-01", ["Workshop: a data platform in 90 minutes"]),
        ("format=panel", ["Open source in public administration"]),
        ("language=en", ["Open source in public administration"]),
        ("day=2025-09-30&language=de", ["Digital twins in practice", "The federation at booth 508"]),
        ("format=talk", []),
    ],
)
def test_programme_filters(client, programme, query, expected):
    response = client.get(f"/events/sccon/?{query}")

    assert response.status_code == 200
    assert titles(response) == expected


def test_programme_filters_by_track(client, programme):
    response = client.get(f"/events/sccon/?track={programme.keynote.track_id}&view=list")

    assert titles(response) == ["Digital twins in practice", "Workshop: a data platform in 90 minutes"]


@pytest.mark.parametrize("query", ["day=someday", "day=2030-01-01", "track=abc", "track=999999", "format=opera"])
def test_programme_refuses_malformed_filters_with_400(client, programme, query):
    response = client.get(f"/events/sccon/?{query}")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert titles(response) == []


def test_programme_in_german_by_query_parameter(client, programme):
    response = client.get("/events/sccon/?lang=de")

    assert response["Content-Language"] == "de"
    assert "<h1>Programm</h1>" in response.content.decode()
    assert titles(response)[0] == "Digitale Zwillinge in der Praxis"
    # Links keep the chosen language.
    assert f'href="/events/sccon/sessions/{programme.keynote.pk}/?lang=de"' in response.content.decode()


def test_programme_in_german_by_accept_language(client, programme):
    response = client.get("/events/sccon/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")

    assert '<html lang="de">' in response.content.decode()
    assert titles(response)[0] == "Digitale Zwillinge in der Praxis"


def test_programme_list_view_names_the_room(client, programme):
    html = client.get("/events/sccon/?view=list&format=keynote").content.decode()

    assert re.search(r"10:00</time>–<time[^>]*>11:00</time> · Stage A", html)


def test_programme_answers_if_none_match_with_304_until_the_next_release(client, programme):
    first = client.get("/events/sccon/")
    again = client.get("/events/sccon/", HTTP_IF_NONE_MATCH=first["ETag"])
    release_schedule(convention=programme.convention)
    after_release = client.get("/events/sccon/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "public, max-age=60"
    assert again.status_code == 304
    assert after_release.status_code == 200
    assert "Added after the release" in titles(after_release)


def test_programme_of_unknown_or_unreleased_convention_is_404(client, db):
    factories.ConventionFactory(slug="next-year")

    assert client.get("/events/nowhere/").status_code == 404
    assert client.get("/events/next-year/").status_code == 404


def test_convention_list_shows_conventions_with_a_release(client, programme):
    factories.ConventionFactory(slug="next-year", name="Convention without programme")
    html = client.get("/").content.decode()

    assert 'href="/events/sccon/"' in html
    assert "Convention without programme" not in html


def test_session_page_shows_speakers_room_and_calendar_link(client, programme):
    response = client.get(f"/events/sccon/sessions/{programme.panel.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Open source in public administration</h1>" in html
    assert "<dd>Stage B, Halle 25</dd>" in html
    assert re.findall(r'<a href="/events/sccon/speakers/(\d+)/">([^<]*)</a>', html) == [
        (str(programme.ada.pk), "Ada Beispiel"),
        (str(programme.ben.pk), "Ben Muster"),
    ]
    assert f'href="/events/sccon/sessions/{programme.panel.pk}/calendar.ics"' in html


def test_booth_talk_page_names_the_exhibitor_and_booth(client, programme):
    html = client.get(f"/events/sccon/sessions/{programme.booth_talk.pk}/").content.decode()

    assert "Bundesministerium für Digitales</a> (Halle 25, booth 508)" in html


@pytest.mark.parametrize("which", ["draft", "unreleased"])
def test_session_page_of_unpublished_session_is_404(client, programme, which):
    session = getattr(programme, which)

    assert client.get(f"/events/sccon/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/events/sccon/sessions/{session.pk}/calendar.ics").status_code == 404


def test_session_calendar_is_the_feed_event_of_that_session(client, programme):
    response = client.get(f"/events/sccon/sessions/{programme.workshop.pk}/calendar.ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="sccon-session-{programme.workshop.pk}.ics"'
    assert len(events) == 1
    assert str(events[0]["uid"]) == session_ical_uid(guid=str(programme.workshop.guid))
    assert events[0].decoded("dtstart") == berlin(1, 14)
    assert events[0].decoded("dtend") == berlin(1, 15, 30)
    assert str(events[0]["location"]) == "Workshop 1, hub27"
    feed = icalendar.Calendar.from_ical(client.get("/api/v1/events/sccon/schedule.ics").content)
    (in_feed,) = [event for event in feed.walk("VEVENT") if event["uid"] == events[0]["uid"]]
    assert in_feed.to_ical() == events[0].to_ical()


def test_speaker_pages(client, programme):
    listing = client.get("/events/sccon/speakers/").content.decode()
    detail = client.get(f"/events/sccon/speakers/{programme.ada.pk}/")

    assert re.findall(r'<a href="/events/sccon/speakers/\d+/">([^<]*)</a>', listing) == ["Ada Beispiel", "Ben Muster"]
    assert "<h1>Ada Beispiel</h1>" in detail.content.decode()
    assert titles(detail) == ["Digital twins in practice", "Open source in public administration"]


def test_speaker_without_published_session_has_no_page(client, programme):
    silent = factories.SpeakerFactory(convention=programme.convention, name="Not on stage")

    assert client.get(f"/events/sccon/speakers/{silent.pk}/").status_code == 404


def test_exhibitor_directory_shows_booth_public_materials_and_booth_talks(client, programme):
    html = client.get("/events/sccon/exhibitors/?lang=de").content.decode()

    assert '<li class="card" id="exhibitor-bmdv">' in html
    assert '<p class="booth">Halle 25, Stand 508</p>' in html
    assert "Der Stand des Bundes." in html
    assert "Onlinezugangsgesetz explained" in html
    assert "Internal price list" not in html
    assert f'href="/events/sccon/sessions/{programme.booth_talk.pk}/?lang=de">Der Bund am Stand 508</a>' in html


def _released_sessions(convention, count: int) -> None:
    room = factories.RoomFactory(convention=convention)
    track = factories.TrackFactory(convention=convention)
    for index in range(count):
        session = factories.SessionFactory(
            convention=convention, room=room, track=track, start=berlin(0, 9 + index), end=berlin(0, 9 + index, 45)
        )
        factories.SessionSpeakerFactory(session=session)
    release_schedule(convention=convention)


@pytest.mark.parametrize("count", [1, 3])
def test_programme_page_queries_do_not_grow_with_sessions(client, convention, count):
    _released_sessions(convention, count)

    with CaptureQueriesContext(connection) as cold:
        response = client.get("/events/sccon/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/events/sccon/")

    assert len(titles(response)) == count
    assert len(cold) == 2  # latest release version, then its snapshot
    assert len(warm) == 0  # latest release version and the page both come from the cache


@pytest.mark.parametrize("count", [1, 3])
def test_exhibitor_directory_queries_do_not_grow_with_exhibitors(client, convention, count):
    _released_sessions(convention, 1)
    for _index in range(count):
        exhibitor = factories.ExhibitorFactory(convention=convention)
        factories.BoothFactory(exhibitor=exhibitor)
        ExhibitorMaterial.objects.create(exhibitor=exhibitor, title="Flyer", url="https://example.org/flyer")

    client.get("/events/sccon/exhibitors/")  # parses the release once per process
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get("/events/sccon/exhibitors/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/events/sccon/exhibitors/")

    assert response.content.decode().count('<li class="card"') == count
    assert len(cold) == 5  # convention, halls, exhibitors with booths, public materials, latest release
    assert len(warm) == 1  # convention; the page comes from the cache


def exhibitor_names(response) -> list[str]:
    pattern = r'<li class="card" id="exhibitor-[^"]*">\s*<h2><a [^>]*>([^<]*)</a></h2>'
    return re.findall(pattern, response.content.decode())


def test_exhibitor_directory_search_and_hall_filter(client, programme):
    halle25 = programme.ministry.booth.hall
    other = factories.ExhibitorFactory(convention=programme.convention, name="Stadtwerke Beispiel", slug="swb")
    factories.BoothFactory(
        exhibitor=other, hall=factories.HallFactory(convention=programme.convention, name="Halle 26", position=2)
    )

    assert exhibitor_names(client.get("/events/sccon/exhibitors/")) == [
        "Bundesministerium für Digitales",
        "Stadtwerke Beispiel",
    ]
    assert exhibitor_names(client.get("/events/sccon/exhibitors/?q=stadtwerke")) == ["Stadtwerke Beispiel"]
    assert exhibitor_names(client.get(f"/events/sccon/exhibitors/?hall={halle25.pk}")) == [
        "Bundesministerium für Digitales"
    ]
    assert client.get("/events/sccon/exhibitors/?hall=nine").status_code == 400


def test_exhibitor_directory_of_unknown_convention_is_404(client, db):
    assert client.get("/events/nowhere/exhibitors/").status_code == 404


def test_made_up_query_parameters_share_the_cached_page(client, programme):
    first = client.get("/events/sccon/?utm_source=newsletter")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/events/sccon/?utm_source=poster&x=1")

    assert second["ETag"] == first["ETag"]
    assert len(queries) == 0
    assert "utm_source" not in second.content.decode()
