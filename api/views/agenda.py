"""Attendee-facing: the personal agenda, preferences, the calendar feed and workshop sign-ups."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.agenda import (
    AgendaItemSerializer,
    AgendaSessionInputSerializer,
    FeedTokenSerializer,
    PreferencesSerializer,
    SignupSerializer,
)
from events.errors import NotFound
from events.models import AttendeePreferences, Registration, Session
from events.selectors import agenda as selectors
from events.services import agenda, calendar, workshops


def own_registration(request: Request, code: str) -> Registration:
    """The attendee's own registration; any other code is 404 so codes cannot be probed."""
    registration = request.auth if isinstance(request.auth, Registration) else None
    if registration is None:
        raise NotAuthenticated("Send your attendee token as 'Authorization: Bearer <token>'.")
    if registration.code != code:
        raise NotFound("No such registration.")
    return registration


def attendee_registration(request: Request) -> Registration:
    if not isinstance(request.auth, Registration):
        raise NotAuthenticated("Send your attendee token as 'Authorization: Bearer <token>'.")
    return request.auth


def _session_from_input(request: Request, registration: Registration) -> Session:
    data = request.data if request.data else request.query_params
    serializer = AgendaSessionInputSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    session = Session.objects.filter(
        pk=serializer.validated_data["session"], convention_id=registration.convention_id
    ).first()
    if session is None:
        raise NotFound("No such session in this convention.")
    return session


class AgendaView(APIView):
    permission_classes = [AllowAny]  # the attendee's own registration: checked in the handler

    @extend_schema(responses=AgendaItemSerializer(many=True), summary="The attendee's bookmarked sessions")
    def get(self, request: Request, code: str) -> Response:
        registration = own_registration(request, code)
        items = selectors.agenda_items_of(registration=registration)
        return Response(AgendaItemSerializer(items, many=True).data)

    @extend_schema(request=AgendaSessionInputSerializer, responses={201: AgendaItemSerializer}, summary="Bookmark")
    def post(self, request: Request, code: str) -> Response:
        registration = own_registration(request, code)
        item = agenda.bookmark_session(registration=registration, session=_session_from_input(request, registration))
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgendaSessionInputSerializer, responses={204: None}, summary="Remove a bookmark")
    def delete(self, request: Request, code: str) -> Response:
        registration = own_registration(request, code)
        agenda.remove_bookmark(registration=registration, session=_session_from_input(request, registration))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PreferencesView(APIView):
    permission_classes = [AllowAny]  # the attendee's own registration: checked in the handler

    @extend_schema(responses=PreferencesSerializer, summary="The attendee's message preferences")
    def get(self, request: Request, code: str) -> Response:
        registration = own_registration(request, code)
        preferences = AttendeePreferences.objects.filter(registration=registration).first()
        return Response(
            {"calendar_invites_for_bookmarks": bool(preferences and preferences.calendar_invites_for_bookmarks)}
        )

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer, summary="Opt in or out")
    def patch(self, request: Request, code: str) -> Response:
        registration = own_registration(request, code)
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preferences = agenda.update_preferences(registration=registration, **serializer.validated_data)
        return Response({"calendar_invites_for_bookmarks": preferences.calendar_invites_for_bookmarks})


class FeedTokenView(APIView):
    permission_classes = [AllowAny]  # the attendee's own registration: checked in the handler

    @extend_schema(request=None, responses={201: FeedTokenSerializer}, summary="Create or rotate the feed URL")
    def post(self, request: Request, code: str) -> Response:
        registration = own_registration(request, code)
        token = agenda.rotate_feed_token(registration=registration)
        url = request.build_absolute_uri(f"/api/v1/agenda/{token}.ics")
        return Response({"token": token, "url": url}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, summary="Revoke the feed URL")
    def delete(self, request: Request, code: str) -> Response:
        agenda.revoke_feed_tokens(registration=own_registration(request, code))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgendaFeedView(APIView):
    permission_classes = [AllowAny]  # the feed token in the URL is the credential
    authentication_classes: list = []  # the token in the URL is the credential; calendar apps send no headers

    @extend_schema(responses={(200, "text/calendar"): OpenApiResponse(description="iCalendar feed")})
    def get(self, request: Request, feed_token: str) -> HttpResponse:
        feed = selectors.active_feed(token=feed_token)
        if feed is None:
            raise NotFound("Unknown or revoked calendar feed.")
        registration = feed.registration
        body = calendar.build_personal_feed(
            registration=registration,
            release=selectors.latest_release(convention_id=registration.convention_id),
            session_ids=selectors.feed_session_ids(registration=registration),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        return response


def _convention_session(slug: str, session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("convention", "room__hall"), pk=session_id, convention__slug=slug
    )


class WorkshopSignupView(APIView):
    permission_classes = [AllowAny]  # the attendee's own registration: checked in the handler

    @extend_schema(request=None, responses={201: SignupSerializer, 200: SignupSerializer}, summary="Sign up")
    def post(self, request: Request, slug: str, session_id: int) -> Response:
        registration = attendee_registration(request)
        session = _convention_session(slug, session_id)
        if session.convention_id != registration.convention_id:
            raise NotFound("No such session in your convention.")
        signup = workshops.sign_up_for_workshop(session=session, registration=registration)
        return Response(SignupSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, summary="Give up the seat or waitlist place")
    def delete(self, request: Request, slug: str, session_id: int) -> Response:
        registration = attendee_registration(request)
        session = _convention_session(slug, session_id)
        workshops.cancel_workshop_signup(session=session, registration=registration)
        return Response(status=status.HTTP_204_NO_CONTENT)
