"""Reads of bulk badge print jobs for the organizers' badges page."""

from django.db.models import QuerySet

from events.models import BadgePrintJob, Convention, PrintJobStatus

UNFINISHED = (PrintJobStatus.PENDING, PrintJobStatus.RUNNING)


def print_jobs_of(*, convention: Convention) -> QuerySet[BadgePrintJob]:
    """The convention's print jobs, newest first, with who asked for them."""
    return (
        BadgePrintJob.objects.filter(convention=convention)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
    )
