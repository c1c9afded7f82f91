from events.enums import SessionStatus
from events.services.publishing import build_programme_snapshot
from tests import factories


def test_snapshot_contains_only_confirmed_scheduled_sessions(convention):
    published = factories.SessionFactory(convention=convention)
    factories.SessionFactory(convention=convention, status=SessionStatus.DRAFT)
    factories.SessionFactory(convention=convention, room=None)
    factories.SessionFactory(convention=convention, status=SessionStatus.CANCELLED)

    snapshot = build_programme_snapshot(convention=convention)

    assert [session["guid"] for session in snapshot["sessions"]] == [str(published.guid)]


def test_snapshot_lists_speakers_of_published_sessions_without_email(convention):
    role = factories.SessionSpeakerFactory(session__convention=convention)
    factories.SpeakerFactory(convention=convention, name="Not on stage")

    snapshot = build_programme_snapshot(convention=convention)

    assert [speaker["name"] for speaker in snapshot["speakers"]] == [role.speaker.name]
    assert "email" not in snapshot["speakers"][0]
