from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from events import permissions
from events.selectors.devices import device_profile


class DeviceProfileView(APIView):
    """What a signed-in scanner shows and needs offline: its convention, check-in lists or exhibitor."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The calling device: convention, check-in lists (gate) or exhibitor (booth)", responses=dict)
    def get(self, request):
        device = permissions.device_of(request.user)
        if device is None:
            raise NotFound()
        return Response(device_profile(device=device))
