"""Speakers: public list and detail from the latest release (never with e-mail); organizer CRUD (live)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.common import ERROR_RESPONSES, WRITE_ERROR_RESPONSES
from api.serializers.speakers import (
    PublicSpeakerDetailSerializer,
    PublicSpeakerSerializer,
    ResendInvitationResultSerializer,
    ResendInvitationSerializer,
    SpeakerInputSerializer,
    SpeakerSerializer,
)
from api.views.base import SLUG, OrganizerViewSet, PublicListView, PublicProgrammeView, parse_id
from events.errors import NotFound
from events.models import SessionSpeaker, Speaker
from events.services import programme as programme_services
from events.services import speakers as speaker_services


@extend_schema(
    tags=["programme"],
    summary="Speakers of the released programme",
    description="People speaking, moderating or on a panel in a released session, by name.",
    parameters=[SLUG],
    responses={200: PublicSpeakerSerializer(many=True), **ERROR_RESPONSES},
)
class PublicSpeakerList(PublicListView):
    serializer_class = PublicSpeakerSerializer

    def get_items(self) -> list[dict[str, Any]]:
        return self.get_programme().speakers


@extend_schema(
    tags=["programme"],
    summary="A speaker with their released sessions",
    parameters=[SLUG],
    responses={200: PublicSpeakerDetailSerializer, **ERROR_RESPONSES},
)
class PublicSpeakerDetail(PublicProgrammeView):
    serializer_class = PublicSpeakerDetailSerializer

    def get(self, request: Request, slug: str, speaker_id: str) -> Response:
        return Response(self.get_programme().speaker_detail(parse_id(speaker_id)))


@extend_schema(tags=["manage"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(
        summary="Speakers (live)", responses={200: SpeakerSerializer(many=True), **WRITE_ERROR_RESPONSES}
    ),
    retrieve=extend_schema(summary="A speaker (live)", responses={200: SpeakerSerializer, **WRITE_ERROR_RESPONSES}),
    create=extend_schema(
        summary="Create a speaker",
        request=SpeakerInputSerializer,
        responses={201: SpeakerSerializer, **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a speaker",
        description="`unavailabilities`, when given, replaces all of the speaker's unavailabilities.",
        request=SpeakerInputSerializer,
        responses={200: SpeakerSerializer, **WRITE_ERROR_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete a speaker",
        description="The speaker disappears from the line-up of their sessions.",
        responses={204: None, **WRITE_ERROR_RESPONSES},
    ),
)
class ManageSpeakerViewSet(OrganizerViewSet):
    serializer_class = SpeakerSerializer
    input_serializer = SpeakerInputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Speaker.objects.none()
        return Speaker.objects.filter(convention=self.convention).prefetch_related("unavailabilities", "session_roles")

    def create_object(self, data: dict[str, Any]) -> Speaker:
        return programme_services.create_speaker(convention=self.convention, **data)

    def update_object(self, instance: Speaker, data: dict[str, Any]) -> Speaker:
        return programme_services.update_speaker(speaker=instance, **data)

    def delete_object(self, instance: Speaker) -> None:
        programme_services.delete_speaker(speaker=instance)

    @extend_schema(
        summary="Send a speaker's invitation again",
        description="The same link as before; at most once a minute per session.",
        request=ResendInvitationSerializer,
        responses={200: ResendInvitationResultSerializer, **WRITE_ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="resend-invitation")
    def resend_invitation(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        speaker = self.get_object()
        body = ResendInvitationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        role = SessionSpeaker.objects.filter(speaker=speaker, session_id=body.validated_data["session_id"]).first()
        if role is None:
            raise NotFound("The speaker is not on this session.")
        return Response({"queued": speaker_services.resend_invitation(role=role)})
