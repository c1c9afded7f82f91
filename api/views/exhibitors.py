"""Exhibitors: the public directory (live data, booth talks from the release) and organizer CRUD."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.common import ERROR_RESPONSES, WRITE_ERROR_RESPONSES
from api.serializers.exhibitors import (
    ExhibitorFilterSerializer,
    ExhibitorInputSerializer,
    ExhibitorSerializer,
    PublicExhibitorSerializer,
)
from api.views.base import SLUG, OrganizerViewSet, PublicProgrammeView
from api.views.sessions import validated_filters
from events.models import Exhibitor
from events.selectors.exhibitors import managed_exhibitors, public_exhibitors
from events.services import exhibitors as exhibitor_services


@extend_schema(
    tags=["exhibitors"],
    summary="Exhibitors of the convention",
    description=(
        "The exhibitor directory of a convention with a released schedule: booth (hall, number), profile, logo, "
        "links, public materials and the booth talks of the latest release. Exhibitor data is public as it is "
        "maintained; contact e-mails and staff are not included."
    ),
    parameters=[SLUG, ExhibitorFilterSerializer],
    responses={200: PublicExhibitorSerializer(many=True), **ERROR_RESPONSES},
)
class PublicExhibitorList(PublicProgrammeView):
    serializer_class = PublicExhibitorSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        programme = self.get_programme()
        filters = validated_filters(ExhibitorFilterSerializer, request)
        exhibitors = public_exhibitors(
            convention_id=programme.convention["id"], q=filters.get("q"), hall_id=filters.get("hall")
        )
        page = self.paginate_queryset(exhibitors)
        context = {**self.get_serializer_context(), "programme": programme}
        return self.get_paginated_response(PublicExhibitorSerializer(page, many=True, context=context).data)


@extend_schema(tags=["manage"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(
        summary="Exhibitors (live)", responses={200: ExhibitorSerializer(many=True), **WRITE_ERROR_RESPONSES}
    ),
    retrieve=extend_schema(
        summary="An exhibitor (live)", responses={200: ExhibitorSerializer, **WRITE_ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary="Create an exhibitor",
        description="Staff are given by username; an unknown username answers 400 `unknown_user`.",
        request=ExhibitorInputSerializer,
        responses={201: ExhibitorSerializer, **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change an exhibitor",
        description=(
            "`materials` and `staff`, when given, replace the current lists; `booth: null` removes the booth."
        ),
        request=ExhibitorInputSerializer,
        responses={200: ExhibitorSerializer, **WRITE_ERROR_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete an exhibitor",
        description="Booth, materials and staff go with it; its booth talks stay in the programme.",
        responses={204: None, **WRITE_ERROR_RESPONSES},
    ),
)
class ManageExhibitorViewSet(OrganizerViewSet):
    serializer_class = ExhibitorSerializer
    input_serializer = ExhibitorInputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Exhibitor.objects.none()
        return managed_exhibitors(convention_id=self.convention.pk)

    def create_object(self, data: dict[str, Any]) -> Exhibitor:
        return exhibitor_services.create_exhibitor(convention=self.convention, **data)

    def update_object(self, instance: Exhibitor, data: dict[str, Any]) -> Exhibitor:
        return exhibitor_services.update_exhibitor(exhibitor=instance, **data)

    def delete_object(self, instance: Exhibitor) -> None:
        exhibitor_services.delete_exhibitor(exhibitor=instance)
