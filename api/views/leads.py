import csv
import io

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.leads import PERSONAL_FIELDS, LeadInputSerializer, lead_data
from events import permissions
from events.models import Convention, Exhibitor
from events.services import leads, privacy


def _exhibitor_for_staff(request, exhibitor_id: int) -> Exhibitor:
    exhibitor = Exhibitor.objects.filter(pk=exhibitor_id).first()
    if exhibitor is None or not permissions.can_capture_leads(request.user, exhibitor):
        raise NotFound()
    return exhibitor


class LeadListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The exhibitor's leads (that exhibitor's staff only)", responses=dict)
    def get(self, request, exhibitor_id: int):
        exhibitor = _exhibitor_for_staff(request, exhibitor_id)
        rows = [lead_data(lead) for lead in privacy.hand_over_leads(exhibitor=exhibitor, actor=request.user)]
        return Response({"results": rows})

    @extend_schema(summary="Capture a lead by scanning a badge", request=LeadInputSerializer, responses=dict)
    def post(self, request, exhibitor_id: int):
        exhibitor = _exhibitor_for_staff(request, exhibitor_id)
        data = LeadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lead, created = leads.capture_lead(
            exhibitor=exhibitor,
            code=values["code"],
            nonce=values["nonce"],
            notes=values.get("notes"),
            rating=values.get("rating"),
            tags=values.get("tags"),
            answers=values.get("answers"),
            device=permissions.device_of(request.user),
        )
        body = {"result": "ok", **lead_data(lead), "created": created}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class LeadCsvView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The exhibitor's leads as CSV (that exhibitor's staff only)", responses={(200, "text/csv"): str}
    )
    def get(self, request, exhibitor_id: int):
        exhibitor = _exhibitor_for_staff(request, exhibitor_id)
        out = io.StringIO()
        writer = csv.writer(out)
        columns = [
            "id",
            "reference",
            "consent",
            *PERSONAL_FIELDS,
            "rating",
            "tags",
            "notes",
            "first_scanned_at",
            "last_scanned_at",
        ]
        writer.writerow(columns)
        for lead in privacy.hand_over_leads(exhibitor=exhibitor, actor=request.user):
            row = lead_data(lead)
            row["tags"] = ";".join(row["tags"])
            writer.writerow([_csv_safe(row.get(column, "")) for column in columns])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="leads-{exhibitor.slug}.csv"'
        return response


def _csv_safe(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells starting with these characters as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class LeadCountsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Lead counts per exhibitor (organizer; no lead contents)", responses=dict)
    def get(self, request, slug: str):
        convention = get_object_or_404(Convention, slug=slug)
        if not permissions.is_organizer(request.user, convention):
            raise NotFound()
        rows = (
            Exhibitor.objects.filter(convention=convention)
            .annotate(leads_total=Count("leads"), leads_with_consent=Count("leads", filter=Q(leads__has_consent=True)))
            .order_by("name", "pk")
        )
        return Response(
            {
                "results": [
                    {
                        "exhibitor": row.pk,
                        "name": row.name,
                        "leads": row.leads_total,
                        "with_consent": row.leads_with_consent,
                    }
                    for row in rows
                ]
            }
        )
