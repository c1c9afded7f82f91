"""Data protection endpoints: an attendee's data export and erasure, consent changes, the organizer audit log."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions
from rest_framework import serializers as drf_serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import MessePagination
from api.serializers.privacy import (
    AuditEntrySerializer,
    ConsentsInputSerializer,
    ConsentsSerializer,
    ErasureSerializer,
)
from api.views.base import OrganizerAPIView
from api.views.registrations import visible_registration
from events.enums import AuditAction
from events.models import AuditEntry
from events.selectors.personal_data import personal_data_export
from events.services import audit, privacy


class PersonalDataExportView(APIView):
    # The registration's attendee or organizers; anyone else, anonymous callers too, gets 404 (in the handler).
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        summary="Everything Messe holds about the attendee, as JSON (attendee or organizer; audited)",
        description=(
            "Registration with answers, consents, ticket type and payment references; badges, scans, presences, "
            "leads about the attendee (with exhibitor staff notes), agenda, workshop sign-ups, calendar feeds "
            "and deliveries, preferences, e-mails with their bodies, and the audit entries about the attendee."
        ),
    )
    def get(self, request: Request, code: str) -> Response:
        registration = visible_registration(request, code, export=True)
        # Recorded before the export is built, so the export lists its own access too.
        audit.record_access(
            actor=request.user,
            action=AuditAction.PERSONAL_DATA_EXPORTED,
            convention=registration.convention,
            object_type="registration",
            object_id=registration.code,
            registration=registration,
        )
        return Response(personal_data_export(registration=registration))


class ErasureView(APIView):
    # The registration's attendee or organizers; anyone else, anonymous callers too, gets 404 (in the handler).
    permission_classes = [AllowAny]

    @extend_schema(
        request=None,
        responses={200: ErasureSerializer},
        summary="Erase the attendee's personal data (attendee or organizer; idempotent; audited)",
        description=(
            "Anonymises names, e-mail, organization, job title and answers everywhere (registration, leads, "
            "e-mails, scans, badges), revokes the badge and, before the convention has ended, cancels the "
            "registration and its workshop seats. Payment references stay for accounting."
        ),
    )
    def post(self, request: Request, code: str) -> Response:
        registration = visible_registration(request, code)
        registration = privacy.erase_registration(registration=registration, actor=request.user)
        return Response(ErasureSerializer(registration).data)


class ConsentsView(APIView):
    # The registration's attendee or organizers; anyone else, anonymous callers too, gets 404 (in the handler).
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ConsentsSerializer}, summary="The attendee's consents with their times")
    def get(self, request: Request, code: str) -> Response:
        return Response(ConsentsSerializer(visible_registration(request, code)).data)

    @extend_schema(
        request=ConsentsInputSerializer,
        responses={200: ConsentsSerializer},
        summary="Give or withdraw consents (audited)",
        description=(
            "`false` withdraws a consent. Withdrawing `share_contact` removes name, organization, job title and "
            "e-mail from leads the exhibitor has not listed or downloaded yet."
        ),
    )
    def post(self, request: Request, code: str) -> Response:
        registration = visible_registration(request, code)
        data = ConsentsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = privacy.update_consents(registration=registration, actor=request.user, **data.validated_data)
        return Response(ConsentsSerializer(registration).data)


class AuditLogView(OrganizerAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, enum=AuditAction.values),
            OpenApiParameter("registration", str, description="A registration code."),
        ],
        responses={
            200: inline_serializer(
                "AuditEntryPage",
                fields={
                    "count": drf_serializers.IntegerField(),
                    "next": drf_serializers.CharField(allow_null=True),
                    "previous": drf_serializers.CharField(allow_null=True),
                    "results": AuditEntrySerializer(many=True),
                },
            )
        },
        summary="Who accessed or changed personal data of the convention, newest first (organizers)",
    )
    def get(self, request: Request, slug: str) -> Response:
        convention = self.convention
        entries = AuditEntry.objects.filter(convention=convention).select_related("registration")
        if action := request.query_params.get("action"):
            if action not in AuditAction.values:
                raise exceptions.ValidationError({"action": f"One of: {', '.join(AuditAction.values)}."})
            entries = entries.filter(action=action)
        if code := request.query_params.get("registration"):
            entries = entries.filter(registration__code=code.strip().upper()[:12])
        paginator = MessePagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(AuditEntrySerializer(page, many=True).data)
