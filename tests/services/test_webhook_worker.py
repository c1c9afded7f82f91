"""Webhook deliveries through a real Celery worker, Redis and PostgreSQL, to a real HTTP receiver."""

import json
import os
import signal
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from events.models import DeliveryStatus, WebhookDelivery
from events.services import webhooks
from tests import factories
from tests.conftest import require_postgresql
from tests.services.test_real_worker import (  # noqa: F401 (fixtures)
    REDIS_URL,
    producer_broker,
    require_redis,
    smtp_sink,
    start_worker,
    wait_until,
)
from tests.webhook_receiver import documented_verify, start_receiver

pytestmark = [pytest.mark.services, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_delivered(count: int) -> bool:
    return WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == count


def test_killed_worker_mid_delivery_each_event_reaches_each_endpoint_once(
    start_worker,  # noqa: F811 (the fixture imported above)
    monkeypatch,
    settings,
):
    require_postgresql()
    require_redis()
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    monkeypatch.setenv("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "1")
    convention = factories.ConventionFactory()
    receivers = [start_receiver() for _ in range(2)]
    endpoints = [
        webhooks.create_endpoint(convention=convention, url=receiver.url, event_types=["registration.confirmed"])
        for receiver, _ in receivers
    ]
    first_worker = start_worker(concurrency=1)
    killed = []

    def kill_the_worker_on_the_15th(seen: int) -> int | None:
        if seen == 14 and not killed:  # the 15th delivery is on the wire: its worker dies before the answer
            killed.append(True)
            os.killpg(first_worker.pid, signal.SIGKILL)
            return None
        return 200

    receivers[0][0].before_answer = kill_the_worker_on_the_15th
    try:
        with producer_broker(REDIS_URL):
            with transaction.atomic():
                for n in range(30):
                    webhooks.emit(convention=convention, event_type="registration.confirmed", data={"n": n})
            first_worker.wait(timeout=180)
            assert killed
            assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() < 60

            start_worker()
            # The beat job, run as it would be once the dead worker's claim has outlived its lease.
            webhooks.requeue_stuck_deliveries(now=timezone.now() + 2 * webhooks.SENDING_LEASE)
            wait_until(lambda: all_delivered(60), timeout=240, what="all 60 deliveries")
    finally:
        for _, server in receivers:
            server.shutdown()

    verify = documented_verify()
    for (receiver, _), endpoint in zip(receivers, endpoints, strict=True):
        answered = receiver.answered()
        assert Counter(Counter(item.headers["Messe-Event-Id"] for item in answered).values()) == Counter({1: 30})
        assert sorted(json.loads(item.body)["data"]["n"] for item in answered) == list(range(30))
        assert all(verify(endpoint.secret, item.headers["Messe-Signature"], item.body) for item in answered)
    # The dropped request was the only one the first receiver saw twice.
    assert len(receivers[0][0].received) == 31
    assert len(receivers[1][0].received) == 30
