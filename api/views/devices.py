import base64

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.common import ChoiceField, ModelSerializer
from api.views.base import OrganizerAPIView
from events import permissions
from events.models import CheckinList, Device, DeviceKind, Exhibitor
from events.services import devices


class DeviceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = ChoiceField(choices=DeviceKind.choices)
    checkin_lists = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=200, default=list)
    exhibitor = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class DeviceSerializer(ModelSerializer):
    class Meta:
        model = Device
        fields = ["id", "name", "kind", "checkin_lists", "exhibitor", "created_at", "activated_at", "revoked_at"]


class SetupInputSerializer(serializers.Serializer):
    setup_code = serializers.CharField(max_length=64)


class DeviceListView(OrganizerAPIView):
    @extend_schema(
        summary="Gate and booth staff devices of a convention (organizer)", responses=DeviceSerializer(many=True)
    )
    def get(self, request, slug: str):
        convention = self.convention
        queryset = Device.objects.filter(convention=convention).prefetch_related("checkin_lists")
        return Response(DeviceSerializer(queryset, many=True).data)

    @extend_schema(
        summary="Create a device; the answer holds its one-time setup code and the code as a QR (PNG)",
        request=DeviceInputSerializer,
        responses={201: dict},
    )
    def post(self, request, slug: str):
        convention = self.convention
        data = DeviceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lists = list(CheckinList.objects.filter(convention=convention, pk__in=values["checkin_lists"]))
        if len(lists) != len(set(values["checkin_lists"])):
            raise serializers.ValidationError({"checkin_lists": ["Unknown check-in list."]})
        exhibitor = None
        if values.get("exhibitor"):
            exhibitor = Exhibitor.objects.filter(convention=convention, pk=values["exhibitor"]).first()
            if exhibitor is None:
                raise serializers.ValidationError({"exhibitor": ["Unknown exhibitor."]})
        device, setup_code = devices.create_device(
            convention=convention,
            name=values["name"],
            kind=values["kind"],
            checkin_lists=lists,
            exhibitor=exhibitor,
            created_by=request.user,
        )
        return Response(_with_setup_code(device, setup_code), status=status.HTTP_201_CREATED)


class DeviceRevokeView(OrganizerAPIView):
    @extend_schema(summary="Revoke a device's token (organizer)", request=None, responses=DeviceSerializer)
    def post(self, request, slug: str, device_id: int):
        convention = self.convention
        device = get_object_or_404(Device, pk=device_id, convention=convention)
        return Response(DeviceSerializer(devices.revoke_device(device=device)).data)


class DeviceActivateView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="Exchange a one-time setup code for a device token", request=SetupInputSerializer, responses=dict
    )
    def post(self, request):
        data = SetupInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        device, token = devices.activate_device(setup_code=data.validated_data["setup_code"])
        return Response(
            {
                "token": token,
                "authorization": f"Device {token}",
                "device": DeviceSerializer(device).data,
                "convention": device.convention.slug,
            },
            status=status.HTTP_201_CREATED,
        )


class BoothDeviceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class ExhibitorDeviceListView(APIView):
    """Booth devices are set up by the exhibitor's managers: a booth device reads the exhibitor's leads, and
    organizers see lead counts only."""

    permission_classes = [IsAuthenticated]

    def _exhibitor(self, request, exhibitor_id: int) -> Exhibitor:
        exhibitor = Exhibitor.objects.select_related("convention").filter(pk=exhibitor_id).first()
        if exhibitor is None or not permissions.can_create_booth_device(request.user, exhibitor):
            raise NotFound()
        return exhibitor

    @extend_schema(summary="The exhibitor's booth devices (its managers)", responses=DeviceSerializer(many=True))
    def get(self, request, exhibitor_id: int):
        exhibitor = self._exhibitor(request, exhibitor_id)
        queryset = Device.objects.filter(exhibitor=exhibitor).prefetch_related("checkin_lists")
        return Response(DeviceSerializer(queryset, many=True).data)

    @extend_schema(
        summary="Set up a booth device (the exhibitor's managers); the answer holds its one-time setup code",
        request=BoothDeviceInputSerializer,
        responses={201: dict},
    )
    def post(self, request, exhibitor_id: int):
        exhibitor = self._exhibitor(request, exhibitor_id)
        data = BoothDeviceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        device, setup_code = devices.create_device(
            convention=exhibitor.convention,
            name=data.validated_data["name"],
            kind=DeviceKind.BOOTH,
            exhibitor=exhibitor,
            created_by=request.user,
        )
        return Response(_with_setup_code(device, setup_code), status=status.HTTP_201_CREATED)


def _with_setup_code(device: Device, setup_code: str) -> dict:
    png = base64.b64encode(devices.setup_code_png(setup_code)).decode()
    return {
        **DeviceSerializer(device).data,
        "setup_code": setup_code,
        "setup_qr_png": f"data:image/png;base64,{png}",
        "setup_code_expires_at": device.setup_code_expires_at,
    }
