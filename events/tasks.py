"""Celery tasks: thin wrappers that call one service each and are safe to run twice."""

from celery import shared_task

from events.services import messages


@shared_task(name="events.deliver_message", bind=True, max_retries=messages.MAX_DELIVERY_ATTEMPTS)
def deliver_message(self, *, message_id: int) -> None:
    try:
        messages.deliver_message(message_id=message_id)  # claims, sends, marks; a second run finds nothing to do
    except messages.TransientDeliveryError as exc:
        attempts = messages.OutboundMessage.objects.filter(pk=message_id).values_list("attempts", flat=True).first()
        raise self.retry(exc=exc, countdown=messages.retry_delay(attempts=attempts or 1)) from exc


@shared_task(name="events.requeue_stuck_messages")
def requeue_stuck_messages() -> int:
    return messages.requeue_stuck_messages()


@shared_task(name="events.build_badge_print_job")
def build_badge_print_job(*, job_id: int) -> None:
    from events.services import badge_printing  # the service module imports this one to enqueue

    badge_printing.build_badge_print_job(job_id=job_id)  # a second run finds the job claimed and returns


@shared_task(name="events.fail_stalled_print_jobs")
def fail_stalled_print_jobs() -> int:
    from events.services import badge_printing

    return badge_printing.fail_stalled_print_jobs()


@shared_task(name="events.expire_held_registrations")
def expire_held_registrations() -> int:
    from events.services import registration

    return registration.expire_held_registrations()


@shared_task(
    name="events.refund_registration_payment",
    bind=True,
    max_retries=8,
    retry_backoff=10,
    retry_backoff_max=900,
    retry_jitter=True,
)
def refund_registration_payment(self, *, registration_id: int) -> None:
    from events.services import payments

    try:
        payments.refund_registration_payment(registration_id=registration_id)  # idempotency key: safe twice
    except payments.RETRYABLE_STRIPE_ERRORS as exc:
        raise self.retry(exc=exc) from exc


@shared_task(name="events.deliver_messages")
def deliver_messages(*, message_ids: list[int]) -> None:
    retries = messages.deliver_messages(message_ids=message_ids)
    for message_id, countdown in retries.items():  # transient failures retry one by one, with backoff
        deliver_message.apply_async(kwargs={"message_id": message_id}, countdown=countdown)


@shared_task(name="events.fan_out_release_updates")
def fan_out_release_updates(*, release_id: int) -> int:
    from events.models import ScheduleRelease
    from events.services import calendar

    release = ScheduleRelease.objects.filter(pk=release_id).first()
    if release is None:
        return 0  # the release transaction rolled back
    return calendar.fan_out_release_updates(release=release)


@shared_task(name="events.fan_out_latest_releases")
def fan_out_latest_releases() -> int:
    from events.services import calendar

    return calendar.fan_out_recent_releases()


@shared_task(name="events.send_due_reminders")
def send_due_reminders() -> int:
    from events.services import followup

    return followup.send_due_reminders()


@shared_task(name="events.send_due_session_materials")
def send_due_session_materials() -> int:
    from events.services import followup

    return followup.send_due_session_materials()


@shared_task(name="events.send_due_speaker_reminders")
def send_due_speaker_reminders() -> int:
    from events.services import speakers

    return speakers.send_due_speaker_reminders()


@shared_task(name="events.send_due_exhibitor_digests")
def send_due_exhibitor_digests() -> int:
    from events.services import followup

    return followup.send_due_exhibitor_digests()


@shared_task(name="events.apply_retention")
def apply_retention() -> dict:
    from events.services import privacy

    return privacy.apply_retention()  # erased registrations are skipped, so a second run changes nothing


@shared_task(name="events.fan_out_announcement")
def fan_out_announcement(*, announcement_id: int) -> int:
    from events.models import Announcement
    from events.services import announcements

    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:
        return 0  # the sending transaction rolled back
    return announcements.fan_out_announcement(announcement=announcement)  # skips recipients queued before


@shared_task(name="events.fan_out_stalled_announcements")
def fan_out_stalled_announcements() -> int:
    from events.services import announcements

    return announcements.fan_out_stalled_announcements()


@shared_task(name="events.deliver_webhook", bind=True, max_retries=12)
def deliver_webhook(self, *, delivery_id: int) -> None:
    from events.services import webhooks  # the service module imports this one to enqueue

    try:
        webhooks.deliver(delivery_id=delivery_id)  # claims, posts, marks; a second run finds nothing to do
    except webhooks.TransientWebhookError as exc:
        attempts = webhooks.WebhookDelivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True).first()
        raise self.retry(exc=exc, countdown=webhooks.retry_delay(attempts=attempts or 1)) from exc


@shared_task(name="events.requeue_stuck_webhook_deliveries")
def requeue_stuck_webhook_deliveries() -> int:
    from events.services import webhooks

    return webhooks.requeue_stuck_deliveries()


@shared_task(name="events.emit_checkin_counts")
def emit_checkin_counts() -> int:
    from events.services import webhook_events

    return webhook_events.emit_checkin_counts()
