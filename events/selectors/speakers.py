"""Reads for the speakers' own pages and the organizers' list of speakers and their answers."""

from django.db.models import Prefetch, QuerySet

from events.enums import SessionStatus
from events.models import Convention, SessionMaterial, SessionSpeaker, Speaker


def roles_of_speaker(*, speaker: Speaker) -> QuerySet[SessionSpeaker]:
    """The speaker's sessions (not cancelled ones), each with its line-up and the speaker's own material."""
    return (
        SessionSpeaker.objects.filter(speaker=speaker)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__room__hall", "session__track", "session__convention")
        .prefetch_related(
            Prefetch(
                "session__session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").order_by("position", "pk"),
                to_attr="line_up",
            ),
            Prefetch(
                "session__materials",
                queryset=SessionMaterial.objects.filter(speaker=speaker).order_by("pk"),
                to_attr="speaker_materials",
            ),
        )
        .order_by("session__start", "session_id")
    )


def role_of_speaker(*, speaker: Speaker, role_id: int) -> SessionSpeaker | None:
    return roles_of_speaker(speaker=speaker).filter(pk=role_id).first()


def speakers_with_roles(*, convention: Convention) -> QuerySet[Speaker]:
    """Every speaker of the convention with their sessions and answers, for the organizers."""
    return (
        Speaker.objects.filter(convention=convention)
        .prefetch_related(
            Prefetch(
                "session_roles",
                queryset=SessionSpeaker.objects.select_related("session__room").order_by("session__start", "pk"),
                to_attr="roles",
            )
        )
        .order_by("name", "pk")
    )
