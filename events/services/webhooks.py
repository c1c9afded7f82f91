"""Webhooks: signed HTTP deliveries of what happens at a convention, through an outbox of their own.

``emit`` runs inside the transaction of the change it reports. It writes one ``WebhookEvent`` and one
``WebhookDelivery`` per subscribed endpoint, and enqueues the deliveries after commit: a rolled-back change
sends nothing, a committed one is never lost (``requeue_stuck_deliveries`` picks up what never reached a worker).

A worker claims a delivery with a conditional UPDATE (pending → sending); only the caller whose update hit the
row sends it. The unique (endpoint, event) pair means an event is queued at most once per endpoint. The one
window for a repeated delivery is a worker dying after the receiver answered but before the row was marked
delivered; the claim lease (``SENDING_LEASE``) then hands it out again, with the same ``Messe-Event-Id`` so the
receiver can drop it (docs/webhooks.md).

Signature: ``Messe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>``; during a secret rotation a
second ``v1=`` signed with the previous secret follows until it expires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.errors import InvalidWebhookEndpoint
from events.models import Convention, Exhibitor
from events.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
)

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "Messe-Signature"
EVENT_ID_HEADER = "Messe-Event-Id"
EVENT_TYPE_HEADER = "Messe-Event-Type"
# A receiver has this long to answer; a slow receiver must not hold a worker for minutes.
REQUEST_TIMEOUT_SECONDS = 10
# A delivery claimed longer ago than this belongs to a worker that died mid-send: it is handed out again.
SENDING_LEASE = dt.timedelta(seconds=REQUEST_TIMEOUT_SECONDS * 3)
# A pending delivery older than this never reached a worker (broker down, process killed before on_commit).
PENDING_GRACE = dt.timedelta(minutes=1)
MAX_ATTEMPTS = 12
# Failed attempts in a row (over all of an endpoint's deliveries) before the endpoint is paused.
PAUSE_AFTER_FAILURES = 20
ROTATION_GRACE = dt.timedelta(hours=24)
MAX_EVENT_TYPES = len(WebhookEventType.values)

# Convention endpoints may subscribe to every type but leads; exhibitor endpoints to leads only.
CONVENTION_EVENT_TYPES = frozenset(WebhookEventType.values) - {WebhookEventType.LEAD_CAPTURED}
EXHIBITOR_EVENT_TYPES = frozenset({WebhookEventType.LEAD_CAPTURED})


class TransientWebhookError(Exception):
    """The receiver did not take the delivery now; the task retries with backoff."""


# --- endpoints --------------------------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _allowed_event_types(*, exhibitor: Exhibitor | None) -> frozenset[str]:
    return EXHIBITOR_EVENT_TYPES if exhibitor is not None else CONVENTION_EVENT_TYPES


def _validated(*, url: str, event_types: Iterable[str], exhibitor: Exhibitor | None) -> tuple[str, list[str]]:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidWebhookEndpoint(_("The URL must start with https:// (or http://) and name a host."))
    if parts.scheme == "http" and not settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS:
        raise InvalidWebhookEndpoint(_("Webhooks are delivered over https:// only."))
    types = sorted(set(event_types))
    allowed = _allowed_event_types(exhibitor=exhibitor)
    unknown = [event_type for event_type in types if event_type not in allowed]
    if unknown or not types:
        raise InvalidWebhookEndpoint(
            _("Choose event types among: %(valid)s.") % {"valid": ", ".join(sorted(allowed))},
            fields={"event_types": sorted(unknown) or ["required"]},
        )
    return url, types


def create_endpoint(
    *,
    convention: Convention,
    url: str,
    event_types: Iterable[str],
    description: str = "",
    exhibitor: Exhibitor | None = None,
) -> WebhookEndpoint:
    """Register an endpoint with a fresh secret (shown to its owner in the answer to this call)."""
    url, types = _validated(url=url, event_types=event_types, exhibitor=exhibitor)
    return WebhookEndpoint.objects.create(
        convention=convention,
        exhibitor=exhibitor,
        url=url,
        description=description,
        event_types=types,
        secret=new_secret(),
    )


def update_endpoint(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    url, types = _validated(
        url=url if url is not None else endpoint.url,
        event_types=event_types if event_types is not None else endpoint.event_types,
        exhibitor=endpoint.exhibitor,
    )
    endpoint.url, endpoint.event_types = url, types
    if description is not None:
        endpoint.description = description
    if is_active is not None:
        endpoint.is_active = is_active
    endpoint.save(update_fields=["url", "event_types", "description", "is_active"])
    return endpoint


def rotate_secret(*, endpoint: WebhookEndpoint, now: dt.datetime | None = None) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs too for ``ROTATION_GRACE``, so receivers can switch."""
    now = now or timezone.now()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_expires_at = now + ROTATION_GRACE
        endpoint.secret = new_secret()
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return endpoint


def resume_endpoint(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Lift a pause: deliveries that waited are sent again, oldest first."""
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(paused_at=None, consecutive_failures=0)
        waiting = list(
            WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        WebhookDelivery.objects.filter(pk__in=waiting).update(next_attempt_at=None)
        _enqueue_on_commit(delivery_ids=waiting)
    endpoint.refresh_from_db()
    return endpoint


# --- signing ----------------------------------------------------------------------------------------------------


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(*, endpoint: WebhookEndpoint, timestamp: int, body: bytes, now: dt.datetime) -> str:
    parts = [f"t={timestamp}", f"v1={sign(secret=endpoint.secret, timestamp=timestamp, body=body)}"]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and endpoint.previous_secret_expires_at > now:
        parts.append(f"v1={sign(secret=endpoint.previous_secret, timestamp=timestamp, body=body)}")
    return ",".join(parts)


def verify_signature(*, secret: str, header: str, body: bytes, tolerance: int = 300, now: float | None = None) -> bool:
    """What a receiver does (docs/webhooks.md has the same in a few lines of plain Python)."""
    fields = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [value for key, value in fields if key == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    timestamp = int(timestamps[0])
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, value) for key, value in fields if key == "v1")


# --- emitting ---------------------------------------------------------------------------------------------------


def _subscribed(*, convention: Convention, event_type: str, exhibitor: Exhibitor | None) -> list[WebhookEndpoint]:
    endpoints = WebhookEndpoint.objects.filter(convention=convention, is_active=True)
    if event_type in EXHIBITOR_EVENT_TYPES:
        # Leads go to the exhibitor's own endpoints, nowhere else: not to the organizer, not to a co-exhibitor.
        if exhibitor is None:
            return []
        endpoints = endpoints.filter(exhibitor=exhibitor)
    else:
        endpoints = endpoints.filter(exhibitor__isnull=True)
    return [endpoint for endpoint in endpoints if event_type in endpoint.event_types]


def emit(
    *, convention: Convention, event_type: str, data: dict[str, Any], exhibitor: Exhibitor | None = None
) -> WebhookEvent | None:
    """Record ``event_type`` for every endpoint subscribed to it, inside the caller's transaction.

    Returns ``None`` (and writes nothing) when no endpoint listens: conventions without webhooks pay one query.
    """
    endpoints = _subscribed(convention=convention, event_type=event_type, exhibitor=exhibitor)
    if not endpoints:
        return None
    payload = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            convention=convention, exhibitor=exhibitor, event_type=event_type, data=payload
        )
        deliveries = WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(endpoint=endpoint, event=event) for endpoint in endpoints]
        )
        _enqueue_on_commit(delivery_ids=[delivery.pk for delivery in deliveries])
    return event


def body_of(*, event: WebhookEvent) -> bytes:
    """The JSON body a receiver gets: the same bytes for every attempt, so a signature can be re-checked."""
    document = {
        "id": str(event.event_id),
        "type": event.event_type,
        "created_at": event.created_at.isoformat(),
        "convention": event.convention.slug,
        "data": event.data,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


# --- delivering -------------------------------------------------------------------------------------------------


def enqueue(*, delivery_ids: list[int]) -> int:
    """Publish one task per delivery; a broker that is down leaves them pending for the requeue job."""
    from events import tasks

    published = 0
    for delivery_id in delivery_ids:
        try:
            tasks.deliver_webhook.apply_async(kwargs={"delivery_id": delivery_id}, retry=False)
        except Exception:
            logger.warning("broker unavailable; %d webhook deliveries wait", len(delivery_ids) - published)
            break
        published += 1
    return published


def _enqueue_on_commit(*, delivery_ids: list[int]) -> None:
    if delivery_ids:
        transaction.on_commit(lambda: enqueue(delivery_ids=delivery_ids))


def claim(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """pending → sending, for a delivery whose endpoint is not paused; True only for the caller that won."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        endpoint__paused_at__isnull=True,
        endpoint__is_active=True,
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def retry_delay(*, attempts: int) -> int:
    """Seconds before the next attempt: 10 s doubling per attempt, capped at one hour."""
    return min(3600, 10 * 2 ** max(attempts - 1, 0))


def _is_public_address(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return True  # unresolvable: the request itself will fail and be retried
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            return False
    return True


def post(*, url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` and return the HTTP status; network trouble raises ``OSError``."""
    host = urlsplit(url).hostname or ""
    if not settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS and not _is_public_address(host):
        raise PermissionError(f"{host} resolves to a private address")
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def deliver(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookDelivery | None:
    """Send one delivery if this caller wins the claim; safe to call any number of times.

    A 2xx answer marks it delivered. Anything else puts it back to pending with ``next_attempt_at`` and raises
    ``TransientWebhookError`` so the task retries with backoff; after ``MAX_ATTEMPTS`` it is failed. Every
    failed attempt counts against the endpoint, which is paused (and its organizers told) after
    ``PAUSE_AFTER_FAILURES`` in a row.
    """
    if not claim(delivery_id=delivery_id, now=now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint", "event__convention").get(pk=delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    body = body_of(event=event)
    sent_at = timezone.now()
    signature = signature_header(endpoint=endpoint, timestamp=int(sent_at.timestamp()), body=body, now=sent_at)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Messe-Webhooks/1",
        EVENT_ID_HEADER: str(event.event_id),
        EVENT_TYPE_HEADER: event.event_type,
        SIGNATURE_HEADER: signature,
    }
    status: int | None = None
    error = ""
    try:
        status = post(url=endpoint.url, body=body, headers=headers)
    except Exception as exc:  # network trouble, timeouts, a refused address: all worth another try
        error = f"{type(exc).__name__}: {exc}"[:2000]
    if status is not None and 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.DELIVERED, response_status=status, delivered_at=timezone.now(), last_error=""
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk, consecutive_failures__gt=0).update(consecutive_failures=0)
        delivery.refresh_from_db()
        return delivery
    return _record_failure(delivery=delivery, status=status, error=error or f"HTTP {status}")


def _record_failure(*, delivery: WebhookDelivery, status: int | None, error: str) -> WebhookDelivery:
    final = delivery.attempts >= MAX_ATTEMPTS
    next_attempt_at = None if final else timezone.now() + dt.timedelta(seconds=retry_delay(attempts=delivery.attempts))
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
            response_status=status,
            last_error=error,
            next_attempt_at=next_attempt_at,
        )
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        endpoint.consecutive_failures += 1
        if endpoint.paused_at is None and endpoint.consecutive_failures >= PAUSE_AFTER_FAILURES:
            endpoint.paused_at = timezone.now()
            _tell_organizers_of_pause(endpoint=endpoint)
        endpoint.save(update_fields=["consecutive_failures", "paused_at"])
    delivery.refresh_from_db()
    if final:
        logger.warning("webhook delivery %s failed for good: %s", delivery.pk, error)
        return delivery
    raise TransientWebhookError(error)


def _tell_organizers_of_pause(*, endpoint: WebhookEndpoint) -> None:
    from events.selectors.conventions import organizer_emails
    from events.services import messages

    convention = endpoint.convention
    recipients = sorted({email for email in organizer_emails(convention=convention) if email})
    for recipient in recipients:
        messages.queue_message(
            idempotency_key=f"webhook_paused:{endpoint.pk}:{endpoint.paused_at:%Y%m%d%H%M%S}:{recipient}",
            kind="webhook_paused",
            recipient=recipient,
            subject=f"{convention.name}: webhook paused ({endpoint.url})",
            body_text=(
                f"Deliveries to {endpoint.url} failed {endpoint.consecutive_failures} times in a row, so Messe "
                "paused this endpoint. Nothing is lost: the waiting events are sent once you resume it "
                "(POST …/webhooks/{id}/resume/ or the organizer area).\n".replace("{id}", str(endpoint.pk))
            ),
            convention=convention,
            language="en",
        )


def requeue_stuck_deliveries(*, now: dt.datetime | None = None) -> int:
    """Free claims of workers that died mid-send and re-enqueue due deliveries that never reached a worker."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - SENDING_LEASE).update(
        status=DeliveryStatus.PENDING
    )
    due = list(
        WebhookDelivery.objects.filter(
            Q(next_attempt_at__isnull=True, created_at__lt=now - PENDING_GRACE) | Q(next_attempt_at__lte=now),
            status=DeliveryStatus.PENDING,
            endpoint__paused_at__isnull=True,
            endpoint__is_active=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    enqueue(delivery_ids=due)
    return len(due)
