from django.db import transaction
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import AttendeeTokenAuthentication
from api.device_authentication import DeviceTokenAuthentication
from api.permissions import OrganizesConvention, ReadsCheckinKeys
from api.serializers.checkin import (
    AnnulInputSerializer,
    CheckinListSerializer,
    ScanBatchInputSerializer,
    ScanInputSerializer,
    ScanResultSerializer,
    scan_data,
    scan_input,
)
from api.views.base import OrganizerAPIView
from events import permissions
from events.models import CheckinList, Convention
from events.selectors.checkin import checkin_counters, checkin_list_for_scanner, offline_verification_data
from events.services import badges, scanning


def _scan_list(request, slug: str, list_id: int) -> CheckinList:
    checkin_list = checkin_list_for_scanner(user=request.user, slug=slug, list_id=list_id)
    if checkin_list is None:
        raise NotFound()
    return checkin_list


def _scanner(request) -> dict:
    device = permissions.device_of(request.user)
    return {"device": device, "user": None if device else request.user}


class CheckinKeysView(APIView):
    permission_classes = [ReadsCheckinKeys]
    convention: Convention

    @extend_schema(summary="Public keys and revocation list for offline badge verification", responses=dict)
    def get(self, request, slug: str):
        return Response(offline_verification_data(convention=self.convention))


class CheckinListView(generics.ListCreateAPIView):
    permission_classes = [OrganizesConvention]
    serializer_class = CheckinListSerializer
    pagination_class = None
    convention: Convention

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no convention
            return CheckinList.objects.none()
        return CheckinList.objects.filter(convention=self.convention).prefetch_related("ticket_types")

    @extend_schema(summary="Create a check-in list (organizer)")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform_create(self, serializer):
        convention = self.convention
        foreign = [t for t in serializer.validated_data.get("ticket_types", []) if t.convention_id != convention.pk]
        room = serializer.validated_data.get("room")
        if foreign or (room is not None and room.convention_id != convention.pk):
            raise serializers.ValidationError({"ticket_types": ["Must belong to this convention."]})
        with transaction.atomic():
            serializer.save(convention=convention)


# Gate devices do nearly all scanning, so their scheme is tried first and a device scan stops there (the other
# schemes are still accepted: organizers scan with their token or session). The scan views set
# ``reads_scan_list_with_device``: the device's statement reads the URL's check-in list as well.
SCANNER_AUTHENTICATION = [
    DeviceTokenAuthentication,
    TokenAuthentication,
    AttendeeTokenAuthentication,
    SessionAuthentication,
]


class ScanView(APIView):
    authentication_classes = SCANNER_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    reads_scan_list_with_device = True

    @extend_schema(
        summary="Scan a badge at a check-in list", request=ScanInputSerializer, responses=ScanResultSerializer
    )
    def post(self, request, slug: str, list_id: int):
        checkin_list = _scan_list(request, slug, list_id)
        values = scan_input(request.data)
        scan, replayed = scanning.scan_badge(
            checkin_list=checkin_list,
            code=values["code"],
            nonce=values["nonce"],
            direction=values["direction"],
            scanned_at=values.get("scanned_at"),
            device_label=values["device"],
            **_scanner(request),
        )
        return Response(scan_data(scan, replayed=replayed))


class ScanBatchView(APIView):
    authentication_classes = SCANNER_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    reads_scan_list_with_device = True

    @extend_schema(
        summary="Upload up to 500 offline scans; applied in scanned_at order",
        request=ScanBatchInputSerializer,
        responses=inline_serializer("ScanBatchResults", fields={"results": ScanResultSerializer(many=True)}),
    )
    def post(self, request, slug: str, list_id: int):
        checkin_list = _scan_list(request, slug, list_id)
        data = ScanBatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = scanning.scan_batch(
            checkin_list=checkin_list, scans=data.validated_data["scans"], **_scanner(request)
        )
        return Response({"results": [scan_data(scan, replayed=replayed) for scan, replayed in results]})


class ScanAnnulView(APIView):
    authentication_classes = SCANNER_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    reads_scan_list_with_device = True

    @extend_schema(
        summary="Annul an accepted scan (same device, within 15 minutes)",
        request=AnnulInputSerializer,
        responses=ScanResultSerializer,
    )
    def post(self, request, slug: str, list_id: int, nonce: str):
        checkin_list = _scan_list(request, slug, list_id)
        data = AnnulInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scan = scanning.annul_scan(
            checkin_list=checkin_list, nonce=nonce, device_label=data.validated_data["device"], **_scanner(request)
        )
        stored = scanning.stored_scan(checkin_list=checkin_list, nonce=scan.nonce)
        return Response(scan_data(stored or scan, replayed=False))


class CheckinCountersView(OrganizerAPIView):
    @extend_schema(summary="Checked in now per list, entries per hour and per day (organizer)", responses=dict)
    def get(self, request, slug: str):
        convention = self.convention
        return Response(checkin_counters(convention=convention))


class CheckinKeyRotateView(OrganizerAPIView):
    @extend_schema(
        summary="Sign new badges with a fresh key; older badges stay valid (organizer)",
        request=None,
        responses={201: dict},
    )
    def post(self, request, slug: str):
        convention = self.convention
        key = badges.rotate_signing_key(convention=convention)
        return Response({"key_id": key.key_id, "created_at": key.created_at}, status=201)
