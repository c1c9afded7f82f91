"""Rooms, halls and tracks: public lists from the release, organizer CRUD on the live tables."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.common import ERROR_RESPONSES, WRITE_ERROR_RESPONSES
from api.serializers.venue import (
    HallSerializer,
    PublicRoomSerializer,
    PublicTrackSerializer,
    RoomInputSerializer,
    RoomSerializer,
    TrackInputSerializer,
    TrackSerializer,
)
from api.views.base import SLUG, OrganizerViewSet, PublicProgrammeView
from events.models import Hall, Room, Track
from events.services import programme as programme_services


@extend_schema(
    tags=["programme"],
    summary="Rooms of the released programme",
    description="All rooms and stages of the latest release, with their hall. Not paginated.",
    parameters=[SLUG],
    responses={200: PublicRoomSerializer(many=True), **ERROR_RESPONSES},
)
class PublicRoomList(PublicProgrammeView):
    pagination_class = None

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_programme().rooms)


@extend_schema(
    tags=["programme"],
    summary="Tracks of the released programme",
    description="All tracks of the latest release. Not paginated.",
    parameters=[SLUG],
    responses={200: PublicTrackSerializer(many=True), **ERROR_RESPONSES},
)
class PublicTrackList(PublicProgrammeView):
    pagination_class = None

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_programme().tracks)


@extend_schema(tags=["manage"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(
        summary="Halls of the convention (live)",
        responses={200: HallSerializer(many=True), **WRITE_ERROR_RESPONSES},
    ),
    retrieve=extend_schema(summary="A hall (live)", responses={200: HallSerializer, **WRITE_ERROR_RESPONSES}),
)
class ManageHallViewSet(OrganizerViewSet):
    """Halls are set up in the admin; organizers need their ids for rooms and booths."""

    serializer_class = HallSerializer
    http_method_names = ["get", "head", "options"]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hall.objects.none()
        return Hall.objects.filter(convention=self.convention).order_by("position", "pk")


@extend_schema(tags=["manage"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(summary="Rooms (live)", responses={200: RoomSerializer(many=True), **WRITE_ERROR_RESPONSES}),
    retrieve=extend_schema(summary="A room (live)", responses={200: RoomSerializer, **WRITE_ERROR_RESPONSES}),
    create=extend_schema(
        summary="Create a room",
        request=RoomInputSerializer,
        responses={201: RoomSerializer, **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a room",
        request=RoomInputSerializer,
        responses={200: RoomSerializer, **WRITE_ERROR_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete a room",
        description="Refused with 409 `room_in_use` while sessions that are not cancelled are planned in it.",
        responses={204: None, **WRITE_ERROR_RESPONSES},
    ),
)
class ManageRoomViewSet(OrganizerViewSet):
    serializer_class = RoomSerializer
    input_serializer = RoomInputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Room.objects.none()
        return Room.objects.filter(convention=self.convention).select_related("hall").order_by("position", "pk")

    def create_object(self, data: dict[str, Any]) -> Room:
        return programme_services.create_room(convention=self.convention, **data)

    def update_object(self, instance: Room, data: dict[str, Any]) -> Room:
        return programme_services.update_room(room=instance, **data)

    def delete_object(self, instance: Room) -> None:
        programme_services.delete_room(room=instance)


@extend_schema(tags=["manage"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(summary="Tracks (live)", responses={200: TrackSerializer(many=True), **WRITE_ERROR_RESPONSES}),
    retrieve=extend_schema(summary="A track (live)", responses={200: TrackSerializer, **WRITE_ERROR_RESPONSES}),
    create=extend_schema(
        summary="Create a track",
        request=TrackInputSerializer,
        responses={201: TrackSerializer, **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a track",
        request=TrackInputSerializer,
        responses={200: TrackSerializer, **WRITE_ERROR_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete a track",
        description="Its sessions stay in the programme without a track.",
        responses={204: None, **WRITE_ERROR_RESPONSES},
    ),
)
class ManageTrackViewSet(OrganizerViewSet):
    serializer_class = TrackSerializer
    input_serializer = TrackInputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Track.objects.none()
        return Track.objects.filter(convention=self.convention).order_by("position", "pk")

    def create_object(self, data: dict[str, Any]) -> Track:
        return programme_services.create_track(convention=self.convention, **data)

    def update_object(self, instance: Track, data: dict[str, Any]) -> Track:
        return programme_services.update_track(track=instance, **data)

    def delete_object(self, instance: Track) -> None:
        programme_services.delete_track(track=instance)
