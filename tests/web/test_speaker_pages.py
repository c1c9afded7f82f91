"""The speaker's own pages: the magic link, answers, profile, availability and material, and nobody else's page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from events.enums import SessionStatus, SpeakerRole, SpeakerState
from events.models import SessionMaterial, SessionSpeaker
from events.services import schedule, speakers
from tests import factories
from tests.factories import berlin

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SPEAKER_TEMPLATES = "templates/pages/speaker"


@pytest.fixture
def ada(convention):
    return factories.SpeakerFactory(convention=convention, name="Ada Lovelace", email="ada@example.org", language="en")


@pytest.fixture
def role(convention, ada):
    room = factories.RoomFactory(convention=convention, name="Stage 1")
    moderator = factories.SpeakerFactory(convention=convention, name="Grace Hopper", organization="Navy")
    session = schedule.create_session(
        convention=convention,
        title_en="Panel: data for everyone",
        room=room,
        start=berlin(0, 10),
        end=berlin(0, 11),
        status=SessionStatus.CONFIRMED,
        speakers=[(moderator, SpeakerRole.MODERATOR), (ada, SpeakerRole.PANELIST)],
    )
    return SessionSpeaker.objects.get(session=session, speaker=ada)


def signed_in(speaker) -> Client:
    client = Client()
    response = client.get(speakers.speaker_link_path(speaker))
    assert response.status_code == 302
    assert response["Location"] == f"/speaker/{speaker.guid}/"
    assert response["Referrer-Policy"] == "no-referrer"
    return client


def test_the_link_opens_the_page_with_sessions_and_line_up(role, ada):
    client = signed_in(ada)

    response = client.get(f"/speaker/{ada.guid}/")

    assert response.status_code == 200
    assert "private, no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Panel: data for everyone" in text
    assert "Moderation: Grace Hopper (Navy)" in re.sub(r"\s+", " ", text)
    assert "Invited" in text


def test_another_speakers_page_is_404_with_my_link(role, ada, convention):
    other = factories.SpeakerFactory(convention=convention)
    client = signed_in(ada)

    assert client.get(f"/speaker/{other.guid}/").status_code == 404
    assert client.get(f"/speaker/{other.guid}/profile/").status_code == 404
    assert client.get(f"/speaker/{other.guid}/?token={speakers.speaker_link_token(ada)}").status_code == 404
    assert Client().get(f"/speaker/{ada.guid}/").status_code == 404
    assert Client().get(f"/speaker/{ada.guid}/?token=wrong").status_code == 404


def test_a_speaker_cannot_answer_for_someone_elses_session(role, ada, convention):
    other = factories.SpeakerFactory(convention=convention)
    client = signed_in(other)
    other_role_url = f"/speaker/{other.guid}/sessions/{role.pk}/answer/"

    response = client.post(other_role_url, {"state": "declined"})

    assert response.status_code == 404
    role.refresh_from_db()
    assert role.state == SpeakerState.INVITED


def test_confirming_with_a_note(role, ada):
    client = signed_in(ada)

    response = client.post(
        f"/speaker/{ada.guid}/sessions/{role.pk}/answer/", {"state": "confirmed", "note": "Looking forward!"}
    )

    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.state, role.note) == (SpeakerState.CONFIRMED, "Looking forward!")
    page = client.get(response["Location"]).content.decode()
    assert "Thank you: you confirmed “Panel: data for everyone”." in page


def test_an_answer_without_choice_is_a_field_error(role, ada):
    client = signed_in(ada)

    response = client.post(f"/speaker/{ada.guid}/sessions/{role.pk}/answer/", {"note": "hm"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_profile_edit_with_photo(role, ada):
    from tests.uploads_helpers import image_bytes

    client = signed_in(ada)
    response = client.post(
        f"/speaker/{ada.guid}/profile/",
        {
            "name": "Ada King",
            "organization": "Analytical Engines",
            "job_title": "Countess",
            "bio_de": "Mathematikerin.",
            "bio_en": "Mathematician.",
            "language": "en",
            "photo": SimpleUploadedFile("me.jpg", image_bytes("JPEG", (1000, 500))),
        },
    )

    assert response.status_code == 302
    ada.refresh_from_db()
    assert (ada.name, ada.job_title, ada.bio_en) == ("Ada King", "Countess", "Mathematician.")
    assert ada.photo.name.startswith("speaker-photos/")
    assert client.get(speakers.photo_link(ada).removeprefix("http://localhost:8000")).status_code == 200


def test_a_photo_that_is_no_image_is_a_field_error(role, ada):
    client = signed_in(ada)
    response = client.post(
        f"/speaker/{ada.guid}/profile/",
        {"name": "Ada", "language": "en", "photo": SimpleUploadedFile("me.jpg", PDF)},
    )

    assert response.status_code == 400
    assert "This type of file cannot be uploaded." in response.content.decode()
    ada.refresh_from_db()
    assert not ada.photo


def test_availability_is_added_in_the_conventions_time_and_removed(role, ada):
    client = signed_in(ada)

    response = client.post(
        f"/speaker/{ada.guid}/availability/", {"start": "2025-09-30T09:00", "end": "2025-09-30T12:00", "note": "Flug"}
    )
    assert response.status_code == 302
    (span,) = ada.unavailabilities.all()
    assert (span.start, span.end) == (berlin(0, 9), berlin(0, 12))

    backwards = client.post(
        f"/speaker/{ada.guid}/availability/", {"start": "2025-09-30T12:00", "end": "2025-09-30T09:00"}
    )
    assert backwards.status_code == 400
    assert "The end must be after the start." in backwards.content.decode()

    client.post(f"/speaker/{ada.guid}/availability/{span.pk}/remove/")
    assert not ada.unavailabilities.exists()


def test_availability_of_a_tokyo_convention_is_read_in_tokyo_time(convention, ada):
    convention.time_zone = "Asia/Tokyo"
    convention.save(update_fields=["time_zone"])
    client = signed_in(ada)

    # 02:30 on 30 March 2025 does not exist in Berlin (clocks jump to 03:00); in Tokyo it is an ordinary time.
    response = client.post(
        f"/speaker/{ada.guid}/availability/", {"start": "2025-03-30T02:30", "end": "2025-03-30T09:00", "note": ""}
    )

    assert response.status_code == 302
    (span,) = ada.unavailabilities.all()
    assert (span.start.isoformat(), span.end.isoformat()) == ("2025-03-29T17:30:00+00:00", "2025-03-30T00:00:00+00:00")


def test_uploading_slides_for_a_session(role, ada):
    client = signed_in(ada)

    response = client.post(
        f"/speaker/{ada.guid}/sessions/{role.pk}/material/",
        {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf")},
    )

    assert response.status_code == 302
    (material,) = SessionMaterial.objects.all()
    assert (material.session_id, material.speaker_id, material.is_published) == (role.session_id, ada.pk, True)
    page = client.get(f"/speaker/{ada.guid}/").content.decode()
    assert "goes to attendees after the session" in page


def test_a_link_and_a_file_together_are_refused(role, ada):
    client = signed_in(ada)

    response = client.post(
        f"/speaker/{ada.guid}/sessions/{role.pk}/material/",
        {"url": "https://example.org/s", "file": SimpleUploadedFile("slides.pdf", PDF)},
    )

    assert response.status_code == 400
    assert SessionMaterial.objects.count() == 0


def test_pages_speak_german_for_a_german_speaker(role, convention):
    grete = factories.SpeakerFactory(convention=convention, language="de")
    schedule.update_session(session=role.session, speakers=[(grete, SpeakerRole.SPEAKER)])
    client = signed_in(grete)

    for path in ("", "profile/", "availability/"):
        text = client.get(f"/speaker/{grete.guid}/{path}").content.decode()
        assert "Ihre Programmpunkte" in text
        assert "Your sessions" not in text


def test_every_speaker_page_string_has_a_german_text():
    from pathlib import Path

    from django.conf import settings

    pattern = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
    texts = [
        match.group(2)
        for path in sorted((Path(settings.BASE_DIR) / SPEAKER_TEMPLATES).glob("*.html"))
        for match in pattern.finditer(path.read_text())
    ]
    with translation.override("de"):
        assert [text for text in texts if translation.gettext(text) == text and text not in ("Name", "Link")] == []


def test_the_new_bio_shows_on_the_public_session_page_after_the_next_release(role, ada, convention):
    from events.services.publishing import release_schedule

    client = signed_in(ada)
    client.post(
        f"/speaker/{ada.guid}/profile/",
        {
            "name": "Ada Lovelace",
            "bio_en": "Wrote the first program.",
            "bio_de": "Schrieb das erste Programm.",
            "language": "en",
        },
    )
    release_schedule(convention=convention)

    page = Client().get(f"/events/{convention.slug}/sessions/{role.session_id}/?lang=en").content.decode()
    assert "Wrote the first program." in page
    assert "ada@example.org" not in page
