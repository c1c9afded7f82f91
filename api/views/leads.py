from django.db.models import Count, Q
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import CapturesLeads, OrganizesConvention
from api.serializers.leads import LeadInputSerializer, LeadUpdateSerializer, lead_data
from events import permissions
from events.errors import ValidationFailed
from events.models import Convention, Exhibitor, Lead
from events.services import lead_exports, leads, privacy


class LeadListView(APIView):
    permission_classes = [CapturesLeads]
    exhibitor: Exhibitor

    @extend_schema(summary="The exhibitor's leads (that exhibitor's staff only)", responses=dict)
    def get(self, request, exhibitor_id: int):
        exhibitor = self.exhibitor
        rows = [lead_data(lead) for lead in privacy.hand_over_leads(exhibitor=exhibitor, actor=request.user)]
        return Response({"results": rows})

    @extend_schema(summary="Capture a lead by scanning a badge", request=LeadInputSerializer, responses=dict)
    def post(self, request, exhibitor_id: int):
        exhibitor = self.exhibitor
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
            user=request.user if permissions.device_of(request.user) is None else None,
        )
        body = {"result": "ok", **lead_data(lead), "created": created}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class LeadCsvView(APIView):
    permission_classes = [CapturesLeads]
    exhibitor: Exhibitor

    @extend_schema(
        summary="The exhibitor's leads as CSV (that exhibitor's staff only); ?preset=generic|salesforce|hubspot",
        responses={(200, "text/csv"): str},
    )
    def get(self, request, exhibitor_id: int):
        exhibitor = self.exhibitor
        preset = request.query_params.get("preset", "generic")
        if preset not in lead_exports.PRESETS:
            raise ValidationFailed(fields={"preset": sorted(lead_exports.PRESETS)})
        handed_over = privacy.hand_over_leads(exhibitor=exhibitor, actor=request.user)
        body = lead_exports.leads_csv(exhibitor=exhibitor, leads=handed_over, preset=preset)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{lead_exports.export_filename(exhibitor, preset)}"'
        return response


class LeadDetailView(APIView):
    permission_classes = [CapturesLeads]
    exhibitor: Exhibitor

    def _lead(self, request, exhibitor_id: int, lead_id: int):
        exhibitor = self.exhibitor
        lead = Lead.objects.filter(exhibitor=exhibitor, pk=lead_id).first()
        if lead is None:
            raise NotFound()
        return exhibitor, lead

    @extend_schema(
        operation_id="exhibitor_lead_retrieve",
        summary="One of the exhibitor's leads (that exhibitor's staff only)",
        responses=dict,
    )
    def get(self, request, exhibitor_id: int, lead_id: int):
        exhibitor, lead = self._lead(request, exhibitor_id, lead_id)
        handed_over = privacy.hand_over_leads(
            exhibitor=exhibitor, actor=request.user, leads=Lead.objects.filter(pk=lead.pk)
        )
        return Response(lead_data(handed_over[0]))

    @extend_schema(
        summary="Change a lead's notes, rating, tags or qualifier answers", request=LeadUpdateSerializer, responses=dict
    )
    def patch(self, request, exhibitor_id: int, lead_id: int):
        exhibitor, lead = self._lead(request, exhibitor_id, lead_id)
        data = LeadUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lead_exports.update_lead(
            lead=lead,
            notes=values.get("notes"),
            rating=values.get("rating"),
            clear_rating="rating" in values and values["rating"] is None,
            tags=values.get("tags"),
            answers=values.get("answers"),
        )
        handed_over = privacy.hand_over_leads(
            exhibitor=exhibitor, actor=request.user, leads=Lead.objects.filter(pk=lead.pk)
        )
        return Response(lead_data(handed_over[0]))


class LeadCountsView(APIView):
    permission_classes = [OrganizesConvention]  # every member of the team reads the counts
    convention: Convention

    @extend_schema(summary="Lead counts per exhibitor (organizer; no lead contents)", responses=dict)
    def get(self, request, slug: str):
        convention = self.convention
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
