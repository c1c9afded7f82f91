"""The live session endpoints carry the session's version; a change based on an older one is refused."""

import pytest

from events.models import Session
from tests import factories
from tests.factories import berlin

BASE = "/api/v1/manage/events/sccon"


@pytest.fixture
def session(convention):
    return factories.SessionFactory(convention=convention, title_en="Digital twins", start=berlin(0, 10))


def test_session_answers_with_its_version_and_each_change_raises_it(organizer_client, session):
    assert organizer_client.get(f"{BASE}/sessions/{session.pk}/").json()["version"] == 1

    moved = organizer_client.patch(
        f"{BASE}/sessions/{session.pk}/",
        {"start": "2025-09-30T11:00:00+02:00", "end": "2025-09-30T11:45:00+02:00", "version": 1},
        format="json",
    )

    assert moved.status_code == 200, moved.json()
    assert (moved.json()["start"], moved.json()["version"]) == ("2025-09-30T11:00:00+02:00", 2)


def test_change_from_an_older_version_is_stale_edit_with_the_current_state(organizer_client, session):
    first = organizer_client.patch(
        f"{BASE}/sessions/{session.pk}/", {"title_en": "Renamed first", "version": 1}, format="json"
    )
    assert first.status_code == 200

    second = organizer_client.patch(
        f"{BASE}/sessions/{session.pk}/",
        {"start": "2025-09-30T14:00:00+02:00", "end": "2025-09-30T14:45:00+02:00", "version": 1},
        format="json",
    )

    assert second.status_code == 409
    body = second.json()
    assert (body["code"], body["current_version"]) == ("stale_edit", 2)
    assert body["message"].startswith("Someone else changed this session in the meantime.")
    assert (body["current"]["title_en"], body["current"]["start"], body["current"]["version"]) == (
        "Renamed first",
        "2025-09-30T10:00:00+02:00",
        2,
    )
    saved = Session.objects.get(pk=session.pk)
    assert (saved.start, saved.version) == (berlin(0, 10), 2)


def test_cancelling_from_an_older_version_is_stale_edit(organizer_client, session):
    organizer_client.patch(f"{BASE}/sessions/{session.pk}/", {"title_en": "Renamed"}, format="json")

    refused = organizer_client.delete(f"{BASE}/sessions/{session.pk}/?version=1")
    cancelled = organizer_client.delete(f"{BASE}/sessions/{session.pk}/?version=2")

    assert (refused.status_code, refused.json()["code"]) == (409, "stale_edit")
    assert (cancelled.status_code, cancelled.json()["status"], cancelled.json()["version"]) == (200, "cancelled", 3)


@pytest.mark.parametrize("version", ["0", "x", "99999999999"])
def test_malformed_version_is_refused(organizer_client, session, version):
    assert organizer_client.delete(f"{BASE}/sessions/{session.pk}/?version={version}").status_code == 400
    assert (
        organizer_client.patch(f"{BASE}/sessions/{session.pk}/", {"version": version}, format="json").status_code == 400
    )
    assert Session.objects.get(pk=session.pk).status == "confirmed"
