"""Webhook endpoints: organizers' per convention, exhibitor managers' for their own leads (docs/webhooks.md)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.common import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, validate_input
from api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointInputSerializer,
    WebhookEndpointSerializer,
    WebhookEndpointWithSecretSerializer,
)
from api.views.base import SLUG, OrganizerViewSet
from events import permissions
from events.models import Exhibitor, WebhookDelivery, WebhookEndpoint
from events.services import webhooks


@extend_schema(tags=["webhooks"], parameters=[SLUG])
@extend_schema_view(
    list=extend_schema(
        summary="Webhook endpoints of the convention",
        responses={200: WebhookEndpointSerializer(many=True), **WRITE_ERROR_RESPONSES},
    ),
    retrieve=extend_schema(summary="A webhook endpoint", responses={200: WebhookEndpointSerializer, **ERROR_RESPONSES}),
    create=extend_schema(
        summary="Register a webhook endpoint",
        description=(
            "Chooses the event types (all but `lead.captured`, which goes to exhibitors' own endpoints). The answer "
            "is the only one that shows the signing secret. Deliveries are signed as docs/webhooks.md describes."
        ),
        request=WebhookEndpointInputSerializer,
        responses={201: WebhookEndpointWithSecretSerializer, **WRITE_ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a webhook endpoint",
        request=WebhookEndpointInputSerializer,
        responses={200: WebhookEndpointSerializer, **WRITE_ERROR_RESPONSES},
    ),
    destroy=extend_schema(summary="Delete a webhook endpoint", responses={204: None, **WRITE_ERROR_RESPONSES}),
)
class ManageWebhookEndpointViewSet(OrganizerViewSet):
    serializer_class = WebhookEndpointSerializer
    input_serializer = WebhookEndpointInputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(convention=self.convention, exhibitor__isnull=True).order_by("pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        endpoint = self.create_object(self.validated_input(partial=False))
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def create_object(self, data: dict[str, Any]) -> WebhookEndpoint:
        data.pop("is_active", None)
        return webhooks.create_endpoint(convention=self.convention, **data)

    def update_object(self, instance: WebhookEndpoint, data: dict[str, Any]) -> WebhookEndpoint:
        return webhooks.update_endpoint(endpoint=instance, **data)

    def delete_object(self, instance: WebhookEndpoint) -> None:
        instance.delete()

    @extend_schema(
        summary="Rotate the signing secret",
        description="A new secret signs from now on; the previous one signs too for 24 hours.",
        request=None,
        responses={200: WebhookEndpointWithSecretSerializer, **WRITE_ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        endpoint = webhooks.rotate_secret(endpoint=self.get_object())
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data)

    @extend_schema(
        summary="Resume a paused endpoint",
        description="Deliveries that waited while it was paused are sent, oldest first.",
        request=None,
        responses={200: WebhookEndpointSerializer, **WRITE_ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(WebhookEndpointSerializer(webhooks.resume_endpoint(endpoint=self.get_object())).data)

    @extend_schema(
        summary="Deliveries to this endpoint",
        description="Newest first, with the receiver's last HTTP status and error.",
        responses={200: WebhookDeliverySerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = WebhookDelivery.objects.filter(endpoint=self.get_object()).select_related("event").order_by("-pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


def _managed_exhibitor(request: Request, exhibitor_id: int) -> Exhibitor:
    exhibitor = Exhibitor.objects.filter(pk=exhibitor_id).select_related("convention").first()
    if exhibitor is None or not permissions.is_exhibitor_manager(request.user, exhibitor):
        raise NotFound()
    return exhibitor


class ExhibitorWebhookEndpointsView(APIView):
    """An exhibitor's own endpoints, for its leads (``lead.captured``); its managers only."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["webhooks"],
        summary="The exhibitor's webhook endpoints (its managers only)",
        responses={200: WebhookEndpointSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request, exhibitor_id: int) -> Response:
        exhibitor = _managed_exhibitor(request, exhibitor_id)
        endpoints = WebhookEndpoint.objects.filter(exhibitor=exhibitor).order_by("pk")
        return Response({"results": WebhookEndpointSerializer(endpoints, many=True).data})

    @extend_schema(
        tags=["webhooks"],
        summary="Register an endpoint for the exhibitor's leads",
        description="Event type `lead.captured` only; leads without the visitor's consent carry no personal field.",
        request=WebhookEndpointInputSerializer,
        responses={201: WebhookEndpointWithSecretSerializer, **WRITE_ERROR_RESPONSES},
    )
    def post(self, request: Request, exhibitor_id: int) -> Response:
        exhibitor = _managed_exhibitor(request, exhibitor_id)
        data = validate_input(WebhookEndpointInputSerializer, data=request.data)
        endpoint = webhooks.create_endpoint(
            convention=exhibitor.convention,
            exhibitor=exhibitor,
            url=data["url"],
            event_types=data["event_types"],
            description=data.get("description", ""),
        )
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)
