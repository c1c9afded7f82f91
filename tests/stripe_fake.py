"""A stand-in for Stripe's HTTP API at the library's HTTP-client boundary, and local webhook signing.

``install_fake_stripe`` swaps ``stripe.default_http_client`` for ``FakeStripe``: the real library builds and
parses every request and response, but nothing leaves the machine.
"""

import json
import time
from urllib.parse import parse_qs, urlparse

import stripe

WEBHOOK_SECRET = "whsec_test_messe"


class FakeStripe(stripe.HTTPClient):
    name = "messe-fake"

    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        self.sessions: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}  # idempotency key -> refund, as Stripe replays keyed requests
        self.fail_with_status: int | None = None

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = urlparse(url).path
        params = {key: values[0] for key, values in parse_qs(post_data or "").items()}
        idempotency_key = (headers or {}).get("Idempotency-Key")
        self.requests.append({"method": method, "path": path, "params": params, "idempotency_key": idempotency_key})
        if self.fail_with_status:
            return self._reply({"error": {"type": "api_error", "message": "down"}}, self.fail_with_status)
        if method == "post" and path == "/v1/checkout/sessions":
            session_id = f"cs_test_{len(self.sessions) + 1}"
            session = {
                "id": session_id,
                "object": "checkout.session",
                "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                "payment_status": "unpaid",
                "status": "open",
                "amount_total": int(params["line_items[0][price_data][unit_amount]"]),
                "payment_intent": None,
                "metadata": {
                    "registration_id": params["metadata[registration_id]"],
                    "registration_code": params["metadata[registration_code]"],
                },
            }
            self.sessions[session_id] = session
            return self._reply(session)
        if method == "get" and path.startswith("/v1/checkout/sessions/"):
            return self._reply(self.sessions[path.rsplit("/", 1)[-1]])
        if method == "get" and path.startswith("/v1/charges/"):
            return self._reply(self.charges[path.rsplit("/", 1)[-1]])
        if method == "post" and path == "/v1/refunds":
            key = (headers or {}).get("Idempotency-Key")
            refund = self.refunds.setdefault(
                key,
                {
                    "id": f"re_test_{len(self.refunds) + 1}",
                    "object": "refund",
                    "status": "succeeded",
                    "payment_intent": params["payment_intent"],
                },
            )
            return self._reply(refund)
        return self._reply({"error": {"type": "invalid_request_error", "message": "no such route"}}, 404)

    def _reply(self, body: dict, status: int = 200):
        return json.dumps(body), status, {"request-id": "req_test"}

    def close(self):
        pass

    def pay(self, session_id: str, *, payment_intent: str = "pi_test_1") -> None:
        """What happens at Stripe when the attendee pays: the session is complete and paid."""
        self.sessions[session_id].update(status="complete", payment_status="paid", payment_intent=payment_intent)

    def calls(self, method: str, path: str) -> list[dict]:
        return [call for call in self.requests if call["method"] == method and call["path"] == path]


def install_fake_stripe(monkeypatch, settings) -> FakeStripe:
    fake = FakeStripe()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    settings.STRIPE_SECRET_KEY = "sk_test_messe"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return fake


def signed_event(event_type: str, object_id: str, *, event_id: str = "evt_test_1", secret: str = WEBHOOK_SECRET):
    """A webhook body and its ``Stripe-Signature`` header, signed as Stripe does (HMAC-SHA256 of "t.payload")."""
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": {"id": object_id, "object": event_type.rsplit(".", 1)[0]}},
        }
    )
    header = stripe.WebhookSignature.generate_signature_header(payload, secret)
    return payload, header
