"""Conventions: the public list and detail (released), and organizer management (live)."""

from typing import Any, cast

from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import ReadOnlyMember
from api.serializers.common import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, validate_input
from api.serializers.conventions import ConventionInputSerializer, ConventionSerializer, PublicConventionSerializer
from api.views.base import ORGANIZER_AUTHENTICATION, SLUG, PublicProgrammeView
from events.permissions import can_create_convention, is_organizer
from events.selectors.conventions import team_convention, team_conventions
from events.selectors.programme import public_conventions
from events.services import conventions as convention_services


@extend_schema(
    tags=["programme"],
    summary="Conventions with a released schedule",
    description="Public conventions that have released a schedule, by start date; data of the latest release.",
    responses={200: PublicConventionSerializer(many=True), **ERROR_RESPONSES},
)
class PublicConventionList(generics.ListAPIView):
    authentication_classes: list = []
    permission_classes: list = []
    serializer_class = PublicConventionSerializer

    def get_queryset(self):
        return public_conventions()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        items = [
            {
                **row["snapshot__convention"],
                "release": {"version": row["version"], "released_at": row["released_at"].isoformat()},
            }
            for row in page or []
        ]
        return self.get_paginated_response(items)


@extend_schema(
    tags=["programme"],
    summary="A convention with a released schedule",
    parameters=[SLUG],
    responses={200: PublicConventionSerializer, **ERROR_RESPONSES},
)
class PublicConventionDetail(PublicProgrammeView):
    serializer_class = PublicConventionSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_programme().convention_detail())


@extend_schema(tags=["manage"])
@extend_schema_view(
    list=extend_schema(
        summary="Conventions you organize (live)",
        responses={200: ConventionSerializer(many=True), 401: ERROR_RESPONSES[400], 404: ERROR_RESPONSES[404]},
    ),
    retrieve=extend_schema(
        summary="A convention you organize (live)",
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)],
        responses={200: ConventionSerializer, **WRITE_ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary="Set up a convention",
        description="Staff accounts only; the creator becomes the convention's first organizer.",
        request=ConventionInputSerializer,
        responses={201: ConventionSerializer, 403: ERROR_RESPONSES[400], **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a convention",
        description=(
            "Name, dates, opening hours and the rest. `opening_hours`, when given, replaces all of them; each day "
            "must lie within the dates (400 `invalid_opening_hours`), the end not before the start "
            "(400 `invalid_date_range`)."
        ),
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)],
        request=ConventionInputSerializer,
        responses={200: ConventionSerializer, **WRITE_ERROR_RESPONSES},
    ),
)
class ManageConventionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    authentication_classes = ORGANIZER_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    serializer_class = ConventionSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return team_conventions(user=self.request.user)

    def get_object(self):
        """Every member of the team reads the convention; owners and organizers change it."""
        convention = team_convention(user=self.request.user, slug=self.kwargs["slug"])
        if self.request.method not in SAFE_METHODS and not is_organizer(self.request.user, convention):
            raise ReadOnlyMember()
        return self.get_queryset().get(pk=convention.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not can_create_convention(request.user):
            raise PermissionDenied("Only staff accounts may set up new conventions.")
        data = validate_input(ConventionInputSerializer, data=request.data)
        convention = convention_services.create_convention(created_by=cast(User, request.user), **data)
        convention = self.get_queryset().get(pk=convention.pk)
        return Response(self.get_serializer(convention).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        convention = self.get_object()
        data = validate_input(ConventionInputSerializer, data=request.data, instance=convention, patch=True)
        convention_services.update_convention(convention=convention, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=convention.pk)).data)
