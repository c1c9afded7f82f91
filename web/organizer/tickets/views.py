"""The organizer's ticket pages: ticket types (with their seats), vouchers and the registration form's questions.

Every page enters through ``web.organizer.access.organizer_page``: members of the convention's team see them,
changing needs ``need="change"``. Views take a form, call one service of ``events.services.ticketing`` and
redirect; a domain error becomes a field error on the page, never a 500.
"""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.enums import TeamRole
from events.errors import DomainError
from events.models import CheckinList, Question, TicketType, Voucher
from events.selectors import registrations as selectors
from events.services import registration as registration_service
from events.services import ticketing
from web.organizer.access import organizer_page, role_has
from web.organizer.tickets import forms
from web.pages import page_context

# Vouchers shown on the page at most (newest first); a batch of a thousand codes is downloaded, not read.
VOUCHERS_SHOWN = 500


def render_page(request: HttpRequest, template: str, *, section: str, status: int = 200, **extra) -> HttpResponse:
    """A page of the area; ``may_change`` is the "change" need of the entrance (owners and organizers), so a button
    shown is a button the member may press, and ``may_see_registrations`` the "personal_data" need."""
    convention = request.convention
    role = request.team_role
    context = page_context(
        request,
        area_convention=convention,
        organizer_section=section,
        team_role_label=TeamRole(role).label,
        may_change=role_has(role, "change"),
        may_see_registrations=role_has(role, "personal_data"),
        **extra,
    )
    context["time_zone"] = convention.time_zone
    return render(request, f"pages/organizer/tickets/{template}", context, status=status)


def fail(form, error: DomainError) -> None:
    """A domain error as form errors: on the named fields the form has, else above the form."""
    named = [name for name in (error.fields or {}) if name in form.fields]
    for name in named:
        detail = error.fields[name]
        form.add_error(name, str(detail) if isinstance(detail, str) else str(error.message))
    if not named:
        form.add_error(None, str(error.message))


def posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def back(request: HttpRequest, name: str, **kwargs) -> HttpResponse:
    lang = request.GET.get("lang", "")
    query = f"?lang={lang}" if lang in ("de", "en") else ""
    return redirect(reverse(f"web:{name}", kwargs={"slug": request.convention.slug, **kwargs}) + query)


def restricted_lists(convention):
    """The check-in lists that name their ticket types (the others admit every ticket type anyway)."""
    return CheckinList.objects.filter(convention=convention, ticket_types__isnull=False).distinct().order_by("name")


def short_day(iso: str) -> str:
    try:
        return formats.date_format(dt.date.fromisoformat(iso), "D, j. M")
    except ValueError:
        return iso


def ticket_type_of(request: HttpRequest, ticket_type_id: int) -> TicketType:
    ticket_type = TicketType.objects.filter(convention=request.convention, pk=ticket_type_id).first()
    if ticket_type is None:
        raise Http404()
    return ticket_type


# --- ticket types ----------------------------------------------------------------------------------------------


@organizer_page(need="read")
def ticket_types(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention
    types = list(selectors.ticket_types_for_organizer(convention=convention).prefetch_related("checkin_lists"))
    seats = selectors.seats_by_ticket_type(convention=convention)
    open_lists = list(CheckinList.objects.filter(convention=convention, ticket_types__isnull=True).order_by("name"))
    now = timezone.now()
    rows = [
        {
            "ticket_type": ticket_type,
            "seats": seats.get(ticket_type.pk),
            "days": [short_day(day) for day in ticket_type.valid_days],
            "lists": sorted({*ticket_type.checkin_lists.all(), *open_lists}, key=lambda item: item.name),
            "on_sale": registration_service.is_on_sale(ticket_type, now=now),
        }
        for ticket_type in types
    ]
    return render_page(request, "ticket_types.html", section="tickets", rows=rows)


@organizer_page(need="change")
def ticket_type_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _ticket_type_form(request, None)


@organizer_page(need="change")
def ticket_type_edit(request: HttpRequest, slug: str, ticket_type_id: int) -> HttpResponse:
    return _ticket_type_form(request, ticket_type_of(request, ticket_type_id))


def _ticket_type_form(request: HttpRequest, ticket_type: TicketType | None) -> HttpResponse:
    convention = request.convention
    lists = restricted_lists(convention)
    initial = None
    if ticket_type is not None:
        admitting = list(CheckinList.objects.filter(ticket_types=ticket_type))
        initial = forms.TicketTypeForm.initial_for(ticket_type, admitting)
    form = forms.TicketTypeForm(posted(request), initial=initial, convention=convention, restricted_lists=lists)
    valid = request.method == "POST" and form.is_valid()
    if valid:
        try:
            fields = form.service_fields()
            if ticket_type is None:
                ticket_type = ticketing.create_ticket_type(convention=convention, **fields)
                created = True
            else:
                ticket_type = ticketing.update_ticket_type(ticket_type=ticket_type, **fields)
                created = False
            if "checkin_lists" in form.fields:
                ticketing.set_lists_admitting(
                    ticket_type=ticket_type, checkin_lists=list(form.cleaned_data["checkin_lists"])
                )
        except DomainError as error:
            fail(form, error)
        else:
            name = ticket_type.name_in(request.LANGUAGE_CODE)
            if created:
                messages.success(request, _("Ticket type “%(name)s” created.") % {"name": name})
            else:
                messages.success(request, _("Ticket type “%(name)s” saved.") % {"name": name})
            return back(request, "organizer-tickets-types")
    seats = selectors.seats_by_ticket_type(convention=convention).get(ticket_type.pk) if ticket_type else None
    return render_page(
        request,
        "ticket_type_form.html",
        section="tickets",
        form=form,
        ticket_type=ticket_type,
        seats=seats,
        status=400 if request.method == "POST" else 200,
    )


# --- vouchers --------------------------------------------------------------------------------------------------


@organizer_page(need="read")
def vouchers(request: HttpRequest, slug: str) -> HttpResponse:
    types = selectors.ticket_types_for_organizer(convention=request.convention)
    return _vouchers_page(request, forms.VoucherBatchForm(ticket_types=types))


@require_POST
@organizer_page(need="change")
def voucher_batch(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention
    types = selectors.ticket_types_for_organizer(convention=convention)
    form = forms.VoucherBatchForm(request.POST, ticket_types=types)
    valid = form.is_valid()
    if valid:
        try:
            created = ticketing.create_voucher_batch(convention=convention, **form.service_fields())
        except DomainError as error:
            fail(form, error)
        else:
            codes = ", ".join(voucher.code for voucher in created[:20]) + (" …" if len(created) > 20 else "")
            messages.success(
                request, _("%(count)d voucher codes created: %(codes)s") % {"count": len(created), "codes": codes}
            )
            return back(request, "organizer-tickets-vouchers")
    return _vouchers_page(request, form, status=400)


def _vouchers_page(request: HttpRequest, form, status: int = 200) -> HttpResponse:
    listed = selectors.vouchers_for_organizer(convention=request.convention).order_by("-created_at", "code")
    total = listed.count()
    return render_page(
        request,
        "vouchers.html",
        section="vouchers",
        form=form,
        vouchers=list(listed[:VOUCHERS_SHOWN]),
        total=total,
        status=status,
    )


@require_POST
@organizer_page(need="change")
def voucher_toggle(request: HttpRequest, slug: str, voucher_id: int) -> HttpResponse:
    voucher = Voucher.objects.filter(convention=request.convention, pk=voucher_id).first()
    if voucher is None:
        raise Http404()
    voucher = ticketing.update_voucher(voucher=voucher, is_active=not voucher.is_active)
    if voucher.is_active:
        messages.success(request, _("Voucher %(code)s can be used again.") % {"code": voucher.code})
    else:
        messages.success(request, _("Voucher %(code)s is switched off.") % {"code": voucher.code})
    return back(request, "organizer-tickets-vouchers")


# --- questions -------------------------------------------------------------------------------------------------


def question_of(request: HttpRequest, question_id: int) -> Question:
    question = Question.objects.filter(convention=request.convention, pk=question_id).first()
    if question is None:
        raise Http404()
    return question


@organizer_page(need="read")
def questions(request: HttpRequest, slug: str) -> HttpResponse:
    listed = list(selectors.questions_of(convention=request.convention))
    return render_page(request, "questions.html", section="questions", questions=listed)


@organizer_page(need="change")
def question_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _question_form(request, None)


@organizer_page(need="change")
def question_edit(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    return _question_form(request, question_of(request, question_id))


def _question_form(request: HttpRequest, question: Question | None) -> HttpResponse:
    convention = request.convention
    initial = None
    if question is not None:
        initial = {
            "identifier": question.identifier,
            "label_de": question.label_de,
            "label_en": question.label_en,
            "kind": question.kind,
            "choices": "\n".join(map(str, question.choices)),
            "required": question.required,
        }
    form = forms.QuestionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ticketing.QUESTION_FIELDS - {"position"}}
        try:
            if question is None:
                last = selectors.questions_of(convention=convention).last()
                fields["position"] = last.position + 1 if last else 0
                question = ticketing.create_question(convention=convention, **fields)
            else:
                question = ticketing.update_question(question=question, **fields)
        except DomainError as error:
            if error.fields and "identifier" in error.fields:
                form.add_error("identifier", _("Another question has this identifier."))
            else:
                fail(form, error)
        else:
            messages.success(request, _("Question “%(identifier)s” saved.") % {"identifier": question.identifier})
            return back(request, "organizer-tickets-questions")
    return render_page(
        request,
        "question_form.html",
        section="questions",
        form=form,
        question=question,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@organizer_page(need="change")
def question_move(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = question_of(request, question_id)
    ticketing.move_question(question=question, up=request.POST.get("direction") == "up")
    return back(request, "organizer-tickets-questions")


@require_POST
@organizer_page(need="change")
def question_delete(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = question_of(request, question_id)
    ticketing.delete_question(question=question)
    messages.success(
        request,
        _("Question “%(identifier)s” deleted; answers given to it stay on the registrations.")
        % {"identifier": question.identifier},
    )
    return back(request, "organizer-tickets-questions")
