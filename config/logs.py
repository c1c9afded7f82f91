"""Structured logs that carry the id of the request (or Celery task) they belong to.

``RequestIdMiddleware`` (``config.middleware``) puts the id into ``current_request_id`` for the duration of a
request; ``RequestIdFilter`` copies it onto every log record as ``record.request_id``; ``JsonFormatter`` writes
one JSON object per line. Tasks enqueued during a request carry the id in a message header and the worker sets
it again while the task runs, so a registration's log lines and its confirmation mail's lines share one id.

``LOG_FORMAT`` chooses the console format: ``json`` (default when ``DEBUG`` is off) or ``plain`` (default with
``DEBUG=1``, for people reading a terminal).
"""

import json
import logging
import re
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

current_request_id: ContextVar[str | None] = ContextVar("messe_request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
CELERY_HEADER = "messe_request_id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@+=/-]{1,64}$")

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is worth keeping.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str | None:
    """Return a client- or proxy-supplied id if it is short and harmless in logs and headers, else None."""
    if value and _SAFE_REQUEST_ID.match(value):
        return value
    return None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, plus any ``extra=`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id.get() or "-",
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


def _attach_request_id_to_message(headers: dict | None = None, **_kwargs: Any) -> None:
    request_id = current_request_id.get()
    if headers is not None and request_id and CELERY_HEADER not in headers:
        headers[CELERY_HEADER] = request_id


def _enter_task(task: Any = None, **_kwargs: Any) -> None:
    # Eager tasks run inside the request and already see its id; a worker starts each task afresh.
    if task is None or getattr(task.request, "is_eager", False):
        return
    request_id = getattr(task.request, CELERY_HEADER, None)
    current_request_id.set(accept_request_id(request_id) or new_request_id())


def _leave_task(task: Any = None, **_kwargs: Any) -> None:
    if task is not None and not getattr(task.request, "is_eager", False):
        current_request_id.set(None)


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_attach_request_id_to_message, weak=False, dispatch_uid="messe_request_id_publish")
    task_prerun.connect(_enter_task, weak=False, dispatch_uid="messe_request_id_prerun")
    task_postrun.connect(_leave_task, weak=False, dispatch_uid="messe_request_id_postrun")
