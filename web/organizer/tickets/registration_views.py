"""The registration desk: the searchable list of a convention's registrations, one registration with its history,
and what the desk does for a visitor (fix the name, cancel with the refund the rules give, reprint the badge,
send the link again, erase on request), and the streamed CSV export.

These pages hold personal data: they need ``personal_data`` (``events.permissions.PERSONAL_DATA_ROLES``: owners,
organizers, read-only members; curators get 403), the actions need ``change`` (read-only members see no buttons
and a POST is 403), the CSV export ``can_export_personal_data``.
Every read and change is written to the audit log, as the API does.
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions
from events.enums import AuditAction
from events.errors import DomainError
from events.exports import registrations_csv
from events.models import Badge, Presence, Registration
from events.selectors import registrations as selectors
from events.selectors.registration_history import registration_history
from events.services import audit, badges, magic_links, privacy
from events.services import registration as registration_service
from web.organizer.access import organizer_page
from web.organizer.tickets import forms
from web.organizer.tickets.views import fail, render_page

FILTER_NAMES = ("q", "ticket_type", "status", "checked_in", "day")


def registration_of(request: HttpRequest, code: str) -> Registration:
    registration = (
        Registration.objects.select_related("ticket_type", "convention", "voucher")
        .filter(convention=request.convention, code=code.upper()[:12])
        .first()
    )
    if registration is None:
        raise Http404()
    return registration


def detail_url(request: HttpRequest, registration: Registration) -> str:
    lang = request.GET.get("lang", "")
    query = f"?lang={lang}" if lang in ("de", "en") else ""
    url = reverse(
        "web:organizer-registrations-detail", kwargs={"slug": request.convention.slug, "code": registration.code}
    )
    return url + query


def filter_query(form: forms.RegistrationFilterForm, **changes: str) -> str:
    values = {name: form.data.get(name, "") for name in (*FILTER_NAMES, "lang")}
    values.update(changes)
    return urlencode({name: value for name, value in values.items() if value})


def list_rows(request: HttpRequest, items: list[Registration], checked_in_ids: set[int]) -> list[dict[str, object]]:
    """Each row's cells as the list shows them, worked out here once: a page of 50 rows is the desk's most frequent
    request, and the template engine resolving and formatting every cell costs more than the database does."""
    language = request.LANGUAGE_CODE
    zone = ZoneInfo(request.convention.time_zone)
    base = reverse("web:organizer-registrations", kwargs={"slug": request.convention.slug})
    lang = request.GET.get("lang", "")
    query = f"?lang={lang}" if lang in ("de", "en") else ""
    statuses = {value: str(label) for value, label in forms.STATUSES}
    erased = _("(erased)")
    ticket_names: dict[int, str] = {}
    rows = []
    for registration in items:
        ticket = ticket_names.get(registration.ticket_type_id)
        if ticket is None:
            ticket = ticket_names[registration.ticket_type_id] = registration.ticket_type.name_in(language)
        is_erased = registration.erased_at is not None
        rows.append(
            {
                "url": f"{base}{registration.code}/{query}",
                "name": erased if is_erased else f"{registration.first_name} {registration.last_name}",
                "email": "" if is_erased else registration.email,
                "organization": registration.organization,
                "ticket": ticket,
                "status": registration.status,
                "status_label": statuses.get(registration.status, registration.status),
                "checked_in": registration.pk in checked_in_ids,
                "code": registration.code,
                "created": formats.date_format(registration.created_at.astimezone(zone), "SHORT_DATETIME_FORMAT"),
            }
        )
    return rows


@organizer_page(need="personal_data")
def registration_list(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention
    form = forms.RegistrationFilterForm(request.GET, convention=convention)
    page, rows, error = None, [], ""
    if form.is_valid():
        registrations = selectors.registrations_for_organizer(convention=convention, **form.selector_arguments())
        try:
            page = selectors.registration_page(registrations=registrations, cursor=form.cleaned_data["cursor"])
        except DomainError:
            error = _("This position of the list does not exist (any more). Start again from the first page.")
        if page is not None:
            ids = [registration.pk for registration in page.items]
            checked_in_ids = set(
                Presence.objects.filter(registration_id__in=ids).values_list("registration_id", flat=True)
            )
            rows = list_rows(request, page.items, checked_in_ids)
            # Filters are recorded by name only: a search term may be the very name the audit log must not keep.
            audit.record_access(
                actor=request.user,
                action=AuditAction.REGISTRATIONS_LISTED,
                convention=convention,
                object_type="registration",
                details={"registrations": len(page.items), "filters": [n for n in FILTER_NAMES if form.data.get(n)]},
            )
    return render_page(
        request,
        "registrations.html",
        section="registrations",
        form=form,
        page=page,
        error=error,
        rows=rows,
        checked_in_label=_("checked in"),
        count_limit=selectors.COUNT_LIMIT,
        next_query=filter_query(form, cursor=page.next_cursor) if page and page.next_cursor else "",
        previous_query=filter_query(form, cursor=page.previous_cursor) if page and page.previous_cursor else "",
        first_query=filter_query(form, cursor="") if page and form.cleaned_data.get("cursor") else "",
        csv_query=filter_query(form, cursor="") if form.is_valid() else "",
        may_export=permissions.can_export_personal_data(request.user, convention),
        status=200 if form.is_valid() else 400,
    )


@organizer_page(need="personal_data")
def registration_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered list as CSV, streamed row by row while the database is read (no full list in memory).
    Exports of personal data are for owners and organizers: read-only members see the list, not a file."""
    convention = request.convention
    if not permissions.can_export_personal_data(request.user, convention):
        raise PermissionDenied()
    form = forms.RegistrationFilterForm(request.GET, convention=convention)
    if not form.is_valid():
        return registration_list(request, slug)
    registrations = selectors.registrations_for_organizer(convention=convention, **form.selector_arguments())
    audit.record_access(
        actor=request.user,
        action=AuditAction.REGISTRATIONS_EXPORTED,
        convention=convention,
        object_type="registration",
        details={"filters": [name for name in FILTER_NAMES if form.data.get(name)]},
    )
    response: StreamingHttpResponse = registrations_csv.streaming_response(
        convention=convention, registrations=registrations
    )
    return response


@organizer_page(need="personal_data")
def registration_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    registration = registration_of(request, code)
    audit.record_access(
        actor=request.user,
        action=AuditAction.REGISTRATION_VIEWED,
        convention=request.convention,
        object_type="registration",
        object_id=registration.code,
        registration=registration,
    )
    return _detail_page(request, registration, forms.AttendeeDetailsForm(initial=_details_initial(registration)))


def _details_initial(registration: Registration) -> dict[str, str]:
    return {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "organization": registration.organization,
        "job_title": registration.job_title,
        "language": registration.language,
    }


def _detail_page(request: HttpRequest, registration: Registration, form, status: int = 200) -> HttpResponse:
    now = timezone.now()
    badge = Badge.objects.filter(registration=registration, revoked_at=None).first()
    questions = list(selectors.questions_of(convention=request.convention))
    answers = [
        (question.label_de if request.LANGUAGE_CODE == "de" else question.label_en, registration.answers[key])
        for question in questions
        if (key := question.identifier) in registration.answers
    ]
    active = registration.status in registration_service.ACTIVE_STATUSES and registration.erased_at is None
    return render_page(
        request,
        "registration_detail.html",
        section="registrations",
        registration=registration,
        ticket_name=registration.ticket_type.name_in(request.LANGUAGE_CODE),
        history=registration_history(registration=registration),
        badge=badge,
        answers=answers,
        form=form,
        active=active,
        erased=registration.erased_at is not None,
        refund_on_cancel=registration_service.refund_due_on_cancel(registration, now=now),
        checked_in=Presence.objects.filter(registration=registration).exists(),
        status=status,
    )


@require_POST
@organizer_page(need="change")
def registration_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    registration = registration_of(request, code)
    if registration.erased_at is not None:
        raise PermissionDenied()
    form = forms.AttendeeDetailsForm(request.POST, initial=_details_initial(registration))
    if not form.is_valid():
        return _detail_page(request, registration, form, status=400)
    changes = {name: form.cleaned_data[name].strip() for name in form.changed_data}
    if changes:
        registration_service.update_attendee_details(registration=registration, **changes)
        audit.record_access(
            actor=request.user,
            action=AuditAction.REGISTRATION_UPDATED,
            convention=request.convention,
            object_type="registration",
            object_id=registration.code,
            registration=registration,
            details={"fields": sorted(changes)},
        )
        messages.success(request, _("The attendee's details are saved. A badge printed before shows the old name."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect(detail_url(request, registration))


@organizer_page(need="change")
def registration_cancel(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """GET: what cancelling would do (seat back, refund or not); POST: cancel."""
    registration = registration_of(request, code)
    now = timezone.now()
    if request.method == "POST":
        try:
            cancelled = registration_service.cancel_registration(registration=registration, now=now)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            if cancelled.refund_status:
                messages.success(request, _("The registration is cancelled; the payment is being refunded."))
            else:
                messages.success(request, _("The registration is cancelled; the seat is free again."))
        return redirect(detail_url(request, registration))
    return render_page(
        request,
        "registration_cancel.html",
        section="registrations",
        registration=registration,
        refund_on_cancel=registration_service.refund_due_on_cancel(registration, now=now),
        refund_deadline=registration_service.refund_deadline(registration),
        cancellable=registration.status in registration_service.ACTIVE_STATUSES,
    )


@require_POST
@organizer_page(need="change")
def registration_reprint(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    registration = registration_of(request, code)
    try:
        badge = badges.reprint_badge(registration=registration)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("A new badge (#%(badge)s) is issued; the old badge is refused at every gate from now on.")
            % {"badge": badge.pk},
        )
    return redirect(detail_url(request, registration))


@require_POST
@organizer_page(need="change")
def registration_resend(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    registration = registration_of(request, code)
    if magic_links.resend_registration_link(registration=registration):
        messages.success(
            request, _("The link to the registration is on its way to %(email)s.") % {"email": registration.email}
        )
    elif registration.status not in registration_service.ACTIVE_STATUSES or registration.erased_at:
        messages.error(request, _("Cancelled, expired and erased registrations get no link."))
    else:
        messages.info(
            request,
            _("The link was sent less than %(minutes)d minutes ago; it is not sent again yet.")
            % {"minutes": magic_links.RESEND_WINDOW_SECONDS // 60},
        )
    return redirect(detail_url(request, registration))


@organizer_page(need="change")
def registration_erase(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """GET: the confirmation step (type the code); POST: erase the attendee's personal data for good."""
    registration = registration_of(request, code)
    form = forms.EraseForm(request.POST if request.method == "POST" else None, code=registration.code)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.erase_registration(registration=registration, actor=request.user)
        except DomainError as error:
            fail(form, error)
        else:
            messages.success(
                request, _("The personal data of registration %(code)s is erased.") % {"code": registration.code}
            )
            return redirect(detail_url(request, registration))
    return render_page(
        request,
        "registration_erase.html",
        section="registrations",
        registration=registration,
        form=form,
        will_cancel=registration.status in registration_service.ACTIVE_STATUSES
        and not privacy.convention_is_over(request.convention, now=timezone.now()),
        status=400 if request.method == "POST" else 200,
    )
