"""The organizers' API shows each speaker's answers and sends an invitation again."""

from events.enums import SpeakerRole, SpeakerState
from events.models import OutboundMessage, SessionSpeaker
from events.services import schedule, speakers
from tests import factories


def test_speaker_shows_sessions_with_answers_and_resends(organizer_client, convention):
    session = schedule.create_session(convention=convention, title_en="Panel")
    ada = factories.SpeakerFactory(convention=convention, email="ada@example.org", job_title="Countess")
    schedule.update_session(session=session, speakers=[(ada, SpeakerRole.PANELIST)])
    role = SessionSpeaker.objects.get(session=session)
    speakers.answer_session(role=role, state=SpeakerState.DECLINED, note="Travelling")
    path = f"/api/v1/manage/events/{convention.slug}/speakers/{ada.pk}/"

    body = organizer_client.get(path).json()

    assert body["job_title"] == "Countess"
    assert [(item["session_id"], item["role"], item["state"], item["note"]) for item in body["sessions"]] == [
        (session.pk, "panelist", "declined", "Travelling")
    ]
    answer = organizer_client.post(path + "resend-invitation/", {"session_id": session.pk}, format="json")
    assert (answer.status_code, answer.json()) == (200, {"queued": True})
    assert OutboundMessage.objects.filter(kind="speaker_invitation").count() == 2
    missing = organizer_client.post(path + "resend-invitation/", {"session_id": 999999}, format="json")
    assert missing.status_code == 404
