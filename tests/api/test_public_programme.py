"""The public programme API reads the latest schedule release, never the live tables."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.serializers.conventions import PublicConventionSerializer
from api.serializers.sessions import PublicSessionSerializer
from events.enums import Language, SessionFormat, SessionStatus, SpeakerRole
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin


def count_queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries), response


@pytest.fixture
def programme(convention):
    """A released programme: a keynote on day 1 and a German panel on day 2 with a moderator."""
    hall = factories.HallFactory(convention=convention, name="hub27")
    stage = factories.RoomFactory(convention=convention, hall=hall, name="Stage 1")
    workshop = factories.RoomFactory(convention=convention, hall=hall, name="Workshop A", capacity=30)
    twins = factories.TrackFactory(convention=convention, name_de="Digitale Zwillinge", name_en="Digital twins")
    data = factories.TrackFactory(convention=convention, name_de="Datenplattformen", name_en="Data platforms")
    keynote = factories.SessionFactory(
        convention=convention,
        title_en="Opening keynote",
        title_de="Eröffnung",
        abstract_en="Why cities need open urban data platforms.",
        format=SessionFormat.KEYNOTE,
        language=Language.ENGLISH,
        room=stage,
        track=data,
        start=berlin(0, 10),
        end=berlin(0, 11),
    )
    panel = factories.SessionFactory(
        convention=convention,
        title_en="Twins in practice",
        title_de="Zwillinge in der Praxis",
        format=SessionFormat.PANEL,
        language=Language.GERMAN,
        room=workshop,
        track=twins,
        start=berlin(1, 0, 30),  # 00:30 Berlin on 1 Oct is still 30 Sep in UTC
        end=berlin(1, 1, 30),
    )
    mayor = factories.SpeakerFactory(convention=convention, name="Dana Bürgermeisterin", email="dana@city.example")
    host = factories.SpeakerFactory(convention=convention, name="Kai Moderator", email="kai@city.example")
    factories.SessionSpeakerFactory(session=keynote, speaker=mayor, role=SpeakerRole.SPEAKER)
    factories.SessionSpeakerFactory(session=panel, speaker=mayor, role=SpeakerRole.PANELIST, position=1)
    factories.SessionSpeakerFactory(session=panel, speaker=host, role=SpeakerRole.MODERATOR, position=0)
    release = release_schedule(convention=convention)
    return {
        "hall": hall,
        "stage": stage,
        "workshop": workshop,
        "twins": twins,
        "data": data,
        "keynote": keynote,
        "panel": panel,
        "mayor": mayor,
        "host": host,
        "release": release,
    }


def session_titles(response) -> list[str]:
    return [session["title_en"] for session in response.json()["results"]]


def test_event_list_shows_public_conventions_with_a_release(api_client, programme, convention):
    factories.ConventionFactory(slug="unreleased")
    hidden = factories.ConventionFactory(slug="hidden", is_public=False)
    release_schedule(convention=hidden)

    response = api_client.get("/api/v1/events/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": convention.pk,
            "slug": "sccon",
            "acronym": "sccon2025",
            "name": "Smart Country Convention 2025",
            "venue": "Messe Berlin",
            "city": "Berlin",
            "start_date": "2025-09-30",
            "end_date": "2025-10-02",
            "time_zone": "Europe/Berlin",
            "languages": ["de", "en"],
            "website": "",
            "release": {"version": 1, "released_at": programme["release"].released_at.isoformat()},
        }
    ]


def test_event_detail_reads_the_latest_release_not_live_data(api_client, programme, convention):
    convention.name = "Renamed but not released"
    convention.save()

    response = api_client.get("/api/v1/events/sccon/")

    assert response.status_code == 200
    assert response.json()["name"] == "Smart Country Convention 2025"
    assert response.json()["release"]["version"] == 1


def test_unknown_slug_answers_not_found(api_client, db):
    response = api_client.get("/api/v1/events/no-such-convention/sessions/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["", "sessions/", "speakers/", "rooms/", "tracks/", "exhibitors/"])
def test_convention_without_release_is_not_found(api_client, convention, path):
    factories.SessionFactory(convention=convention)

    response = api_client.get(f"/api/v1/events/sccon/{path}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_sessions_list_expands_room_hall_track_and_speakers(api_client, programme):
    response = api_client.get("/api/v1/events/sccon/sessions/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    keynote = body["results"][0]
    assert keynote == {
        "id": programme["keynote"].pk,
        "guid": str(programme["keynote"].guid),
        "title_de": "Eröffnung",
        "title_en": "Opening keynote",
        "abstract_de": "",
        "abstract_en": "Why cities need open urban data platforms.",
        "format": "keynote",
        "language": "en",
        "start": "2025-09-30T10:00:00+02:00",
        "end": "2025-09-30T11:00:00+02:00",
        "capacity": None,
        "room": {
            "id": programme["stage"].pk,
            "name": "Stage 1",
            "kind": "stage",
            "capacity": 200,
            "hall": {"id": programme["hall"].pk, "name": "hub27"},
        },
        "track": {
            "id": programme["data"].pk,
            "name_de": "Datenplattformen",
            "name_en": "Data platforms",
            "color": "#1f6feb",
        },
        "exhibitor_id": None,
        "speakers": [
            {
                "id": programme["mayor"].pk,
                "name": "Dana Bürgermeisterin",
                "organization": "City of Example",
                "photo_url": "",
                "role": "speaker",
            }
        ],
    }
    # The documented schema describes exactly what is sent.
    assert PublicSessionSerializer(keynote).data == keynote


def test_public_responses_never_contain_speaker_emails(api_client, programme):
    urls = [
        "/api/v1/events/sccon/sessions/",
        f"/api/v1/events/sccon/sessions/{programme['panel'].pk}/",
        "/api/v1/events/sccon/speakers/",
        f"/api/v1/events/sccon/speakers/{programme['mayor'].pk}/",
    ]
    for url in urls:
        response = api_client.get(url)
        assert response.status_code == 200
        assert "@city.example" not in response.content.decode()
        assert '"email"' not in response.content.decode()


def test_sessions_list_ignores_unreleased_changes(api_client, programme, convention):
    factories.SessionFactory(convention=convention, title_en="Added after release", room=programme["stage"])
    programme["keynote"].title_en = "Renamed after release"
    programme["keynote"].save()

    response = api_client.get("/api/v1/events/sccon/sessions/")

    assert session_titles(response) == ["Opening keynote", "Twins in practice"]


def test_sessions_list_shows_the_newest_release(api_client, programme, convention):
    programme["keynote"].status = SessionStatus.CANCELLED
    programme["keynote"].save()
    release_schedule(convention=convention)

    response = api_client.get("/api/v1/events/sccon/sessions/")

    assert session_titles(response) == ["Twins in practice"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("day=2025-09-30", ["Opening keynote"]),
        ("day=2025-10-01", ["Twins in practice"]),  # local day in Europe/Berlin, not the UTC date
        ("day=2025-10-02", []),
        ("format=panel", ["Twins in practice"]),
        ("format=workshop", []),
        ("language=en", ["Opening keynote"]),
        ("language=de", ["Twins in practice"]),
        ("q=URBAN DATA", ["Opening keynote"]),  # English abstract, case-insensitive
        ("q=praxis", ["Twins in practice"]),  # German title
        ("q=moderator", ["Twins in practice"]),  # speaker name
        ("q=bürgermeisterin", ["Opening keynote", "Twins in practice"]),
        ("q=nothing-like-this", []),
        ("day=2025-10-01&language=en", []),
    ],
)
def test_sessions_list_filters(api_client, programme, query, titles):
    response = api_client.get(f"/api/v1/events/sccon/sessions/?{query}")

    assert response.status_code == 200
    assert session_titles(response) == titles
    assert response.json()["count"] == len(titles)


def test_sessions_list_filters_by_track_and_room_id(api_client, programme):
    by_track = api_client.get(f"/api/v1/events/sccon/sessions/?track={programme['twins'].pk}")
    by_room = api_client.get(f"/api/v1/events/sccon/sessions/?room={programme['stage'].pk}")
    by_other_room = api_client.get("/api/v1/events/sccon/sessions/?room=999999")

    assert session_titles(by_track) == ["Twins in practice"]
    assert session_titles(by_room) == ["Opening keynote"]
    assert session_titles(by_other_room) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("day=30.09.2025", "day"),
        ("day=2025-02-30", "day"),
        ("track=abc", "track"),
        ("track=-1", "track"),
        ("room=1.5", "room"),
        ("room=99999999999999999999", "room"),
        ("format=concert", "format"),
        ("language=fr", "language"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_malformed_session_filters_answer_invalid_filter(api_client, programme, query, field):
    response = api_client.get(f"/api/v1/events/sccon/sessions/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filter"
    assert body["message"].startswith(f"{field}: ")
    assert list(body["fields"]) == [field]


def test_sessions_list_is_paginated(api_client, programme):
    first = api_client.get("/api/v1/events/sccon/sessions/?page_size=1")
    second = api_client.get("/api/v1/events/sccon/sessions/?page_size=1&page=2")
    beyond = api_client.get("/api/v1/events/sccon/sessions/?page_size=1&page=3")

    assert (first.json()["count"], session_titles(first)) == (2, ["Opening keynote"])
    assert session_titles(second) == ["Twins in practice"]
    assert first.json()["next"].endswith("page=2&page_size=1")
    assert beyond.status_code == 404
    assert beyond.json()["code"] == "not_found"


def test_session_detail_lists_line_up_in_order(api_client, programme):
    response = api_client.get(f"/api/v1/events/sccon/sessions/{programme['panel'].pk}/")

    assert response.status_code == 200
    assert [(s["name"], s["role"]) for s in response.json()["speakers"]] == [
        ("Kai Moderator", "moderator"),
        ("Dana Bürgermeisterin", "panelist"),
    ]
    assert response.json()["room"]["hall"] == {"id": programme["hall"].pk, "name": "hub27"}


@pytest.mark.parametrize("session_id", ["999999", "abc", "-1", "1e3", "²", "9" * 30])
def test_unknown_session_id_answers_not_found(api_client, programme, session_id):
    response = api_client.get(f"/api/v1/events/sccon/sessions/{session_id}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unreleased_session_is_not_found(api_client, programme, convention):
    draft = factories.SessionFactory(convention=convention, status=SessionStatus.DRAFT)

    response = api_client.get(f"/api/v1/events/sccon/sessions/{draft.pk}/")

    assert response.status_code == 404


def test_speakers_list_and_detail_with_sessions(api_client, programme):
    listing = api_client.get("/api/v1/events/sccon/speakers/")
    detail = api_client.get(f"/api/v1/events/sccon/speakers/{programme['mayor'].pk}/")
    unknown = api_client.get("/api/v1/events/sccon/speakers/999999/")

    assert [s["name"] for s in listing.json()["results"]] == ["Dana Bürgermeisterin", "Kai Moderator"]
    assert listing.json()["results"][0] == {
        "id": programme["mayor"].pk,
        "guid": str(programme["mayor"].guid),
        "name": "Dana Bürgermeisterin",
        "organization": "City of Example",
        "bio_de": "",
        "bio_en": "",
        "photo_url": "",
    }
    assert [s["title_en"] for s in detail.json()["sessions"]] == ["Opening keynote", "Twins in practice"]
    assert detail.json()["sessions"][1]["room"]["name"] == "Workshop A"
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"


def test_rooms_and_tracks_lists(api_client, programme):
    rooms = api_client.get("/api/v1/events/sccon/rooms/")
    tracks = api_client.get("/api/v1/events/sccon/tracks/")

    assert [(r["name"], r["hall"]["name"], r["capacity"]) for r in rooms.json()] == [
        ("Stage 1", "hub27", 200),
        ("Workshop A", "hub27", 30),
    ]
    assert [t["name_en"] for t in tracks.json()] == ["Digital twins", "Data platforms"]


def test_event_list_item_matches_documented_schema(api_client, programme):
    item = api_client.get("/api/v1/events/").json()["results"][0]

    assert PublicConventionSerializer(item).data == item


def test_warm_reads_of_a_release_cost_one_query(api_client, programme):
    cold, _ = count_queries(api_client, "/api/v1/events/sccon/sessions/")
    warm, _ = count_queries(api_client, "/api/v1/events/sccon/sessions/?q=twins")

    assert (cold, warm) == (2, 1)


def _programme_with(convention, items: int) -> None:
    hall = factories.HallFactory(convention=convention)
    track = factories.TrackFactory(convention=convention)
    for index in range(items):
        room = factories.RoomFactory(convention=convention, hall=hall)
        session = factories.SessionFactory(
            convention=convention, room=room, track=track, start=berlin(0, 9 + index), end=berlin(0, 9 + index, 45)
        )
        factories.SessionSpeakerFactory(session=session)
    release_schedule(convention=convention)


@pytest.mark.parametrize(
    "path", ["sessions/", "speakers/", "rooms/", "tracks/", "sessions/?q=session&day=2025-09-30", ""]
)
def test_public_reads_query_count_does_not_grow_with_items(api_client, path, db):
    counts = {}
    for items in (1, 5):
        convention = factories.ConventionFactory(slug=f"size-{items}")
        _programme_with(convention, items)
        counts[items], response = count_queries(api_client, f"/api/v1/events/size-{items}/{path}")
        if path.startswith("sessions/"):
            assert response.json()["count"] == items

    assert counts[1] == counts[5]


def test_event_list_query_count_does_not_grow_with_conventions(api_client, db):
    counts = {}
    for items in (1, 5):
        for index in range(items if items == 1 else 4):
            convention = factories.ConventionFactory(slug=f"conv-{items}-{index}")
            factories.SessionFactory(convention=convention)
            release_schedule(convention=convention)
            release_schedule(convention=convention, comment="second release")
        counts[items], response = count_queries(api_client, "/api/v1/events/")
        assert response.json()["count"] == items
        assert {item["release"]["version"] for item in response.json()["results"]} == {2}

    assert counts[1] == counts[5] == 2


def test_day_filter_uses_the_conventions_time_zone(api_client, db):
    convention = factories.ConventionFactory(slug="nyc", time_zone="America/New_York")
    factories.SessionFactory(
        convention=convention,
        title_en="Evening in New York",
        start=dt.datetime(2025, 10, 1, 1, 0, tzinfo=dt.UTC),
        end=dt.datetime(2025, 10, 1, 2, 0, tzinfo=dt.UTC),
    )
    release_schedule(convention=convention)

    response = api_client.get("/api/v1/events/nyc/sessions/?day=2025-09-30")

    assert session_titles(response) == ["Evening in New York"]
