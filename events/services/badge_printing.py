"""Bulk badge printing: an organizer's filter becomes a ``BadgePrintJob`` row, a worker builds one PDF.

A job never stays ``pending`` silently: when the broker cannot take the build, the job is marked failed with a
message saying so and the request answers 503 (the organizer asks again once the queue is back); a build whose
worker died is failed by ``fail_stalled_print_jobs``. Erasing an attendee rebuilds every PDF that may show them
(``rebuild_prints_after_erasure``), so no stored file keeps an erased name.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from events import tasks
from events.errors import PrintQueueUnavailable
from events.models import BadgePrintJob, Convention, PrintJobStatus, Registration, RegistrationStatus
from events.services.badge_rendering import render_pdf
from events.services.badges import issue_missing_badges

PROGRESS_EVERY = 50
QUEUE_UNAVAILABLE = "The print queue was unavailable; the job did not start. Please request it again."
WORKER_STOPPED = "The worker building this job stopped; please request it again."

logger = logging.getLogger(__name__)


def registrations_for_print(*, convention: Convention, filters: dict):
    """Registrations matching a print filter: ``status`` (default confirmed), ``ticket_type_ids``, ``codes``."""
    queryset = Registration.objects.filter(
        convention=convention, status=filters.get("status") or RegistrationStatus.CONFIRMED, erased_at__isnull=True
    )
    if filters.get("ticket_type_ids"):
        queryset = queryset.filter(ticket_type_id__in=filters["ticket_type_ids"])
    if filters.get("codes"):
        queryset = queryset.filter(code__in=filters["codes"])
    return queryset.select_related("convention", "ticket_type").order_by("last_name", "first_name", "pk")


def request_badge_print(*, convention: Convention, filters: dict, requested_by: User) -> BadgePrintJob:
    """Create a print job and enqueue its build after commit.

    Raises ``PrintQueueUnavailable`` (503) when the broker cannot take the build; the job row is then marked
    failed with that reason, never left pending.
    """
    with transaction.atomic():
        job = BadgePrintJob.objects.create(
            convention=convention,
            filters=filters,
            requested_by=requested_by,
            total=registrations_for_print(convention=convention, filters=filters).count(),
        )
        transaction.on_commit(lambda: _enqueue_build(job_id=job.pk))
    job.refresh_from_db()
    if job.status == PrintJobStatus.FAILED:
        raise PrintQueueUnavailable(job_id=job.pk)
    return job


def _enqueue_build(*, job_id: int) -> bool:
    # retry=False: a request must not hang in kombu's publish retries while the broker is away.
    try:
        tasks.build_badge_print_job.apply_async(kwargs={"job_id": job_id}, retry=False)
    except Exception:
        logger.warning("broker unavailable; print job %s failed", job_id, exc_info=True)
        BadgePrintJob.objects.filter(pk=job_id, status=PrintJobStatus.PENDING).update(
            status=PrintJobStatus.FAILED, error=QUEUE_UNAVAILABLE, finished_at=timezone.now()
        )
        return False
    return True


def fail_stalled_print_jobs(*, now: dt.datetime | None = None) -> int:
    """Fail jobs whose build outlived the task time limit (its worker died); beat job. Returns jobs failed."""
    now = now or timezone.now()
    stalled_before = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    return BadgePrintJob.objects.filter(status=PrintJobStatus.RUNNING, started_at__lt=stalled_before).update(
        status=PrintJobStatus.FAILED, error=WORKER_STOPPED, finished_at=now
    )


def rebuild_prints_after_erasure(*, registration: Registration) -> list[int]:
    """Discard every built or building PDF of the registration's convention that may show the attendee, and
    build it again without them (after commit). Call inside the erasure's transaction. Returns the job ids.

    A build still running is superseded: its final conditional update finds the job pending again and it
    deletes its own file.
    """
    jobs = BadgePrintJob.objects.select_for_update().filter(
        convention_id=registration.convention_id, status__in=[PrintJobStatus.DONE, PrintJobStatus.RUNNING]
    )
    affected = [job for job in jobs if _may_show(job=job, registration=registration)]
    if not affected:
        return []
    old_files = [job.file.name for job in affected if job.file and job.file.name]
    ids = [job.pk for job in affected]
    BadgePrintJob.objects.filter(pk__in=ids).update(
        status=PrintJobStatus.PENDING, file="", done=0, error="", started_at=None, finished_at=None
    )

    def after_commit() -> None:
        for name in old_files:
            default_storage.delete(name)
        for job_id in ids:
            _enqueue_build(job_id=job_id)

    transaction.on_commit(after_commit)
    return ids


def _may_show(*, job: BadgePrintJob, registration: Registration) -> bool:
    filters = job.filters or {}
    if filters.get("codes") and registration.code not in filters["codes"]:
        return False
    return not (filters.get("ticket_type_ids") and registration.ticket_type_id not in filters["ticket_type_ids"])


def build_badge_print_job(*, job_id: int) -> BadgePrintJob | None:
    """Claim a pending job, issue missing badges, render the PDF with progress in the row, store the file.

    Safe to run twice: only the run whose conditional UPDATE moves the job from pending to running builds it.
    """
    started_at = timezone.now()
    claimed = BadgePrintJob.objects.filter(pk=job_id, status=PrintJobStatus.PENDING).update(
        status=PrintJobStatus.RUNNING, started_at=started_at, done=0
    )
    if not claimed:
        return None
    # This run owns the job while it is running with this start time; an erasure meanwhile resets it.
    mine = BadgePrintJob.objects.filter(pk=job_id, status=PrintJobStatus.RUNNING, started_at=started_at)
    job = BadgePrintJob.objects.select_related("convention").get(pk=job_id)
    try:
        registrations = list(registrations_for_print(convention=job.convention, filters=job.filters))
        badges = issue_missing_badges(registrations=registrations, convention=job.convention)
        ordered = []
        for registration in registrations:
            badge = badges[registration.pk]
            badge.registration = registration  # already loaded with convention and ticket type
            ordered.append(badge)
        BadgePrintJob.objects.filter(pk=job_id).update(total=len(ordered))

        def report(pages: int) -> None:
            if pages % PROGRESS_EVERY == 0:
                BadgePrintJob.objects.filter(pk=job_id).update(done=pages)

        pdf = render_pdf(badges=ordered, on_page=report)
        job.file.save(f"badges-{job.convention.slug}-{job.pk}.pdf", ContentFile(pdf), save=False)
        if not mine.update(
            status=PrintJobStatus.DONE, done=len(ordered), file=job.file.name, finished_at=timezone.now()
        ):
            default_storage.delete(job.file.name or "")  # superseded by an erasure: the rebuild replaces this file
            return None
    except Exception as exc:
        mine.update(status=PrintJobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    job.refresh_from_db()
    return job
