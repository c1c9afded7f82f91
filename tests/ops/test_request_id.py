import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.signals import task_prerun
from kombu import Connection

from config.celery import app as celery_app
from config.logs import CELERY_HEADER, JsonFormatter, RequestIdFilter, current_request_id
from events import tasks


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Every log record, as the production console handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_without_id_gets_a_fresh_one(client):
    first = client.get("/healthz")
    second = client.get("/healthz")

    assert len(first["X-Request-ID"]) == 32
    assert int(first["X-Request-ID"], 16) >= 0
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_proxy_supplied_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-4f2a:gate-7")

    assert response["X-Request-ID"] == "lb-4f2a:gate-7"


@pytest.mark.parametrize(
    "unsafe",
    ["x" * 65, "two words", "evil\nline", "<script>", "säge", ""],
    ids=["too-long", "space", "newline", "markup", "non-ascii", "empty"],
)
def test_an_unsafe_request_id_is_replaced(client, unsafe):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)

    assert response["X-Request-ID"] != unsafe
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db  # the 404 page reads the legal links of the site's convention
def test_log_lines_of_a_request_carry_its_id_as_json(client, json_log):
    client.get("/api/docs/", HTTP_X_REQUEST_ID="req-1")
    client.get("/no-such-page", HTTP_X_REQUEST_ID="req-2")
    client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")  # healthy probes are not logged
    logging.getLogger("messe.test").info("between requests")

    lines = _lines(json_log)
    access = [line for line in lines if line["logger"] == "messe.access"]
    assert [(line["request_id"], line["method"], line["path"], line["status"]) for line in access] == [
        ("req-1", "GET", "/api/docs/", 200),
        ("req-2", "GET", "/no-such-page", 404),
    ]
    assert access[0]["client_ip"] == "127.0.0.1"
    assert isinstance(access[0]["duration_ms"], float)
    # Django logs the 404 after the middleware chain has returned; it still belongs to the request.
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert (not_found["level"], not_found["request_id"]) == ("WARNING", "req-2")
    assert lines[-1]["message"] == "between requests"
    assert lines[-1]["request_id"] == "-"


@pytest.mark.django_db
def test_readiness_failures_are_logged_under_the_request_id(client, json_log, tmp_path, monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it over the app's configuration
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.broker_url = "filesystem://"
    celery_app.conf.broker_transport_options = {"data_folder_in": str(tmp_path / "missing")}
    try:
        client.get("/readyz", HTTP_X_REQUEST_ID="probe-9")
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved

    [failure] = [line for line in _lines(json_log) if line["logger"] == "messe.health"]
    assert failure["message"] == "readiness check broker failed"
    assert failure["request_id"] == "probe-9"
    assert failure["check"] == "broker"
    assert "NotADirectoryError" in failure["exception"]


def test_json_formatter_includes_the_exception():
    record = logging.LogRecord("messe.test", logging.ERROR, __file__, 1, "failed %s", ("badly",), None)
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        import sys

        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)

    entry = json.loads(JsonFormatter().format(record))

    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"]) == (
        "ERROR",
        "messe.test",
        "failed badly",
        "-",
    )
    assert entry["exception"].splitlines()[-1] == "ZeroDivisionError: division by zero"


def test_tasks_enqueued_during_a_request_carry_its_id_to_the_worker(tmp_path: Path):
    queue = tmp_path / "queue"
    queue.mkdir()
    token = current_request_id.set("req-celery-1")
    try:
        with Connection(
            "filesystem://",
            transport_options={
                "data_folder_in": str(queue),
                "data_folder_out": str(queue),
                "control_folder": str(tmp_path),
            },
        ) as broker:
            celery_app.send_task("events.deliver_message", kwargs={"message_id": 42}, connection=broker)
    finally:
        current_request_id.reset(token)

    [message_file] = list(queue.iterdir())
    message = json.loads(message_file.read_text())
    assert message_file.name.endswith(".mail.msg")  # routed onto the mail queue
    assert message["headers"][CELERY_HEADER] == "req-celery-1"
    assert message["headers"]["task"] == "events.deliver_message"

    # In the worker the header is on task.request; the task's log lines get the id while it runs.
    task = tasks.requeue_stuck_messages
    task.push_request(id="task-1", is_eager=False, **{CELERY_HEADER: "req-celery-1"})
    try:
        task_prerun.send(sender=task, task_id="task-1", task=task, args=(), kwargs={})
        assert current_request_id.get() == "req-celery-1"
    finally:
        task.pop_request()
        current_request_id.set(None)
