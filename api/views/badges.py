from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import ReadOnlyMember
from api.serializers.common import ChoiceField, ModelSerializer
from api.views.base import OrganizerAPIView
from events import permissions
from events.models import BadgePrintJob, PrintJobStatus, Registration, RegistrationStatus
from events.services import badge_printing, badges
from events.services.badge_rendering import render_pdf, render_png


def _registration_for(request, code: str) -> Registration:
    """The attendee's own registration, or any registration of a convention the user organizes; else 404."""
    registration = Registration.objects.select_related("convention", "ticket_type").filter(code=code[:12]).first()
    if registration is None:
        raise NotFound()
    own = getattr(request.auth, "pk", None) == registration.pk and isinstance(request.auth, Registration)
    if not own and not permissions.is_team_member(request.user, registration.convention):
        raise NotFound()
    return registration


def _badge_for(request, code: str):
    registration = _registration_for(request, code)
    badge = badges.get_or_issue_badge(registration=registration)
    badge.registration = registration
    return badge


class BadgePngView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The registration's badge as PNG (A6, 300 dpi)", responses={(200, "image/png"): bytes})
    def get(self, request, code: str):
        badge = _badge_for(request, code)
        response = HttpResponse(render_png(badge=badge), content_type="image/png")
        response["Cache-Control"] = "private, no-store"
        return response


class BadgePdfView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The registration's badge as a print-ready A6 PDF", responses={(200, "application/pdf"): bytes}
    )
    def get(self, request, code: str):
        badge = _badge_for(request, code)
        response = HttpResponse(render_pdf(badges=[badge]), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="badge-{badge.registration.code}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class BadgeReprintView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Reprint a badge: revoke the old code and issue a new one (organizer)",
        request=None,
        responses={201: dict},
    )
    def post(self, request, code: str):
        registration = _registration_for(request, code)
        if not permissions.is_organizer(request.user, registration.convention):
            if permissions.is_team_member(request.user, registration.convention):
                raise ReadOnlyMember()
            raise NotFound()
        badge = badges.reprint_badge(registration=registration)
        return Response({"badge_id": badge.pk, "code": badge.code, "issued_at": badge.issued_at}, status=201)


class PrintFilterSerializer(serializers.Serializer):
    status = ChoiceField(choices=[RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT], required=False)
    ticket_type_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=100, required=False)
    codes = serializers.ListField(child=serializers.CharField(max_length=12), max_length=5000, required=False)


class PrintJobSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BadgePrintJob
        fields = ["id", "status", "filters", "total", "done", "error", "created_at", "finished_at", "download_url"]

    def get_download_url(self, job: BadgePrintJob) -> str | None:
        if job.status != PrintJobStatus.DONE:
            return None
        return f"/api/v1/events/{job.convention.slug}/badges/print/{job.pk}/badges.pdf"


class BadgePrintJobCreateView(OrganizerAPIView):
    @extend_schema(
        summary="Print badges in bulk into one PDF (organizer)",
        request=PrintFilterSerializer,
        responses={202: PrintJobSerializer},
    )
    def post(self, request, slug: str):
        convention = self.convention
        data = PrintFilterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = badge_printing.request_badge_print(
            convention=convention, filters=data.validated_data, requested_by=request.user
        )
        job.refresh_from_db()
        return Response(PrintJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class BadgePrintJobView(OrganizerAPIView):
    @extend_schema(summary="Status and progress of a bulk print job", responses=PrintJobSerializer)
    def get(self, request, slug: str, job_id: int):
        convention = self.convention
        job = get_object_or_404(BadgePrintJob.objects.select_related("convention"), pk=job_id, convention=convention)
        return Response(PrintJobSerializer(job).data)


class BadgePrintJobDownloadView(OrganizerAPIView):
    @extend_schema(
        summary="Download the PDF of a finished print job", responses={(200, "application/pdf"): OpenApiTypes.BINARY}
    )
    def get(self, request, slug: str, job_id: int):
        convention = self.convention
        job = get_object_or_404(BadgePrintJob, pk=job_id, convention=convention, status=PrintJobStatus.DONE)
        return FileResponse(job.file.open("rb"), content_type="application/pdf", filename=f"badges-{job.pk}.pdf")
