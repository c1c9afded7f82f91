from pathlib import Path

import pytest
from kombu import Connection

from config.celery import app as celery_app


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("events.scan_badge", "realtime"),
        ("events.scan_batch", "realtime"),
        ("events.check_in_offline_batch", "realtime"),
        ("events.render_badge", "realtime"),
        ("events.deliver_message", "mail"),
        ("events.deliver_calendar_invite", "mail"),
        ("events.send_reminders", "mail"),
        ("events.fan_out_schedule_change", "bulk"),
        ("events.build_badge_print_job", "bulk"),
        ("events.export_leads", "bulk"),
        ("events.retention_purge", "bulk"),
        ("events.erase_attendee", "bulk"),
        ("events.requeue_stuck_messages", "default"),
        ("events.expire_pending_registrations", "default"),
    ],
)
def test_tasks_are_routed_by_name(task_name, queue):
    assert celery_app.amqp.router.route({}, task_name)["queue"].name == queue


def test_a_worker_without_queue_option_consumes_every_queue():
    assert sorted(celery_app.amqp.queues) == ["bulk", "default", "mail", "realtime"]
    assert celery_app.conf.task_default_queue == "default"


def test_tasks_are_acknowledged_late_one_at_a_time_with_time_limits():
    conf = celery_app.conf
    assert (conf.task_acks_late, conf.worker_prefetch_multiplier) == (True, 1)
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (240, 300)


def test_a_mail_burst_does_not_queue_ahead_of_a_scan(tmp_path: Path):
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(tmp_path)}
    with Connection("filesystem://", transport_options=options) as broker:
        for queue in celery_app.amqp.queues.values():
            queue(broker.default_channel).declare()  # as a worker consuming every queue does at start
        for message_id in range(200):
            celery_app.send_task("events.deliver_message", kwargs={"message_id": message_id}, connection=broker)
        celery_app.send_task("events.scan_badge", kwargs={"scan_id": 1}, connection=broker)

        waiting = {name: broker.default_channel._size(name) for name in celery_app.amqp.queues}
        realtime = broker.SimpleQueue("realtime")
        first = realtime.get(timeout=1)
        first.ack()
        realtime.close()

    assert waiting == {"default": 0, "realtime": 1, "mail": 200, "bulk": 0}
    assert first.headers["task"] == "events.scan_badge"
