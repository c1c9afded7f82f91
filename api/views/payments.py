"""The Stripe webhook: signature first, then the payments service (which re-reads the object from Stripe)."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.services import payments


class RawBodyParser(BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read()


class StripeWebhookView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    parser_classes = [RawBodyParser]

    @extend_schema(
        request=None,
        responses={200: dict},
        description=(
            "Stripe events (checkout.session.completed/expired, charge.refunded). The Stripe-Signature header "
            "must verify (400 `invalid_signature` otherwise); each event id acts at most once."
        ),
    )
    def post(self, request: Request) -> Response:
        # The signature covers the exact bytes Stripe sent: read the raw body, never a re-serialized one.
        outcome = payments.handle_webhook(payload=request.body, signature=request.headers.get("Stripe-Signature", ""))
        return Response({"received": True, "outcome": outcome})
