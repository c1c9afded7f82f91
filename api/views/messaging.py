"""Organizer-facing: workshop sign-ups and waitlists, session material, delivery status of messages."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import MessePagination
from api.parsers import MesseJSONParser
from api.serializers.agenda import (
    OrganizerSignupSerializer,
    OutboundMessageSerializer,
    SessionMaterialSerializer,
    WorkshopSignupsSerializer,
)
from api.views.base import OrganizerAPIView
from events.enums import AuditAction, SignupStatus
from events.models import MessageStatus, Session, SessionMaterial
from events.selectors import agenda as selectors
from events.services import audit, followup, workshops


class WorkshopSignupsView(OrganizerAPIView):
    @extend_schema(responses=WorkshopSignupsSerializer, summary="Sign-ups and waitlist of a workshop (organizers)")
    def get(self, request: Request, slug: str, session_id: int) -> Response:
        convention = self.convention
        session = get_object_or_404(Session.objects.select_related("room"), pk=session_id, convention=convention)
        signups = list(selectors.workshop_signups(session=session))
        confirmed = [s for s in signups if s.status == SignupStatus.CONFIRMED]
        positions = selectors.waitlist_positions(signups=signups, complete=True)
        waitlist = sorted((s for s in signups if s.pk in positions), key=lambda s: positions[s.pk])
        audit.record_access(
            actor=request.user,
            action=AuditAction.WORKSHOP_SIGNUPS_LISTED,
            convention=convention,
            object_type="session",
            object_id=str(session.pk),
            details={"registrations": len(signups)},
        )
        return Response(
            {
                "capacity": workshops.workshop_capacity(session=session),
                "confirmed_count": len(confirmed),
                "waitlist_count": len(waitlist),
                "confirmed": OrganizerSignupSerializer(confirmed, many=True).data,
                "waitlist": [
                    {"position": positions[signup.pk], **OrganizerSignupSerializer(signup).data} for signup in waitlist
                ],
            }
        )


class SessionMaterialsView(OrganizerAPIView):
    parser_classes = [MesseJSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=SessionMaterialSerializer(many=True), summary="Material of a session (organizers)")
    def get(self, request: Request, slug: str, session_id: int) -> Response:
        convention = self.convention
        session = get_object_or_404(Session, pk=session_id, convention=convention)
        return Response(
            SessionMaterialSerializer(session.materials.order_by("pk"), many=True, context={"request": request}).data
        )

    @extend_schema(request=SessionMaterialSerializer, responses={201: SessionMaterialSerializer}, summary="Attach")
    def post(self, request: Request, slug: str, session_id: int) -> Response:
        convention = self.convention
        session = get_object_or_404(Session, pk=session_id, convention=convention)
        serializer = SessionMaterialSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        material = followup.add_session_material(session=session, **serializer.validated_data)
        return Response(
            SessionMaterialSerializer(material, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class PublishSessionMaterialView(OrganizerAPIView):
    @extend_schema(request=None, responses=SessionMaterialSerializer, summary="Publish material (organizers)")
    def post(self, request: Request, slug: str, session_id: int, material_id: int) -> Response:
        convention = self.convention
        material = get_object_or_404(
            SessionMaterial, pk=material_id, session_id=session_id, session__convention=convention
        )
        return Response(
            SessionMaterialSerializer(
                followup.publish_session_material(material=material), context={"request": request}
            ).data
        )


class MessagesView(OrganizerAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=[choice for choice, _ in MessageStatus.choices]),
            OpenApiParameter("kind", str),
            OpenApiParameter("recipient", str),
        ],
        responses=inline_serializer(
            "OutboundMessagePage",
            fields={
                "count": drf_serializers.IntegerField(),
                "next": drf_serializers.CharField(allow_null=True),
                "previous": drf_serializers.CharField(allow_null=True),
                "results": OutboundMessageSerializer(many=True),
                "totals": drf_serializers.DictField(child=drf_serializers.IntegerField(), help_text="Per status"),
            },
        ),
        summary="Delivery status per message, with totals by status (organizers)",
    )
    def get(self, request: Request, slug: str) -> Response:
        convention = self.convention
        messages = selectors.messages_of(convention_id=convention.pk)
        totals = {choice: 0 for choice, _ in MessageStatus.choices}
        for row in messages.order_by().values("status").annotate(count=Count("pk")):
            totals[row["status"]] = row["count"]
        if (wanted := request.query_params.get("status")) is not None:
            if wanted not in totals:
                from events.errors import ValidationFailed

                raise ValidationFailed(f"status must be one of {', '.join(totals)}.", fields={"status": "invalid"})
            messages = messages.filter(status=wanted)
        if kind := request.query_params.get("kind"):
            messages = messages.filter(kind=kind[:50])
        if recipient := request.query_params.get("recipient"):
            messages = messages.filter(recipient__iexact=recipient[:254])
        paginator = MessePagination()
        page = paginator.paginate_queryset(messages, request, view=self)
        # Filters by name only: a recipient filter is the very address the audit log must not keep.
        filters = sorted(name for name in ("status", "kind", "recipient") if request.query_params.get(name))
        audit.record_access(
            actor=request.user,
            action=AuditAction.MESSAGES_LISTED,
            convention=convention,
            object_type="message",
            details={"messages": len(page or []), "filters": filters},
        )
        response = paginator.get_paginated_response(OutboundMessageSerializer(page, many=True).data)
        response.data["totals"] = totals
        return response
