"""Workshop seats: sign-up, waitlist and promotion, decided under the workshop's row lock.

Lock order everywhere: the registration row first, then the session row. Counting confirmed seats and
numbering the waitlist happen after the session lock, so parallel sign-ups see each other's seats.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from events.enums import SessionFormat, SessionStatus, SignupStatus
from events.errors import (
    NotAWorkshop,
    NotSignedUp,
    OverlappingWorkshop,
    RegistrationNotConfirmed,
    SessionCancelled,
    SignupClosed,
)
from events.models import Registration, RegistrationStatus, Session, WorkshopSignup
from events.selectors.agenda import waitlist_position
from events.services import calendar


def locked_session(*, session_id: int) -> Session:
    # transaction.atomic is required: FOR UPDATE holds until the caller's transaction ends.
    return Session.objects.select_for_update(of=("self",)).select_related("room__hall", "convention").get(pk=session_id)


def locked_registration(*, registration_id: int) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration_id)


def workshop_capacity(*, session: Session) -> int | None:
    """Seats of the workshop: its own capacity, else its room's; ``None`` means no limit."""
    if session.capacity is not None:
        return session.capacity
    return session.room.capacity if session.room is not None else None


def signup_deadline(*, session: Session) -> dt.datetime | None:
    """Sign-up closes ``WORKSHOP_SIGNUP_CLOSES_MINUTES_BEFORE`` minutes before the workshop starts."""
    if session.start is None:
        return None
    return session.start - dt.timedelta(minutes=settings.WORKSHOP_SIGNUP_CLOSES_MINUTES_BEFORE)


def _overlapping_confirmed(*, registration: Registration, session: Session) -> bool:
    if session.start is None or session.end is None:
        return False
    return (
        WorkshopSignup.objects.filter(registration=registration, status=SignupStatus.CONFIRMED)
        .exclude(session=session)
        .filter(session__start__lt=session.end, session__end__gt=session.start)
        .exclude(session__status=SessionStatus.CANCELLED)
        .exists()
    )


def sign_up_for_workshop(*, session: Session, registration: Registration) -> WorkshopSignup:
    """Give the attendee a seat, or a place on the waitlist when the workshop is full.

    Refuses cancelled sessions, non-workshops, unconfirmed registrations, sign-ups after the deadline and a
    seat overlapping another confirmed workshop of the attendee. Signing up twice returns the existing
    sign-up. A confirmed seat sends a calendar invite in the same transaction; a waitlist place an e-mail with
    the position.
    """
    with transaction.atomic():
        registration = locked_registration(registration_id=registration.pk)
        session = locked_session(session_id=session.pk)
        if session.format != SessionFormat.WORKSHOP:
            raise NotAWorkshop()
        if session.status == SessionStatus.CANCELLED:
            raise SessionCancelled()
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationNotConfirmed()
        existing = WorkshopSignup.objects.filter(session=session, registration=registration).exclude(
            status=SignupStatus.CANCELLED
        )
        if (signup := existing.first()) is not None:
            return signup
        deadline = signup_deadline(session=session)
        if session.status != SessionStatus.CONFIRMED or deadline is None or timezone.now() >= deadline:
            raise SignupClosed()
        if _overlapping_confirmed(registration=registration, session=session):
            raise OverlappingWorkshop()
        capacity = workshop_capacity(session=session)
        confirmed = WorkshopSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).count()
        if capacity is None or confirmed < capacity:
            signup = WorkshopSignup.objects.create(
                session=session, registration=registration, status=SignupStatus.CONFIRMED, confirmed_at=timezone.now()
            )
            calendar.send_invite(registration=registration, session=session)
        else:
            last = WorkshopSignup.objects.filter(session=session).aggregate(last=Max("queue_number"))["last"] or 0
            signup = WorkshopSignup.objects.create(
                session=session, registration=registration, status=SignupStatus.WAITLISTED, queue_number=last + 1
            )
            _queue_waitlist_mail(signup=signup, session=session, registration=registration)
    return signup


def _queue_waitlist_mail(*, signup: WorkshopSignup, session: Session, registration: Registration) -> None:
    """Tell the attendee they are on the waiting list, and where: one e-mail per waitlist place."""
    from events.services import messages
    from events.services.magic_links import magic_link_url

    language = registration.language
    room = session.room
    context = {
        "registration": registration,
        "title": session.title_in(language),
        "position": waitlist_position(signup=signup),
        "start": session.start,
        "end": session.end,
        "time_zone": session.convention.time_zone,
        "place": ", ".join(
            part for part in (room.name if room else "", room.hall.name if room and room.hall else "") if part
        ),
        "magic_link": magic_link_url(registration),
    }
    subject, body_text, _html = messages.render_message(
        template="workshop_waitlisted", context=context, language=language
    )
    messages.queue_message(
        idempotency_key=f"workshop_waitlisted:{signup.pk}",
        kind="workshop_waitlisted",
        recipient=registration.email,
        subject=subject,
        body_text=body_text,
        language=language,
        convention=session.convention,
        registration=registration,
    )


def cancel_workshop_signup(*, session: Session, registration: Registration) -> WorkshopSignup:
    """Give up a seat or a waitlist place; a freed seat goes to the first on the waitlist in the same transaction.

    The attendee's calendar gets METHOD:CANCEL; the promoted attendee gets an invite.
    """
    with transaction.atomic():
        registration = locked_registration(registration_id=registration.pk)
        session = locked_session(session_id=session.pk)
        signup = (
            WorkshopSignup.objects.filter(session=session, registration=registration)
            .exclude(status=SignupStatus.CANCELLED)
            .first()
        )
        if signup is None:
            raise NotSignedUp()
        _cancel_locked(signup=signup, session=session)
    return signup


def _cancel_locked(*, signup: WorkshopSignup, session: Session) -> None:
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:
        if not calendar.holds_session(registration=signup.registration, session=session):
            calendar.send_cancellation(registration=signup.registration, session=session)
        promote_from_waitlist(session=session)


def promote_from_waitlist(*, session: Session) -> list[WorkshopSignup]:
    """Fill free seats from the head of the waitlist. Caller holds the session lock.

    A waitlisted attendee who meanwhile holds an overlapping confirmed workshop keeps their place and is
    skipped, so promotion never creates a double booking.
    """
    capacity = workshop_capacity(session=session)
    promoted: list[WorkshopSignup] = []
    if session.status == SessionStatus.CANCELLED:
        return promoted
    confirmed = WorkshopSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).count()
    waitlist = (
        WorkshopSignup.objects.filter(session=session, status=SignupStatus.WAITLISTED)
        .select_related("registration")
        .order_by("queue_number")
    )
    for candidate in waitlist.iterator():
        if capacity is not None and confirmed >= capacity:
            break
        if candidate.registration.status != RegistrationStatus.CONFIRMED or _overlapping_confirmed(
            registration=candidate.registration, session=session
        ):
            continue
        candidate.status = SignupStatus.CONFIRMED
        candidate.queue_number = None
        candidate.confirmed_at = timezone.now()
        candidate.save(update_fields=["status", "queue_number", "confirmed_at"])
        calendar.send_invite(registration=candidate.registration, session=session)
        promoted.append(candidate)
        confirmed += 1
    return promoted


def release_seats_of(*, registration: Registration) -> list[WorkshopSignup]:
    """Cancel every workshop seat and waitlist place of a registration (it was cancelled or expired).

    Call inside the registration's cancellation transaction; each freed seat is passed on to the waitlist.
    """
    released = []
    with transaction.atomic():
        session_ids = list(
            WorkshopSignup.objects.filter(registration=registration)
            .exclude(status=SignupStatus.CANCELLED)
            .order_by("session_id")
            .values_list("session_id", flat=True)
        )
        for session_id in session_ids:  # session locks in pk order
            session = locked_session(session_id=session_id)
            signup = (
                WorkshopSignup.objects.filter(session=session, registration=registration)
                .exclude(status=SignupStatus.CANCELLED)
                .first()
            )
            if signup is not None:
                _cancel_locked(signup=signup, session=session)
                released.append(signup)
    return released
