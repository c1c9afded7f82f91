"""Registration pages: registering, the payment status page and the attendee's own registration page.

Every write goes through the domain services (``register_attendee``, ``withdraw_consent``, workshop and agenda
services, ``cancel_registration``); these views translate form input and domain errors. Pages with personal
data are private (``web.attendee.access.private``) and are reached through the magic link cookie only.
"""

import contextlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api.authentication import Attendee
from api.throttling import RegistrationRateThrottle
from events import errors
from events.bilingual import field_in
from events.enums import SignupStatus
from events.models import (
    CalendarFeed,
    Convention,
    Registration,
    RegistrationStatus,
    Session,
    TicketType,
    WorkshopSignup,
)
from events.selectors.agenda import agenda_items_of, waitlist_positions
from events.selectors.registrations import questions_of, ticket_types_on_sale
from events.services import agenda, badges, consents, workshops
from events.services import registration as registration_service
from events.services.badge_rendering import printed_registration_code, render_pdf, render_png
from events.services.magic_links import magic_link_url
from web.attendee.access import NO_REFERRER, private, registration_for_token, remember_attendee, signed_in_registration
from web.attendee.forms import QUESTION_PREFIX, RegistrationForm, is_sold_out
from web.attendee.qr import qr_svg
from web.middleware import LANGUAGE_CODES
from web.pages import page_context


def _public_convention(slug: str) -> Convention:
    convention = Convention.objects.filter(slug=slug, is_public=True).first()
    if convention is None:
        raise Http404("There is no such convention.")
    return convention


def _convention_context(convention: Convention) -> dict[str, str]:
    return {"slug": convention.slug, "name": convention.name, "time_zone": convention.time_zone}


def _language() -> str:
    language = (translation.get_language() or "de")[:2]
    return language if language in LANGUAGE_CODES else "de"


def lang_query_string(request: HttpRequest, prefix: str = "?") -> str:
    lang = request.GET.get("lang", "")
    return f"{prefix}lang={lang}" if lang in LANGUAGE_CODES else ""


def _domain_error_messages(error: errors.DomainError, ticket_type: TicketType | None) -> dict[str | None, str]:
    """Field → message for a domain error of ``register_attendee`` (``None``: the form as a whole)."""
    code = error.code
    if code in ("sold_out", "max_per_order_exceeded", "unknown_ticket_type", "sale_closed"):
        messages = {
            "sold_out": _("This ticket has just sold out. Please choose another one."),
            "unknown_ticket_type": _("This ticket is not available. Please choose another one."),
            "sale_closed": _("This ticket is no longer on sale. Please choose another one."),
            "max_per_order_exceeded": _("This e-mail address is already registered for this ticket."),
        }
        return {"email" if code == "max_per_order_exceeded" else "ticket_type": messages[code]}
    if code == "not_eligible":
        domains = ", ".join(ticket_type.allowed_email_domains) if ticket_type else ""
        return {
            "email": _("This ticket is only for e-mail addresses of these domains: {domains}.").format(domains=domains)
        }
    if code == "invalid_voucher":
        return {"voucher": _("This voucher code is not valid for this ticket.")}
    if code == "voucher_exhausted":
        return {"voucher": _("This voucher code has been used up.")}
    if code == "invalid" and error.fields:
        messages: dict[str | None, str] = {}
        for identifier in error.fields.get("answers") or {}:
            messages[QUESTION_PREFIX + identifier] = _("Please answer this question.")
        if "accept_terms" in error.fields:
            messages["accept_terms"] = _("Please accept the terms and conditions to register.")
        if messages:
            return messages
    if code in ("payments_unavailable", "payment_provider_error"):
        return {None: _("Payment is not possible at the moment. Please try again in a few minutes.")}
    return {None: _("The registration could not be completed. Please check your entries.")}


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    convention = _public_convention(slug)
    language = _language()
    ticket_types = list(ticket_types_on_sale(convention=convention, now=timezone.now()))
    questions = list(questions_of(convention=convention))
    form_kwargs = {"ticket_types": ticket_types, "questions": questions, "language": language}
    status = 200
    if request.method == "POST":
        throttle = RegistrationRateThrottle()
        if not throttle.allow_request(request, None):
            response = render(
                request,
                "pages/attendee/register_throttled.html",
                page_context(request, convention=_convention_context(convention), nav="register"),
                status=429,
            )
            response["Retry-After"] = str(int(throttle.wait()) + 1)
            return response
        form = RegistrationForm(request.POST, **form_kwargs)
        if form.is_valid():
            values = form.cleaned_data
            try:
                new = registration_service.register_attendee(
                    convention=convention,
                    ticket_type_id=values["ticket_type"],
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    email=values["email"],
                    accept_terms=values["accept_terms"],
                    organization=values["organization"],
                    job_title=values["job_title"],
                    language=language,
                    answers=form.answers(),
                    share_contact_with_exhibitors=values["share_contact_with_exhibitors"],
                    newsletter=values["newsletter"],
                    voucher_code=values["voucher"],
                )
            except errors.DomainError as error:
                for field, message in _domain_error_messages(
                    error, form.ticket_types.get(values["ticket_type"])
                ).items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                target = new.checkout_url or (
                    reverse("web:register-done", args=[slug])
                    + "?"
                    + urlencode({"code": new.registration.code, **lang_params(request)})
                )
                response = HttpResponseRedirect(target, status=303)
                remember_attendee(response, new.registration)
                return private(response)
        status = 400
    else:
        form = RegistrationForm(**form_kwargs)
    selected = str(form["ticket_type"].value() or "")
    tickets = [
        {
            "id": ticket_type.pk,
            "label": ticket_type.name_in(language),
            "description": field_in(ticket_type, "description", language),
            "price": ticket_type.price,
            "currency": ticket_type.currency,
            "sold_out": is_sold_out(ticket_type),
            "left": None if ticket_type.quota is None else max(0, ticket_type.quota - ticket_type.quota_used),
            "checked": selected == str(ticket_type.pk),
        }
        for ticket_type in ticket_types
    ]
    context = page_context(
        request, convention=_convention_context(convention), nav="register", form=form, tickets=tickets
    )
    return private(render(request, "pages/attendee/register.html", context, status=status))


def lang_params(request: HttpRequest) -> dict[str, str]:
    lang = request.GET.get("lang", "")
    return {"lang": lang} if lang in LANGUAGE_CODES else {}


def _own_registration(request: HttpRequest, code: str) -> Registration:
    registration = signed_in_registration(request)
    if registration is None or registration.code != code.strip().upper():
        raise Http404("No registration of yours has this code.")
    return registration


@require_GET
def registration_done(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a new registration lands: right after a free one, or back from Stripe Checkout for a paid one."""
    registration = _own_registration(request, request.GET.get("code", "")[:12])
    if registration.convention.slug != slug:
        raise Http404("No registration of yours has this code.")
    context = page_context(
        request,
        convention=_convention_context(registration.convention),
        nav="register",
        registration=registration,
        magic_link=magic_link_url(registration),
        my_registration_url=reverse("web:my-registration", args=[registration.code]) + lang_query_string(request),
    )
    return private(render(request, "pages/attendee/register_done.html", context), referrer_policy=NO_REFERRER)


@require_GET
def my_registration(request: HttpRequest, code: str) -> HttpResponse:
    """The attendee's page. With ``?token=`` (the e-mailed magic link) the token moves into the cookie and the
    browser is sent to the same URL without it, so it stays out of history, bookmarks and screenshots."""
    token = request.GET.get("token")
    if token is not None:
        registration = registration_for_token(code=code, token=token)
        if registration is None:
            raise Http404("Unknown registration or wrong link.")
        response = HttpResponseRedirect(request.path + lang_query_string(request), status=303)
        remember_attendee(response, registration)
        return private(response, referrer_policy=NO_REFERRER)
    return _render_my_registration(request, _own_registration(request, code))


@require_GET
def badge_download(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The attendee's badge as a print-ready A6 PDF or a PNG, for the browser signed in by magic link."""
    registration = _own_registration(request, code)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404("This registration has no valid badge.")
    badge = badges.get_or_issue_badge(registration=registration)
    badge.registration = registration
    if kind == "pdf":
        response = HttpResponse(render_pdf(badges=[badge]), content_type="application/pdf")
    else:
        response = HttpResponse(render_png(badge=badge), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="badge-{registration.code}.{kind}"'
    return private(response)


def _render_my_registration(
    request: HttpRequest, registration: Registration, *, feed_url: str = "", notice: str = ""
) -> HttpResponse:
    language = _language()
    badge_qr = None
    if registration.status == RegistrationStatus.CONFIRMED:
        badge = badges.get_or_issue_badge(registration=registration)
        badge_qr = qr_svg(badge.code, label=_("Badge QR code of {name}").format(name=registration.full_name))
    signups = list(
        WorkshopSignup.objects.filter(registration=registration)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("session__room__hall")
        .order_by("session__start", "pk")
    )
    positions = waitlist_positions(signups=signups)
    feed = CalendarFeed.objects.filter(registration=registration, revoked_at__isnull=True).order_by("-pk").first()
    context = page_context(
        request,
        convention=_convention_context(registration.convention),
        registration=registration,
        ticket_name=registration.ticket_type.name_in(language),
        badge_qr=badge_qr,
        printed_code=printed_registration_code(registration.code),
        answers=_answers(registration, language),
        agenda=[_session_row(item.session, language) for item in agenda_items_of(registration=registration)],
        signups=[
            _session_row(signup.session, language)
            | {"status": signup.status, "waitlist_position": positions.get(signup.pk)}
            for signup in signups
        ],
        feed=feed,
        feed_url=feed_url,
        notice=notice,
        can_cancel=registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT),
        lang_query_suffix=lang_query_string(request),
    )
    return private(render(request, "pages/attendee/my_registration.html", context))


def _session_row(session: Session, language: str) -> dict[str, object]:
    room = session.room
    return {
        "id": session.pk,
        "title": session.title_in(language),
        "start": session.start,
        "end": session.end,
        "place": ", ".join(
            part for part in (room.name if room else "", room.hall.name if room and room.hall else "") if part
        ),
        "cancelled": session.status == "cancelled",
    }


def _answers(registration: Registration, language: str) -> list[tuple[str, str]]:
    labels = {
        question.identifier: field_in(question, "label", language)
        for question in questions_of(convention=registration.convention)
    }
    shown = []
    for identifier, value in registration.answers.items():
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        shown.append((labels.get(identifier, identifier), str(value)))
    return shown


def _back_to_my_registration(request: HttpRequest, registration: Registration) -> HttpResponse:
    return private(
        HttpResponseRedirect(
            reverse("web:my-registration", args=[registration.code]) + lang_query_string(request), status=303
        )
    )


@require_POST
def withdraw_consent(request: HttpRequest, code: str) -> HttpResponse:
    registration = _own_registration(request, code)
    consent = request.POST.get("consent", "")
    if consent not in consents.WITHDRAWABLE_CONSENTS:
        return HttpResponse(_("There is no such consent."), status=400, content_type="text/plain; charset=utf-8")
    consents.withdraw_consent(registration=registration, consent=consent, actor=Attendee(registration))
    return _back_to_my_registration(request, registration)


def session_of_registration(registration: Registration, session_id: int) -> Session:
    session = Session.objects.filter(pk=session_id, convention_id=registration.convention_id).first()
    if session is None:
        raise Http404("No such session.")
    return session


@require_POST
def remove_bookmark(request: HttpRequest, code: str, session_id: int) -> HttpResponse:
    registration = _own_registration(request, code)
    session = session_of_registration(registration, session_id)
    # Removed already (a second click, another tab): the page shows the agenda as it is.
    with contextlib.suppress(errors.NotFound):
        agenda.remove_bookmark(registration=registration, session=session)
    return _back_to_my_registration(request, registration)


@require_POST
def leave_workshop(request: HttpRequest, code: str, session_id: int) -> HttpResponse:
    registration = _own_registration(request, code)
    session = session_of_registration(registration, session_id)
    with contextlib.suppress(errors.NotSignedUp):
        workshops.cancel_workshop_signup(session=session, registration=registration)
    return _back_to_my_registration(request, registration)


@require_POST
def rotate_calendar_feed(request: HttpRequest, code: str) -> HttpResponse:
    """Issue a new feed URL (the old one stops). Shown once, in this response: only its hash is stored."""
    registration = _own_registration(request, code)
    token = agenda.rotate_feed_token(registration=registration)
    feed_url = settings.SITE_URL + reverse("api:agenda-feed", args=[token])
    return _render_my_registration(request, registration, feed_url=feed_url)


@require_http_methods(["GET", "POST"])
def cancel_registration(request: HttpRequest, code: str) -> HttpResponse:
    """GET asks for confirmation; POST cancels (the service frees the seat, revokes the badge, refunds)."""
    registration = _own_registration(request, code)
    if request.method == "POST":
        # An expired registration has nothing to cancel; the page shows its status.
        with contextlib.suppress(errors.RegistrationNotCancellable):
            registration_service.cancel_registration(registration=registration)
        return _back_to_my_registration(request, registration)
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT):
        return _back_to_my_registration(request, registration)
    context = page_context(
        request,
        convention=_convention_context(registration.convention),
        registration=registration,
        refundable=registration.amount_paid > 0
        and timezone.now() <= registration_service.refund_deadline(registration),
        lang_query_suffix=lang_query_string(request),
    )
    return private(render(request, "pages/attendee/cancel_registration.html", context))
