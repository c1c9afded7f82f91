"""Sessions: the public programme (from the latest release) and the organizer's live programme."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.negotiation import FormatIsAFilterNegotiation
from api.permissions import OutsideYourScope
from api.serializers.common import ERROR_RESPONSES, WRITE_ERROR_RESPONSES
from api.serializers.sessions import (
    ManageSessionFilterSerializer,
    PublicSessionSerializer,
    SessionFilterSerializer,
    SessionInputSerializer,
    SessionSerializer,
)
from api.views.base import SLUG, OrganizerViewSet, PublicListView, PublicProgrammeView, parse_id
from events import permissions
from events.enums import SpeakerRole
from events.errors import InvalidFilter, StaleEdit
from events.models import Session
from events.selectors.programme import SessionFilters, filter_sessions, live_sessions
from events.services import schedule as schedule_services


def validated_filters(serializer_class: type, request: Request) -> dict[str, Any]:
    """Query parameters checked by ``serializer_class``; a malformed value is a 400 ``invalid_filter``."""
    serializer = serializer_class(data=request.query_params)
    if not serializer.is_valid():
        field, problems = next(iter(serializer.errors.items()))
        raise InvalidFilter(
            f"{field}: {problems[0]}", fields={name: [str(p) for p in errs] for name, errs in serializer.errors.items()}
        )
    return dict(serializer.validated_data)


@extend_schema(
    tags=["programme"],
    summary="Sessions of the released programme",
    description=(
        "Confirmed, scheduled sessions of the latest schedule release, in time order, with room, hall, track and "
        "speakers expanded. Every filter narrows the list; a malformed filter value answers 400 `invalid_filter`."
    ),
    parameters=[SLUG, SessionFilterSerializer],
    responses={200: PublicSessionSerializer(many=True), **ERROR_RESPONSES},
)
class PublicSessionList(PublicListView):
    serializer_class = PublicSessionSerializer
    content_negotiation_class = FormatIsAFilterNegotiation

    def get_items(self) -> list[dict[str, Any]]:
        filters = SessionFilters(**validated_filters(SessionFilterSerializer, self.request))
        return filter_sessions(programme=self.get_programme(), filters=filters)


@extend_schema(
    tags=["programme"],
    summary="A released session",
    parameters=[SLUG],
    responses={200: PublicSessionSerializer, **ERROR_RESPONSES},
)
class PublicSessionDetail(PublicProgrammeView):
    serializer_class = PublicSessionSerializer

    def get(self, request: Request, slug: str, session_id: str) -> Response:
        return Response(self.get_programme().session(parse_id(session_id)))


@extend_schema(tags=["manage"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(
        summary="Sessions (live)",
        description=(
            "Every session of the live programme, drafts and cancelled ones included, in time order (unscheduled "
            "last). Filters `status`, `room`, `track`, `format` and `day` narrow the list; a malformed value "
            "answers 400 `invalid_filter`."
        ),
        parameters=[ManageSessionFilterSerializer],
        responses={200: SessionSerializer(many=True), **WRITE_ERROR_RESPONSES},
    ),
    retrieve=extend_schema(summary="A session (live)", responses={200: SessionSerializer, **WRITE_ERROR_RESPONSES}),
    create=extend_schema(
        summary="Create a session",
        description=(
            "Goes through the scheduling rules: a room clash answers 409 `room_clash`, a slot outside the opening "
            "hours 400 `outside_opening_hours`, an end before the start 400 `invalid_time_range`; an id of a "
            "room, track, speaker or exhibitor not in this convention 400 `unknown_room` (…)."
        ),
        request=SessionInputSerializer,
        responses={201: SessionSerializer, **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change or move a session",
        description=(
            "Same rules as creating; `speakers`, when given, replaces the whole line-up. Send the `version` you "
            "read: if someone else changed the session since, nothing is saved and the answer is 409 `stale_edit` "
            "with the session's `current` state (and `current_version`). Every change raises `version` by one."
        ),
        request=SessionInputSerializer,
        responses={200: SessionSerializer, **WRITE_ERROR_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Cancel a session",
        description=(
            "Sessions are never erased: the session is marked cancelled (so the next release lists it as "
            "cancelled) and returned. `?version=` refuses it with 409 `stale_edit` if the session has changed "
            "since that version."
        ),
        parameters=[
            OpenApiParameter("version", int, OpenApiParameter.QUERY, required=False, description="Expected version.")
        ],
        request=None,
        responses={200: SessionSerializer, **WRITE_ERROR_RESPONSES},
    ),
)
class ManageSessionViewSet(OrganizerViewSet):
    # Curators pass OrganizesConvention here; each change is checked against their rooms and tracks.
    programme_scope = True
    serializer_class = SessionSerializer
    content_negotiation_class = FormatIsAFilterNegotiation  # ?format= is a session's format here too
    input_serializer = SessionInputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        filters = validated_filters(ManageSessionFilterSerializer, self.request) if self.action == "list" else {}
        return live_sessions(convention=self.convention, **filters)

    @staticmethod
    def _line_up(data: dict[str, Any]) -> list[tuple[Any, str]] | None:
        roles = data.pop("speakers", None)
        return None if roles is None else [(role["speaker"], role.get("role", SpeakerRole.SPEAKER)) for role in roles]

    def create_object(self, data: dict[str, Any]) -> Session:
        if not permissions.can_place_session(
            self.request.user, self.convention, room=data.get("room"), track=data.get("track")
        ):
            raise OutsideYourScope()
        speakers = self._line_up(data)
        data.pop("version", None)  # a new session starts at version 1
        return schedule_services.create_session(convention=self.convention, speakers=speakers, **data)

    def update_object(self, instance: Session, data: dict[str, Any]) -> Session:
        target = {key: data[key] for key in ("room", "track") if key in data}
        if not permissions.can_change_session(self.request.user, instance, **target):
            raise OutsideYourScope()
        speakers = self._line_up(data)
        expected_version = data.pop("version", None)
        with self.current_state_on_stale_edit(instance):
            return schedule_services.update_session(
                session=instance, speakers=speakers, expected_version=expected_version, **data
            )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        if not permissions.can_change_session(request.user, session):
            raise OutsideYourScope()
        version = request.query_params.get("version")
        expected_version = parse_version(version) if version is not None else None
        with self.current_state_on_stale_edit(session):
            session = schedule_services.cancel_session(session=session, expected_version=expected_version)
        return Response(self.get_serializer(self.reload(session)).data)

    @contextmanager
    def current_state_on_stale_edit(self, session: Session) -> Iterator[None]:
        """A refused stale edit answers with the session as it is now, so the client can show it."""
        try:
            yield
        except StaleEdit as error:
            error.extra["current"] = self.get_serializer(self.reload(session)).data
            raise


def parse_version(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 10 or not 1 <= int(value) < 2**31:
        raise InvalidFilter("version: must be a positive whole number.", fields={"version": ["invalid"]})
    return int(value)
