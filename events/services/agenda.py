"""Personal agendas: bookmarks, the attendee's calendar preferences and the subscribable feed token."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import SessionStatus
from events.errors import NotFound
from events.models import AgendaItem, AttendeePreferences, CalendarFeed, Registration, Session
from events.services import calendar
from events.tokens import hash_token

hash_feed_token = hash_token


def bookmark_session(*, registration: Registration, session: Session) -> AgendaItem:
    """Add a session to the attendee's agenda (again: no change); sends an invite if they opted in."""
    if session.convention_id != registration.convention_id or session.status != SessionStatus.CONFIRMED:
        raise NotFound(_("No such session in this convention's programme."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                item, created = AgendaItem.objects.get_or_create(registration=registration, session=session)
        except IntegrityError:  # a parallel request bookmarked it first
            return AgendaItem.objects.get(registration=registration, session=session)
        if created and calendar.wants_bookmark_invites(registration=registration):
            calendar.send_invite(registration=registration, session=session, reason="bookmark")
    return item


def remove_bookmark(*, registration: Registration, session: Session) -> None:
    """Remove a session from the agenda; its calendar invite is cancelled unless a workshop seat keeps it."""
    with transaction.atomic():
        deleted, _rows = AgendaItem.objects.filter(registration=registration, session=session).delete()
        if not deleted:
            raise NotFound(_("The session is not in your agenda."))
        if not calendar.holds_session(registration=registration, session=session):
            calendar.send_cancellation(registration=registration, session=session)


def update_preferences(*, registration: Registration, calendar_invites_for_bookmarks: bool) -> AttendeePreferences:
    """Opt in to (or out of) calendar invites for bookmarked sessions; opting in invites for what is bookmarked."""
    with transaction.atomic():
        preferences, _created = AttendeePreferences.objects.select_for_update().get_or_create(registration=registration)
        opted_in = calendar_invites_for_bookmarks and not preferences.calendar_invites_for_bookmarks
        preferences.calendar_invites_for_bookmarks = calendar_invites_for_bookmarks
        preferences.save()
        if opted_in:
            items = AgendaItem.objects.filter(registration=registration, session__status=SessionStatus.CONFIRMED)
            for item in items.select_related("session__room__hall", "session__convention"):
                calendar.send_invite(registration=registration, session=item.session, reason="bookmark")
    return preferences


def rotate_feed_token(*, registration: Registration) -> str:
    """Revoke the attendee's feed URLs and issue a new one. Returns the token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(registration=registration, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(registration=registration, token_hash=hash_feed_token(token))
    return token


def revoke_feed_tokens(*, registration: Registration) -> int:
    """Revoke every feed URL of the attendee; subscribed calendars stop updating (404)."""
    return CalendarFeed.objects.filter(registration=registration, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
