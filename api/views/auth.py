"""Organizer API tokens (DRF authtoken): exchange a username and password for a token, or revoke it."""

from typing import Any, cast

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parsers import MesseJSONParser
from api.serializers.auth import TokenRequestSerializer, TokenSerializer
from api.serializers.common import ErrorSerializer
from api.throttling import TokenRateThrottle
from events.errors import InvalidCredentials


class AuthTokenView(APIView):
    # Only token authentication: the login itself needs none, and revoking must name the token to revoke.
    authentication_classes = [TokenAuthentication]
    throttle_classes = [TokenRateThrottle]
    # JSON, or a plain form post (``curl -d username=… -d password=…``), as DRF's own token view accepts.
    parser_classes = [MesseJSONParser, FormParser, MultiPartParser]

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        tags=["auth"],
        summary="Get an API token",
        description=(
            "Returns the account's token (the same one until it is revoked). The body is JSON or form data "
            "(`application/x-www-form-urlencoded`, `multipart/form-data`). Attempts are limited per client "
            "address (`MESSE_THROTTLE_AUTH_TOKEN`, default 20/min); beyond that 429 `throttled` with `retry_after`."
        ),
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise InvalidCredentials()
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        tags=["auth"],
        summary="Revoke the API token",
        description="Revokes the token sent in `Authorization: Token …`; the next login issues a new one.",
        request=None,
        responses={204: None, 401: ErrorSerializer},
    )
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
