"""Schedule warnings and releases (organizers) and the public schedule exports of the latest release."""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.common import ErrorSerializer
from api.serializers.schedule import (
    PublicReleaseSerializer,
    ReleaseInputSerializer,
    ReleaseSerializer,
    ScheduleWarningSerializer,
)
from api.views.base import OrganizerAPIView
from events.errors import NotFound, ScheduleNotReleased
from events.models import Convention
from events.permissions import is_team_member
from events.selectors.schedule import latest_public_release, releases_for_listing, schedule_warnings
from events.services.exports import export_etag, rendered_export
from events.services.publishing import release_schedule

EXPORT_CACHE_CONTROL = "public, max-age=60"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class ScheduleWarningsView(OrganizerAPIView):
    @extend_schema(
        operation_id="schedule_warnings",
        summary="Current warnings about the programme (organizers)",
        responses={200: ScheduleWarningSerializer(many=True), 401: ErrorSerializer, 404: ErrorSerializer},
        tags=["schedule"],
    )
    def get(self, request: Request, slug: str) -> Response:
        convention = self.convention
        return Response(schedule_warnings(convention=convention))


class ScheduleReleasesView(OrganizerAPIView):
    @extend_schema(
        operation_id="schedule_release_create",
        summary="Release the current programme as the next schedule version (organizers)",
        request=ReleaseInputSerializer,
        responses={201: ReleaseSerializer, 400: ErrorSerializer, 401: ErrorSerializer, 404: ErrorSerializer},
        tags=["schedule"],
    )
    def post(self, request: Request, slug: str) -> Response:
        convention = self.convention
        data = ReleaseInputSerializer(data=request.data if request.data else {})
        data.is_valid(raise_exception=True)
        release = release_schedule(
            convention=convention, released_by=request.user, comment=data.validated_data["comment"]
        )
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


class ScheduleVersionsView(generics.ListAPIView):
    """Released versions, newest first. Public for public conventions with a release (like a changelog page);
    organizers also see their convention's releases' warnings."""

    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="schedule_versions",
        summary="Released schedule versions with their changelogs",
        description="Organizers of the convention also get each release's `warnings` (see the release endpoint).",
        responses={200: PublicReleaseSerializer(many=True), 404: ErrorSerializer},
        tags=["schedule"],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        convention = Convention.objects.filter(slug=self.kwargs["slug"]).first()
        if convention is None:
            raise NotFound(f"There is no convention “{self.kwargs['slug']}”.")
        self.organizer = is_team_member(self.request.user, convention)
        releases = releases_for_listing(convention=convention)
        if not self.organizer:
            if not convention.is_public:
                raise NotFound(f"There is no convention “{self.kwargs['slug']}”.")
            if not releases.exists():
                raise ScheduleNotReleased()
        return releases

    def get_serializer_class(self):
        return ReleaseSerializer if getattr(self, "organizer", False) else PublicReleaseSerializer


class FirstRendererNegotiation(BaseContentNegotiation):
    """Exports have one representation each; errors are JSON. The Accept header does not change either."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ScheduleExportView(APIView):
    """The latest release of a public convention in one export format, with ETag/If-None-Match and gzip.

    The hot path is one query (latest release version) and, unless the client already has it, one cache read.
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)
    content_negotiation_class = FirstRendererNegotiation
    export_format = "json"

    def get(self, request: Request, slug: str) -> HttpResponse:
        release = latest_public_release(slug=slug)
        etag = export_etag(convention_id=release.convention_id, version=release.version, format=self.export_format)
        gzip_etag = f'{etag[:-1]}-gzip"'
        if _etag_matches(request, {etag, gzip_etag}):
            return _export_headers(HttpResponseNotModified(), etag=etag)
        export = rendered_export(release_id=release.release_id, format=self.export_format)
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(export.gzipped, content_type=export.content_type)
            response["Content-Encoding"] = "gzip"  # already compressed: GZipMiddleware leaves it alone
            return _export_headers(response, etag=gzip_etag)
        return _export_headers(HttpResponse(export.body, content_type=export.content_type), etag=etag)


def _export_schema(format: str, media_type: str, body: OpenApiTypes, summary: str):
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"schedule_export_{format}",
            summary=summary,
            responses={
                (200, media_type): body,
                304: OpenApiResponse(description="Not modified: the ETag in If-None-Match is current"),
                404: OpenApiResponse(
                    description="Unknown convention (not_found) or nothing released yet (schedule_not_released)"
                ),
            },
            tags=["schedule"],
        )
    )


@_export_schema("json", "application/json", OpenApiTypes.OBJECT, "Latest released schedule as c3voc schedule.json")
class ScheduleJsonView(ScheduleExportView):
    export_format = "json"


@_export_schema("xml", "application/xml", OpenApiTypes.STR, "Latest released schedule as frab schedule.xml")
class ScheduleXmlView(ScheduleExportView):
    export_format = "xml"


@_export_schema(
    "ics", "text/calendar", OpenApiTypes.STR, "Latest released schedule as iCalendar (one event per session)"
)
class ScheduleIcsView(ScheduleExportView):
    export_format = "ics"


def _etag_matches(request: HttpRequest, etags: set[str]) -> bool:
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
    sent = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    return "*" in sent or any(tag.removeprefix("W/") in etags for tag in sent)


def _export_headers(response: HttpResponse, *, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = EXPORT_CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
