"""Workshop sign-up on the public session page: seats left for everybody, a sign-up/leave button and the
waitlist position for the attendee signed in by magic link.

The session page itself is cached per release; this block is personal and live, rendered on every request and
put in place of ``WORKSHOP_PLACEHOLDER`` (``web.public.views.session_detail``).
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events import errors
from events.enums import SessionStatus, SignupStatus
from events.models import Session, WorkshopSignup
from events.selectors.agenda import waitlist_position
from events.services import workshops
from web.attendee.access import private, signed_in_registration
from web.attendee.views import lang_params, lang_query_string, session_of_registration

WORKSHOP_PLACEHOLDER = "<!--messe:workshop-signup-->"
SIGNUP_NOTICES = {
    "signup_closed": gettext_lazy("Sign-up for this workshop has closed."),
    "overlapping_workshop": gettext_lazy("You already have a seat in another workshop at the same time."),
    "registration_not_confirmed": gettext_lazy("Only confirmed registrations can sign up for workshops."),
    "session_cancelled": gettext_lazy("This workshop has been cancelled."),
    "not_a_workshop": gettext_lazy("This session takes no sign-ups."),
}


def workshop_signup_block(request: HttpRequest, *, session_id: int) -> str:
    session = Session.objects.select_related("room", "convention").filter(pk=session_id).first()
    if session is None:
        return ""
    capacity = workshops.workshop_capacity(session=session)
    taken = WorkshopSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).count()
    registration = signed_in_registration(request)
    if registration is not None and registration.convention_id != session.convention_id:
        registration = None
    signup = None
    position = None
    if registration is not None:
        signup = (
            WorkshopSignup.objects.filter(session=session, registration=registration)
            .exclude(status=SignupStatus.CANCELLED)
            .first()
        )
        if signup is not None and signup.status == SignupStatus.WAITLISTED:
            position = waitlist_position(signup=signup)
    notice = SIGNUP_NOTICES.get(request.GET.get("notice", ""), "")
    deadline = workshops.signup_deadline(session=session)
    # The same rule ``sign_up_for_workshop`` enforces: a closed workshop offers no button that can only fail.
    signup_open = session.status == SessionStatus.CONFIRMED and deadline is not None and timezone.now() < deadline
    context = {
        "session_id": session.pk,
        "convention_slug": session.convention.slug,
        "seats_left": None if capacity is None else max(0, capacity - taken),
        "capacity": capacity,
        "registration": registration,
        "signup": signup,
        "waitlist_position": position,
        "notice": notice,
        "signup_open": signup_open,
        "lang_query": lang_query_string(request),
    }
    return render_to_string("pages/attendee/_workshop_signup.html", context, request=request)


@require_POST
def workshop_signup(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Take a seat (or a waitlist place) or give it up, for the attendee signed in by magic link."""
    registration = signed_in_registration(request)
    if registration is None or registration.convention.slug != slug:
        raise Http404("Open the link from your confirmation e-mail first.")
    session = session_of_registration(registration, session_id)
    notice = ""
    try:
        if request.POST.get("action") == "leave":
            workshops.cancel_workshop_signup(session=session, registration=registration)
        else:
            workshops.sign_up_for_workshop(session=session, registration=registration)
    except errors.NotSignedUp:
        pass
    except errors.DomainError as error:
        notice = error.code
    query = lang_params(request) | ({"notice": notice} if notice else {})
    target = reverse("web:session", args=[slug, session.pk]) + ("?" + urlencode(query) if query else "")
    return private(HttpResponseRedirect(target + "#workshop-signup", status=303))
