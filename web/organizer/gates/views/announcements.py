"""Announcements: write in German and English, choose the audience, see how many it reaches, confirm, follow the
progress. Sending is the outbox's (each recipient once, whatever fails meanwhile); the audience is counted again
when the organizer confirms, and a changed count is shown for a second confirmation instead of being sent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.enums import AnnouncementStatus
from events.errors import AudienceChanged, DomainError
from events.models import Announcement
from events.selectors import announcements as selectors
from events.services import announcements as service
from web.organizer.access import organizer_page
from web.organizer.gates import forms
from web.organizer.gates.pages import fail, page, paginate, posted, require_change


def _announcement(request: HttpRequest, announcement_id: int) -> Announcement:
    return get_object_or_404(
        selectors.announcements_of(convention=request.convention),
        pk=announcement_id,  # type: ignore[attr-defined]
    )


def _values(form: forms.AnnouncementForm) -> dict:
    values = {name: form.cleaned_data[name] for name in (*form.TEXT, *form.AUDIENCE)}
    values["ticket_types"] = list(values["ticket_types"])
    return values


@organizer_page(need="read")
def announcement_list(request: HttpRequest, slug: str) -> HttpResponse:
    items = paginate(request, selectors.announcements_of(convention=request.convention))  # type: ignore[attr-defined]
    progress = selectors.progress_of(announcements=list(items))
    for item in items:
        item.progress = progress[item.pk]  # type: ignore[attr-defined]
    return page(request, "announcements.html", section="announcements", items=items)


@organizer_page(need="change")
def announcement_create(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    form = forms.AnnouncementForm(*posted(request), convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            created = service.create_announcement(convention=convention, author=request.user, **_values(form))
        except DomainError as error:
            fail(form, error)
        else:
            return redirect(reverse("web:organizer-announcements-detail", args=[slug, created.pk]))
    return page(
        request, "announcement_form.html", section="announcements", form=form, status=400 if form.errors else 200
    )


@organizer_page(need="read")
def announcement_edit(request: HttpRequest, slug: str, announcement_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    announcement = _announcement(request, announcement_id)
    if announcement.status != AnnouncementStatus.DRAFT:
        return redirect(reverse("web:organizer-announcements-detail", args=[slug, announcement.pk]))
    if request.method == "POST":
        require_change(request)
        form = forms.AnnouncementForm(request.POST, convention=convention)
        if form.is_valid():
            try:
                service.update_announcement(announcement=announcement, **_values(form))
            except DomainError as error:
                fail(form, error)
            else:
                return redirect(reverse("web:organizer-announcements-detail", args=[slug, announcement.pk]))
    else:
        initial = {name: getattr(announcement, name) for name in forms.AnnouncementForm.TEXT}
        initial.update(
            {name: getattr(announcement, name) for name in forms.AnnouncementForm.AUDIENCE if name != "ticket_types"}
        )
        initial["ticket_types"] = list(announcement.ticket_types.all())
        initial["day"] = announcement.day.isoformat() if announcement.day else ""
        form = forms.AnnouncementForm(initial=initial, convention=convention)
    return page(
        request,
        "announcement_form.html",
        section="announcements",
        form=form,
        announcement=announcement,
        status=400 if form.errors else 200,
    )


def _detail(request: HttpRequest, announcement: Announcement, *, status: int = 200, **extra) -> HttpResponse:
    context: dict = {"announcement": announcement, "ticket_types": list(announcement.ticket_types.all())}
    if announcement.status == AnnouncementStatus.DRAFT:
        context["recipients"] = selectors.recipient_count(audience=selectors.audience_of(announcement=announcement))
    else:
        context["progress"] = selectors.announcement_progress(announcement=announcement)
    context.update(extra)
    if request.GET.get("fragment") == "progress":
        return page(request, "_announcement_progress.html", section="announcements", **context)
    return page(request, "announcement.html", section="announcements", status=status, **context)


@organizer_page(need="read")
def announcement_detail(request: HttpRequest, slug: str, announcement_id: int) -> HttpResponse:
    return _detail(request, _announcement(request, announcement_id))


@require_POST
@organizer_page(need="change")
def announcement_send(request: HttpRequest, slug: str, announcement_id: int) -> HttpResponse:
    announcement = _announcement(request, announcement_id)
    form = forms.SendAnnouncementForm(request.POST)
    if not form.is_valid():
        return _detail(request, announcement, status=400, send_error=_("Please confirm the number of recipients."))
    try:
        sent = service.send_announcement(
            announcement=announcement, actor=request.user, expected_recipients=form.cleaned_data["expected_recipients"]
        )
    except AudienceChanged as error:
        return _detail(
            request,
            announcement,
            status=409,
            send_error=_(
                "The audience changed since you saw it: it now has %(count)s recipients. "
                "Please check and confirm again."
            )
            % {"count": error.extra.get("recipients")},
        )
    messages.success(
        request,
        _("The announcement is on its way to %(count)s recipients.") % {"count": sent.recipient_count or 0},
    )
    return redirect(reverse("web:organizer-announcements-detail", args=[slug, sent.pk]))
