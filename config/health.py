"""Liveness and readiness probes for load balancers and orchestrators.

``/healthz`` answers as long as the process serves requests; it touches nothing else, so a database outage does
not make the orchestrator restart healthy web workers. ``/readyz`` checks what a request needs (database,
Celery broker, cache) and answers 503 when one of them fails, so the balancer sends traffic elsewhere. The
checks run at once and share a deadline (``MESSE_READINESS_TIMEOUT_MS``): a broker that accepts the connection
and then hangs is reported as failed instead of holding the probe.

Failure details (which may name hosts) go to the log under the request id; the response names only the check
and the kind of error.
"""

import contextvars
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger("messe.health")


class CheckTimedOut(Exception):
    pass


class _BackgroundCheck:
    """Run a check in a daemon thread so that several checks share one deadline.

    A check that overruns keeps running in the background until its own socket timeouts end it; the probe
    answers on time regardless.
    """

    def __init__(self, name: str, check: Callable[[], None]) -> None:
        self.name = name
        self._check = check
        self._error: BaseException | None = None
        self._started = time.perf_counter()
        self._elapsed: float | None = None
        context = contextvars.copy_context()  # keeps the request id on the check's log lines
        self._thread = threading.Thread(
            target=context.run, args=(self._run,), name=f"messe-readiness-{name}", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        try:
            self._check()
        except BaseException as exc:
            self._error = exc
        finally:
            self._elapsed = time.perf_counter() - self._started

    def result(self, *, deadline: float) -> dict[str, Any]:
        self._thread.join(max(0.0, deadline - time.monotonic()))
        if self._thread.is_alive():
            return _failed(self.name, CheckTimedOut("no answer before the readiness deadline"), self._started)
        if self._error is not None:
            return _failed(self.name, self._error, self._started, elapsed=self._elapsed)
        return {"ok": True, "latency_ms": _milliseconds(self._elapsed)}


def check_database() -> None:
    # Runs in its own thread, hence on a connection of its own: close it so probes do not pile up connections.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_broker() -> None:
    from config.celery import app as celery_app

    timeout = settings.MESSE_READINESS_TIMEOUT
    transport_options = dict(celery_app.conf.broker_transport_options or {})
    transport_options.update(socket_timeout=timeout, socket_connect_timeout=timeout)
    with Connection(celery_app.conf.broker_url, connect_timeout=timeout, transport_options=transport_options) as broker:
        broker.ensure_connection(max_retries=0)
        channel = broker.channel()  # the Redis transport sends PING here
        channel.close()
        if broker.transport_cls == "filesystem":
            # The file-system transport "connects" without touching the disk; its queue is the folder.
            for option in ("data_folder_in", "data_folder_out"):
                folder = Path(transport_options.get(option) or ".")
                if not folder.is_dir() or not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
                    raise NotADirectoryError(f"broker folder {option} is missing or not writable")


def check_cache() -> None:
    key = f"messe:readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise LookupError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def _milliseconds(seconds: float | None) -> float:
    return round((seconds or 0.0) * 1000, 1)


def _failed(name: str, exc: BaseException, started: float, elapsed: float | None = None) -> dict[str, Any]:
    logger.warning("readiness check %s failed", name, exc_info=exc, extra={"check": name})
    if elapsed is None:
        elapsed = time.perf_counter() - started
    return {"ok": False, "error": type(exc).__name__, "latency_ms": _milliseconds(elapsed)}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    # All three run at once and share one deadline, so a hanging database (PostgreSQL waits for an unreachable
    # host without limit by default), broker or cache cannot hold the probe.
    deadline = time.monotonic() + settings.MESSE_READINESS_TIMEOUT
    running = [
        _BackgroundCheck("database", check_database),
        _BackgroundCheck("broker", check_broker),
        _BackgroundCheck("cache", check_cache),
    ]
    checks = {check.name: check.result(deadline=deadline) for check in running}
    ready = all(result["ok"] for result in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
