"""The organizers' speakers page: the list with answers, adding a speaker to a session, resending, review."""

import pytest

from events.enums import SessionStatus, SpeakerRole, SpeakerState, TeamRole
from events.models import OutboundMessage, SessionMaterial, SessionSpeaker, Speaker
from events.services import schedule, speakers
from tests import factories
from tests.factories import berlin


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage 1")


@pytest.fixture
def panel(convention, stage):
    return schedule.create_session(
        convention=convention,
        title_en="Panel: data for everyone",
        room=stage,
        start=berlin(0, 10),
        end=berlin(0, 11),
        status=SessionStatus.CONFIRMED,
    )


def member(client, convention, role, **scope):
    client.force_login(factories.team_member(convention, role, **scope))
    return client


def add(client, panel, **fields):
    body = {"session": panel.pk, "name": "Ada Lovelace", "email": "ada@example.org", "language": "en",
            "role": SpeakerRole.PANELIST, **fields}  # fmt: skip
    return client.post("/organize/sccon/speakers/add/?lang=en", body)


def test_organizer_adds_a_new_speaker_who_is_invited(client, convention, panel):
    response = add(member(client, convention, TeamRole.ORGANIZER), panel)

    assert response.status_code == 302
    role = SessionSpeaker.objects.get(session=panel)
    assert (role.speaker.name, role.role, role.state) == ("Ada Lovelace", SpeakerRole.PANELIST, SpeakerState.INVITED)
    (message,) = OutboundMessage.objects.filter(kind="speaker_invitation")
    assert message.recipient == "ada@example.org"
    page = client.get(response["Location"]).content.decode()
    assert "the invitation is on its way to ada@example.org" in page
    assert "Invited" in page


def test_adding_an_existing_speaker_keeps_the_others(client, convention, panel):
    grace = factories.SpeakerFactory(convention=convention, name="Grace")
    schedule.update_session(session=panel, speakers=[(grace, SpeakerRole.MODERATOR)])
    ada = factories.SpeakerFactory(convention=convention, name="Ada")

    add(member(client, convention, TeamRole.OWNER), panel, speaker=ada.pk, name="")

    assert list(panel.session_speakers.values_list("speaker__name", "role")) == [
        ("Grace", SpeakerRole.MODERATOR),
        ("Ada", SpeakerRole.PANELIST),
    ]


def test_the_form_says_what_is_missing(client, convention, panel):
    response = add(member(client, convention, TeamRole.ORGANIZER), panel, name="")

    assert response.status_code == 400
    assert "Choose a speaker or enter the name of a new one." in response.content.decode()
    assert not Speaker.objects.exists()


def test_read_only_members_see_the_list_but_add_nothing(client, convention, panel):
    member(client, convention, TeamRole.READONLY)

    assert client.get("/organize/sccon/speakers/").status_code == 200
    assert add(client, panel).status_code == 403
    assert not Speaker.objects.exists()


def test_a_curator_adds_speakers_only_inside_their_scope(client, convention, panel):
    other_stage = factories.RoomFactory(convention=convention, name="Stage 2")
    member(client, convention, TeamRole.CURATOR, rooms=[other_stage])

    response = add(client, panel)

    assert response.status_code == 403
    assert "outside the rooms and tracks you curate" in response.content.decode()
    assert not SessionSpeaker.objects.exists()


def test_people_outside_the_team_get_404(client, convention, panel):
    client.force_login(factories.UserFactory())

    assert client.get("/organize/sccon/speakers/").status_code == 404
    assert add(client, panel).status_code == 404


def test_resending_the_invitation(client, convention, panel):
    ada = factories.SpeakerFactory(convention=convention, email="ada@example.org")
    schedule.update_session(session=panel, speakers=[(ada, SpeakerRole.SPEAKER)])
    role = SessionSpeaker.objects.get(session=panel)
    member(client, convention, TeamRole.ORGANIZER)

    response = client.post(f"/organize/sccon/speakers/roles/{role.pk}/resend/?lang=en")

    assert response.status_code == 302
    assert OutboundMessage.objects.filter(kind="speaker_invitation", recipient="ada@example.org").count() == 2
    assert "The invitation was sent again to ada@example.org." in client.get(response["Location"]).content.decode()


def test_releasing_material_that_waits_for_review(client, convention, panel):
    convention.speaker_material_reviewed = True
    convention.save()
    ada = factories.SpeakerFactory(convention=convention)
    schedule.update_session(session=panel, speakers=[(ada, SpeakerRole.SPEAKER)])
    material = speakers.add_material(
        role=SessionSpeaker.objects.get(session=panel), title="Slides", url="https://example.org/slides"
    )
    member(client, convention, TeamRole.ORGANIZER)
    assert "Material waiting for review" in client.get("/organize/sccon/speakers/?lang=en").content.decode()

    client.post(f"/organize/sccon/speakers/material/{material.pk}/publish/")

    material.refresh_from_db()
    assert material.is_published
    assert SessionMaterial.objects.filter(is_published=False).count() == 0


def test_the_page_in_german(client, convention, panel):
    member(client, convention, TeamRole.ORGANIZER)

    text = client.get("/organize/sccon/speakers/?lang=de").content.decode()

    assert "Person zu einem Programmpunkt hinzufügen" in text
    assert "Add a speaker to a session" not in text
