"""Bulk badge printing: an organizer's filter becomes a ``BadgePrintJob`` row, a worker builds one PDF."""

from functools import partial

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from events import tasks
from events.models import BadgePrintJob, Convention, PrintJobStatus, Registration, RegistrationStatus
from events.services.badge_rendering import render_pdf
from events.services.badges import issue_missing_badges

PROGRESS_EVERY = 50


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
    """Create a print job and enqueue its build after commit."""
    with transaction.atomic():
        job = BadgePrintJob.objects.create(
            convention=convention,
            filters=filters,
            requested_by=requested_by,
            total=registrations_for_print(convention=convention, filters=filters).count(),
        )
        transaction.on_commit(partial(tasks.build_badge_print_job.delay, job_id=job.pk))
    return job


def build_badge_print_job(*, job_id: int) -> BadgePrintJob | None:
    """Claim a pending job, issue missing badges, render the PDF with progress in the row, store the file.

    Safe to run twice: only the run whose conditional UPDATE moves the job from pending to running builds it.
    """
    claimed = BadgePrintJob.objects.filter(pk=job_id, status=PrintJobStatus.PENDING).update(
        status=PrintJobStatus.RUNNING, started_at=timezone.now(), done=0
    )
    if not claimed:
        return None
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
        BadgePrintJob.objects.filter(pk=job_id).update(
            status=PrintJobStatus.DONE, done=len(ordered), file=job.file.name, finished_at=timezone.now()
        )
    except Exception as exc:
        BadgePrintJob.objects.filter(pk=job_id).update(
            status=PrintJobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    return job
