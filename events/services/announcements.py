"""Announcements to a filtered audience of attendees, sent through the outbox.

An organizer writes a draft (``create_announcement`` / ``update_announcement``), sees its recipient count and
confirms it (``send_announcement``). The fan-out (``fan_out_announcement``, a task) writes one outbox message
per recipient in short transactions, keyed ``announcement:<id>:<registration id>``: a fan-out that runs twice,
or is resumed by the beat job after its worker died, queues nobody twice. Delivery is the outbox's (claim,
lease, requeue), so broker and worker faults cost time, never a message.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import errors
from events.enums import AnnouncementKind, AnnouncementStatus, AudiencePresence, Language, SessionFormat
from events.models import (
    Announcement,
    CheckinList,
    Convention,
    OutboundMessage,
    Registration,
    Session,
    TicketType,
)
from events.selectors.announcements import audience_of, audience_registrations, recipient_count
from events.services import messages

logger = logging.getLogger(__name__)

# Recipients per fan-out transaction: short transactions, bounded memory, steady progress.
FAN_OUT_CHUNK = 1000
# A "sending" announcement whose fan-out has not moved for this long lost its task (broker down, worker
# killed); the beat job starts it again.
FAN_OUT_STALL = dt.timedelta(minutes=2)

AUDIENCE_FIELDS = ("day", "checkin_list", "presence", "workshop", "bookmarked_session", "language")
TEXT_FIELDS = ("subject_de", "subject_en", "body_de", "body_en")


def _validated(*, convention: Convention, values: dict[str, Any]) -> dict[str, Any]:
    """Check a draft's fields; raises ``ValidationFailed`` with one message per offending field."""
    problems: dict[str, Any] = {}
    for language in (Language.GERMAN, Language.ENGLISH):
        subject, body = values.get(f"subject_{language}", "").strip(), values.get(f"body_{language}", "").strip()
        if bool(subject) != bool(body):
            missing = f"subject_{language}" if not subject else f"body_{language}"
            problems[missing] = _("Subject and text go together: fill in both or neither.")
    if not any(values.get(name, "").strip() for name in TEXT_FIELDS):
        problems["subject_de"] = _("Write the announcement in German, English or both.")
    if values.get("kind") not in AnnouncementKind.values:
        problems["kind"] = _("Operational or marketing.")
    if values.get("language") not in ("", *Language.values):
        problems["language"] = _("German, English or any.")
    day = values.get("day")
    if day is not None and not convention.start_date <= day <= convention.end_date:
        problems["day"] = _("A day of the convention.")
    checkin_list, presence = values.get("checkin_list"), values.get("presence", "")
    if presence not in AudiencePresence.values:
        problems["presence"] = _("Checked in now, ever, or no check-in filter.")
    elif (checkin_list is None) != (presence == AudiencePresence.ANY):
        field = "presence" if checkin_list is not None else "checkin_list"
        problems[field] = _("A check-in filter needs both a list and whether now or ever.")
    if checkin_list is not None and checkin_list.convention_id != convention.pk:
        problems["checkin_list"] = _("A check-in list of this convention.")
    workshop = values.get("workshop")
    if workshop is not None and (workshop.convention_id != convention.pk or workshop.format != SessionFormat.WORKSHOP):
        problems["workshop"] = _("A workshop of this convention.")
    bookmarked = values.get("bookmarked_session")
    if bookmarked is not None and bookmarked.convention_id != convention.pk:
        problems["bookmarked_session"] = _("A session of this convention.")
    if any(ticket_type.convention_id != convention.pk for ticket_type in values.get("ticket_types", ())):
        problems["ticket_types"] = _("Ticket types of this convention.")
    if problems:
        raise errors.ValidationFailed(fields=problems)
    return values


def create_announcement(
    *,
    convention: Convention,
    author: Any,
    kind: str = AnnouncementKind.OPERATIONAL,
    subject_de: str = "",
    subject_en: str = "",
    body_de: str = "",
    body_en: str = "",
    ticket_types: Iterable[TicketType] = (),
    day: dt.date | None = None,
    checkin_list: CheckinList | None = None,
    presence: str = AudiencePresence.ANY,
    workshop: Session | None = None,
    bookmarked_session: Session | None = None,
    language: str = "",
) -> Announcement:
    """Save a draft announcement with its audience; nothing is sent until ``send_announcement``."""
    values = _validated(
        convention=convention,
        values={
            "kind": kind,
            "subject_de": subject_de,
            "subject_en": subject_en,
            "body_de": body_de,
            "body_en": body_en,
            "ticket_types": list(ticket_types),
            "day": day,
            "checkin_list": checkin_list,
            "presence": presence,
            "workshop": workshop,
            "bookmarked_session": bookmarked_session,
            "language": language,
        },
    )
    chosen_ticket_types = values.pop("ticket_types")
    with transaction.atomic():
        announcement = Announcement.objects.create(
            convention=convention, created_by=_user_or_none(author), **_stripped(values)
        )
        announcement.ticket_types.set(chosen_ticket_types)
    return announcement


def update_announcement(*, announcement: Announcement, **fields: Any) -> Announcement:
    """Change a draft's text or audience. Refused once it was sent (``AnnouncementNotEditable``)."""
    allowed = {"kind", "ticket_types", *TEXT_FIELDS, *AUDIENCE_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise errors.ValidationFailed(fields={name: _("This field cannot be set.") for name in sorted(unknown)})
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().select_related("convention").get(pk=announcement.pk)
        if locked.status != AnnouncementStatus.DRAFT:
            raise errors.AnnouncementNotEditable()
        current = {name: getattr(locked, name) for name in ("kind", *TEXT_FIELDS, *AUDIENCE_FIELDS)}
        current["ticket_types"] = list(locked.ticket_types.all())
        values = _validated(convention=locked.convention, values={**current, **fields})
        chosen_ticket_types = values.pop("ticket_types")
        for name, value in _stripped(values).items():
            setattr(locked, name, value)
        locked.save()
        locked.ticket_types.set(chosen_ticket_types)
    return locked


def send_announcement(*, announcement: Announcement, actor: Any, expected_recipients: int) -> Announcement:
    """Confirm a draft for sending to the ``expected_recipients`` the organizer was shown.

    The audience is counted again under the announcement's row lock; if it differs (someone registered or
    checked in meanwhile) ``AudienceChanged`` carries the new count and nothing is sent, so an organizer never
    sends to more people than they agreed to. Sending twice (a double click) returns the announcement
    unchanged. The fan-out task is enqueued after commit; if the broker is down the beat job starts it.
    """
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().select_related("convention").get(pk=announcement.pk)
        if locked.status != AnnouncementStatus.DRAFT:
            return locked
        count = recipient_count(audience=audience_of(announcement=locked))
        if count != expected_recipients:
            raise errors.AudienceChanged(
                _("The audience now has %(count)s recipients, not %(expected)s; please confirm again.")
                % {"count": count, "expected": expected_recipients},
                recipients=count,
            )
        now = timezone.now()
        locked.status = AnnouncementStatus.SENDING
        locked.recipient_count = count
        locked.sent_by = _user_or_none(actor)
        locked.send_requested_at = now
        locked.fan_out_progress_at = now
        locked.save(update_fields=["status", "recipient_count", "sent_by", "send_requested_at", "fan_out_progress_at"])
        announcement_id = locked.pk
        transaction.on_commit(lambda: enqueue_fan_out(announcement_id=announcement_id))
    return locked


def enqueue_fan_out(*, announcement_id: int) -> bool:
    from events import tasks

    try:
        tasks.fan_out_announcement.apply_async(kwargs={"announcement_id": announcement_id}, retry=False)
    except Exception:
        logger.warning("broker unavailable; announcement %s waits for the beat job", announcement_id, exc_info=True)
        return False
    return True


def fan_out_announcement(*, announcement: Announcement) -> int:
    """Write the outbox message of every recipient who has none yet; returns how many were queued now.

    Recipients are walked in registration id order, ``FAN_OUT_CHUNK`` per transaction. Each message is
    rendered in the recipient's language (the other language if the announcement has none in theirs). When
    the walk is through, the announcement is marked queued. Safe to run twice and in parallel.
    """
    announcement = Announcement.objects.select_related("convention").get(pk=announcement.pk)
    if announcement.status != AnnouncementStatus.SENDING:
        return 0
    audience = audience_of(announcement=announcement)
    rendered = {language: _render(announcement=announcement, language=language) for language in Language.values}
    queued, after = 0, 0
    while True:
        chunk = list(
            audience_registrations(audience=audience)
            .filter(pk__gt=after)
            .only("pk", "email", "language")[:FAN_OUT_CHUNK]
        )
        if not chunk:
            break
        after = chunk[-1].pk
        with transaction.atomic():
            queued += len(
                messages.queue_messages(
                    messages=[
                        _message(announcement=announcement, registration=registration, rendered=rendered)
                        for registration in chunk
                    ]
                )
            )
            Announcement.objects.filter(pk=announcement.pk).update(fan_out_progress_at=timezone.now())
    Announcement.objects.filter(pk=announcement.pk, status=AnnouncementStatus.SENDING).update(
        status=AnnouncementStatus.QUEUED, queued_at=timezone.now()
    )
    return queued


def fan_out_stalled_announcements(*, now: dt.datetime | None = None) -> int:
    """Start again the fan-outs that stopped moving (beat job); returns how many were enqueued."""
    now = now or timezone.now()
    stalled = list(stalled_announcements(now=now).values_list("pk", flat=True).order_by("pk"))
    return sum(enqueue_fan_out(announcement_id=pk) for pk in stalled)


def stalled_announcements(*, now: dt.datetime) -> QuerySet[Announcement]:
    return Announcement.objects.filter(status=AnnouncementStatus.SENDING, fan_out_progress_at__lt=now - FAN_OUT_STALL)


def message_key(*, announcement_id: int, registration_id: int) -> str:
    return f"announcement:{announcement_id}:{registration_id}"


def _render(*, announcement: Announcement, language: str) -> tuple[str, str]:
    subject, body_text, _ = messages.render_message(
        template="announcement",
        context={
            "subject": announcement.subject_in(language),
            "body": announcement.body_in(language),
            "convention": announcement.convention,
            "marketing": announcement.kind == AnnouncementKind.MARKETING,
        },
        language=language,
    )
    return subject, body_text


def _message(
    *, announcement: Announcement, registration: Registration, rendered: dict[str, tuple[str, str]]
) -> OutboundMessage:
    language = registration.language if registration.language in rendered else Language.GERMAN
    subject, body_text = rendered[language]
    return OutboundMessage(
        idempotency_key=message_key(announcement_id=announcement.pk, registration_id=registration.pk),
        kind=announcement.message_kind,
        announcement_id=announcement.pk,
        convention_id=announcement.convention_id,
        registration_id=registration.pk,
        recipient=registration.email,
        language=language,
        subject=subject[:300],
        body_text=body_text,
    )


def _stripped(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
