"""What the pages of this area share: rendering with the organizer context, form errors from domain errors, the
live fragments and the translated names of scan reasons, message kinds and states."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from events import permissions
from events.errors import DomainError
from web.pages import page_context

PAGE_SIZE = 50
# Seconds between two refreshes of a page's live figures (counts, progress).
LIVE_SECONDS = 10


def page(request: HttpRequest, template: str, *, section: str, status: int = 200, **extra) -> HttpResponse:
    """Render ``pages/organizer/gates/<template>`` for the convention of the request."""
    convention = request.convention  # type: ignore[attr-defined]
    context = page_context(request, **extra)
    context.update(
        convention=convention,
        time_zone=convention.time_zone,
        section=section,
        can_change=may_change(request),
        live_seconds=LIVE_SECONDS,
    )
    return render(request, f"pages/organizer/gates/{template}", context, status=status)


def may_change(request: HttpRequest) -> bool:
    """Whether the signed-in member may act here (owner, organizer), not only look (the predicate decides)."""
    return permissions.is_organizer(request.user, request.convention)  # type: ignore[attr-defined]


def require_change(request: HttpRequest) -> None:
    """For pages that show to every member and act on POST: a member who may only look gets the 403 page."""
    if not may_change(request):
        raise PermissionDenied()


def posted(request: HttpRequest) -> tuple:
    """A form's data: bound on POST, even when the body is empty (so the form says what is missing)."""
    return (request.POST,) if request.method == "POST" else (None,)


def fail(form, error: DomainError) -> None:
    """A domain error as form errors: on the named fields where the form has them, else on the form."""
    fields = error.fields or {}
    named = [name for name in fields if name in form.fields]
    for name in named:
        form.add_error(name, str(fields[name]))
    if not named:
        form.add_error(None, str(error.message))


def paginate(request: HttpRequest, items) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def scan_reasons() -> dict[str, str]:
    """Why a scan was refused, in the words of the security desk."""
    return {
        "invalid_signature": _("Forged or damaged badge (signature does not match)"),
        "unknown": _("Unknown badge"),
        "revoked": _("Badge revoked (replaced by a reprint)"),
        "cancelled": _("Registration cancelled"),
        "unpaid": _("Not paid"),
        "not_valid_today": _("Not valid today"),
        "not_on_list": _("Ticket not admitted here"),
        "room_full": _("Room full"),
        "other_convention": _("Badge of another convention"),
        "already_checked_in": _("Already checked in"),
    }


def message_statuses() -> dict[str, str]:
    return {
        "pending": _("Queued"),
        "retrying": _("Retrying"),
        "sending": _("Sending"),
        "sent": _("Sent"),
        "failed": _("Failed"),
    }


def message_kinds() -> dict[str, str]:
    """The kinds of message Messe sends, as organizers call them; unknown kinds show their code."""
    return {
        "registration_confirmed": _("Registration confirmed"),
        "registration_cancelled": _("Registration cancelled"),
        "payment_refunded": _("Payment refunded"),
        "magic_link_resent": _("Link to the registration sent again"),
        "workshop_waitlisted": _("Workshop waitlist"),
        "session_reminder": _("Session reminder"),
        "session_material": _("Session material"),
        "calendar_invite": _("Calendar invitation"),
        "calendar_update": _("Calendar update"),
        "calendar_cancel": _("Calendar cancellation"),
        "announcement_operational": _("Announcement (operational)"),
        "announcement_marketing": _("Announcement (marketing)"),
        "exhibitor_invitation": _("Exhibitor invitation"),
        "exhibitor_sign_in": _("Exhibitor sign-in link"),
        "exhibitor_digest": _("Exhibitor digest"),
        "accessibility_feedback": _("Accessibility feedback"),
        "webhook_paused": _("Webhook paused"),
    }
