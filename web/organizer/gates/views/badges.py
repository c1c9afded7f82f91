"""Badges in bulk: a print job per filter, its progress while a worker builds the PDF, and the download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from events import permissions
from events.errors import PrintQueueUnavailable
from events.models import BadgePrintJob, PrintJobStatus
from events.selectors.badge_prints import UNFINISHED, print_jobs_of
from events.services import badge_printing
from web.organizer.access import organizer_page
from web.organizer.gates import forms
from web.organizer.gates.pages import page, paginate, require_change


@organizer_page(need="read")
def print_jobs(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    form = forms.PrintJobForm(request.POST if request.method == "POST" else None, convention=convention)
    if request.method == "POST":
        require_change(request)
        if form.is_valid():
            filters: dict = {"status": form.cleaned_data["status"]}
            if form.cleaned_data["ticket_types"]:
                filters["ticket_type_ids"] = sorted(ticket_type.pk for ticket_type in form.cleaned_data["ticket_types"])
            try:
                job = badge_printing.request_badge_print(
                    convention=convention, filters=filters, requested_by=request.user
                )
            except PrintQueueUnavailable:
                messages.error(
                    request,
                    _("The print queue is unavailable right now; the job did not start. Please try again shortly."),
                )
            else:
                messages.success(
                    request, _("Print job %(id)s started: %(total)s badges.") % {"id": job.pk, "total": job.total}
                )
            return redirect(reverse("web:organizer-badges", args=[slug]))
    jobs = paginate(request, print_jobs_of(convention=convention))
    context = {
        "jobs": jobs,
        "running": any(job.status in UNFINISHED for job in jobs),
        "can_download": permissions.can_export_personal_data(request.user, convention),
    }
    if request.GET.get("fragment") == "jobs":
        return page(request, "_print_jobs.html", section="badges", **context)
    return page(request, "badges.html", section="badges", form=form, status=400 if form.errors else 200, **context)


@organizer_page(need="read")
def print_job_download(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The PDF holds every attendee's name: a personal data export, for those the predicate allows."""
    if not permissions.can_export_personal_data(request.user, request.convention):  # type: ignore[attr-defined]
        raise PermissionDenied()
    job = get_object_or_404(
        BadgePrintJob,
        pk=job_id,
        convention=request.convention,
        status=PrintJobStatus.DONE,  # type: ignore[attr-defined]
    )
    if not job.file:
        raise Http404()
    return FileResponse(
        job.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=f"badges-{slug}-{job.pk}.pdf"
    )
