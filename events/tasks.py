"""Celery tasks: thin wrappers that call one service each and are safe to run twice."""

from celery import shared_task

from events.services import messages


@shared_task(
    name="events.deliver_message",
    bind=True,
    max_retries=8,
    autoretry_for=(messages.TransientDeliveryError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
)
def deliver_message(self, *, message_id: int) -> None:
    messages.deliver_message(message_id=message_id)  # claims, sends, marks; a second run finds nothing to do


@shared_task(name="events.requeue_stuck_messages")
def requeue_stuck_messages() -> int:
    return messages.requeue_stuck_messages()


@shared_task(name="events.build_badge_print_job")
def build_badge_print_job(*, job_id: int) -> None:
    from events.services import badge_printing  # the service module imports this one to enqueue

    badge_printing.build_badge_print_job(job_id=job_id)  # a second run finds the job claimed and returns


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
