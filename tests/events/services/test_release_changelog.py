import pytest

from events.enums import SessionStatus
from events.models import ScheduleRelease
from events.services.publishing import build_programme_snapshot, release_schedule
from events.services.schedule import cancel_session, create_session, update_session
from tests import factories
from tests.factories import berlin


@pytest.fixture
def rooms(convention):
    return (
        factories.RoomFactory(convention=convention, name="Stage 1"),
        factories.RoomFactory(convention=convention, name="Stage 2"),
    )


def _confirmed(convention, title, room, start, end):
    return create_session(
        convention=convention, title_en=title, room=room, start=start, end=end, status=SessionStatus.CONFIRMED
    )


def test_first_release_lists_every_published_session_as_new(convention, rooms):
    session = _confirmed(convention, "Opening keynote", rooms[0], berlin(0, 9), berlin(0, 10))

    release = release_schedule(convention=convention, comment="first programme")

    assert (release.version, release.comment) == (1, "first programme")
    assert release.changelog == {
        "previous_version": None,
        "new": [
            {
                "id": session.pk,
                "guid": str(session.guid),
                "title": "Opening keynote",
                "start": "2025-09-30T07:00:00+00:00",
                "end": "2025-09-30T08:00:00+00:00",
                "room_id": rooms[0].pk,
                "room": "Stage 1",
            }
        ],
        "moved": [],
        "cancelled": [],
        "changed": [],
    }


def test_changelog_after_moving_cancelling_removing_and_adding_is_exact(convention, rooms):
    stage_1, stage_2 = rooms
    moved = _confirmed(convention, "Digital twins", stage_1, berlin(0, 10), berlin(0, 11))
    cancelled = _confirmed(convention, "Financing", stage_1, berlin(0, 11), berlin(0, 12))
    unpublished = _confirmed(convention, "Pilot to operation", stage_2, berlin(0, 10), berlin(0, 11))
    deleted = _confirmed(convention, "Open data", stage_2, berlin(1, 10), berlin(1, 11))
    renamed = _confirmed(convention, "Smart city", stage_2, berlin(1, 12), berlin(1, 13))
    _confirmed(convention, "Unchanged", stage_1, berlin(2, 10), berlin(2, 11))
    release_schedule(convention=convention)

    update_session(session=moved, room=stage_2, start=berlin(1, 14), end=berlin(1, 15))
    cancel_session(session=cancelled)
    update_session(session=unpublished, status=SessionStatus.DRAFT)
    deleted_id, deleted_guid = deleted.pk, str(deleted.guid)
    deleted.delete()
    update_session(session=renamed, title_en="Smart region")
    added = _confirmed(convention, "Communication", stage_1, berlin(0, 10), berlin(0, 11))
    _confirmed(convention, "Not yet", stage_1, berlin(0, 14), berlin(0, 15)).delete()
    create_session(convention=convention, title_en="Draft only", room=stage_1, start=berlin(0, 16), end=berlin(0, 17))

    release = release_schedule(convention=convention)

    assert release.changelog == {
        "previous_version": 1,
        "new": [
            {
                "id": added.pk,
                "guid": str(added.guid),
                "title": "Communication",
                "start": "2025-09-30T08:00:00+00:00",
                "end": "2025-09-30T09:00:00+00:00",
                "room_id": stage_1.pk,
                "room": "Stage 1",
            }
        ],
        "moved": [
            {
                "id": moved.pk,
                "guid": str(moved.guid),
                "title": "Digital twins",
                "old": {
                    "start": "2025-09-30T08:00:00+00:00",
                    "end": "2025-09-30T09:00:00+00:00",
                    "room_id": stage_1.pk,
                    "room": "Stage 1",
                },
                "new": {
                    "start": "2025-10-01T12:00:00+00:00",
                    "end": "2025-10-01T13:00:00+00:00",
                    "room_id": stage_2.pk,
                    "room": "Stage 2",
                },
            }
        ],
        "cancelled": [
            {
                "id": unpublished.pk,
                "guid": str(unpublished.guid),
                "title": "Pilot to operation",
                "start": "2025-09-30T08:00:00+00:00",
                "end": "2025-09-30T09:00:00+00:00",
                "room_id": stage_2.pk,
                "room": "Stage 2",
                "reason": "removed",
            },
            {
                "id": cancelled.pk,
                "guid": str(cancelled.guid),
                "title": "Financing",
                "start": "2025-09-30T09:00:00+00:00",
                "end": "2025-09-30T10:00:00+00:00",
                "room_id": stage_1.pk,
                "room": "Stage 1",
                "reason": "cancelled",
            },
            {
                "id": deleted_id,
                "guid": deleted_guid,
                "title": "Open data",
                "start": "2025-10-01T08:00:00+00:00",
                "end": "2025-10-01T09:00:00+00:00",
                "room_id": stage_2.pk,
                "room": "Stage 2",
                "reason": "removed",
            },
        ],
        "changed": [{"id": renamed.pk, "guid": str(renamed.guid), "title": "Smart region", "fields": ["title_en"]}],
    }


def test_release_without_changes_has_an_empty_changelog(convention, rooms):
    _confirmed(convention, "Keynote", rooms[0], berlin(0, 9), berlin(0, 10))
    release_schedule(convention=convention)

    release = release_schedule(convention=convention)

    assert release.changelog == {"previous_version": 1, "new": [], "moved": [], "cancelled": [], "changed": []}


def test_release_stores_the_warnings_at_release_time(convention, rooms):
    roomless = factories.SessionFactory(convention=convention, title_en="Roomless", room=None)

    roomless_id = roomless.pk

    release = release_schedule(convention=convention)
    roomless.delete()

    assert ScheduleRelease.objects.get(pk=release.pk).warnings == [
        {
            "code": "missing_room_or_time",
            "message": "“Roomless” is confirmed but has no room yet.",
            "session_id": roomless_id,
            "missing": ["room"],
        }
    ]


def test_release_snapshot_keeps_its_documented_shape_and_adds_opening_hours(convention, rooms):
    _confirmed(convention, "Keynote", rooms[0], berlin(0, 9), berlin(0, 10))

    snapshot = build_programme_snapshot(convention=convention)

    assert sorted(snapshot) == ["convention", "halls", "opening_hours", "rooms", "sessions", "speakers", "tracks"]
    assert snapshot["opening_hours"] == [
        {"date": "2025-09-30", "opens_at": "09:00", "closes_at": "18:00"},
        {"date": "2025-10-01", "opens_at": "09:00", "closes_at": "18:00"},
        {"date": "2025-10-02", "opens_at": "09:00", "closes_at": "18:00"},
    ]


def test_calendar_fan_out_is_enqueued_once_after_the_release_commits(
    convention, monkeypatch, django_capture_on_commit_callbacks
):
    from events import tasks

    enqueued = []
    monkeypatch.setattr(
        tasks.fan_out_release_updates, "apply_async", lambda *, kwargs, **options: enqueued.append(kwargs)
    )

    with django_capture_on_commit_callbacks(execute=True):
        release = release_schedule(convention=convention)
        assert enqueued == []

    assert enqueued == [{"release_id": release.pk}]
