"""Speakers taking part: invitations, answers, profile, availability, material and the speaker pass.

An organizer puts a speaker on a session (``schedule.set_session_speakers``, any role); the speaker receives an
invitation e-mail with the magic link to their own page (``speaker_link_url``), where they confirm or decline
each session, keep their profile, say when they cannot be there and upload their material. Speakers who have
not answered ``MESSE_SPEAKER_REMINDER_DAYS`` days after the invitation are reminded once and shown as
``no_answer``; the organizer can send the invitation again at any time.

The link token is an HMAC of the speaker's GUID keyed with ``SECRET_KEY``: computed again for every e-mail,
never stored, and valid for one speaker only. Confirming a session gives the speaker a speaker pass (a free
registration of the convention's speaker pass ticket type, with its badge) once, and puts the session into
their calendar (``speaker_calendar``).
"""

import datetime as dt
import hmac
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from events.enums import MaterialKind, SessionStatus, SpeakerState
from events.errors import InvalidTimeRange, ValidationFailed
from events.models import (
    Registration,
    RegistrationStatus,
    Session,
    SessionMaterial,
    SessionSpeaker,
    Speaker,
    SpeakerUnavailability,
    TicketType,
)
from events.services import messages, uploads

_SALT = "messe.speaker-link"
MAX_TOKEN_LENGTH = 100
PHOTO_SIDE = 800
# At most one resent invitation per assignment in this many seconds, however often the organizer clicks.
RESEND_WINDOW_SECONDS = 60


def speaker_link_token(speaker: Speaker) -> str:
    return salted_hmac(_SALT, str(speaker.guid), algorithm="sha256").hexdigest()


def speaker_link_path(speaker: Speaker) -> str:
    return f"/speaker/{speaker.guid}/?token={speaker_link_token(speaker)}"


def speaker_link_url(speaker: Speaker) -> str:
    return f"{settings.SITE_URL}{speaker_link_path(speaker)}"


def speaker_access_open(speaker: Speaker, *, now: dt.datetime | None = None) -> bool:
    """The link works until ``MESSE_ATTENDEE_ACCESS_DAYS`` after the convention's last day (material comes late)."""
    convention = speaker.convention
    today = (now or timezone.now()).astimezone(ZoneInfo(convention.time_zone)).date()
    return today <= convention.end_date + dt.timedelta(days=settings.MESSE_ATTENDEE_ACCESS_DAYS)


def token_matches(speaker: Speaker, token: str) -> bool:
    if not token or len(token) > MAX_TOKEN_LENGTH or not speaker_access_open(speaker):
        return False
    return hmac.compare_digest(speaker_link_token(speaker), token)


# --- invitations ---------------------------------------------------------------------------------------------


def _role_context(role: SessionSpeaker) -> dict[str, Any]:
    session, speaker = role.session, role.speaker
    zone = ZoneInfo(session.convention.time_zone)
    return {
        "speaker": speaker,
        "convention": session.convention,
        "session": session,
        "title": session.title_in(speaker.language),
        "role": role.role,
        "start": timezone.localtime(session.start, zone) if session.start else None,
        "end": timezone.localtime(session.end, zone) if session.end else None,
        "room": session.room.name if session.room_id and session.room else "",
        "link": speaker_link_url(speaker),
    }


def _queue_role_mail(*, role: SessionSpeaker, template: str, key: str) -> bool:
    speaker = role.speaker
    if not speaker.email:
        return False
    with timezone.override(ZoneInfo(role.session.convention.time_zone)):
        subject, body_text, _html = messages.render_message(
            template=template, context=_role_context(role), language=speaker.language
        )
    row = messages.queue_message(
        idempotency_key=key,
        kind=template,
        recipient=speaker.email,
        subject=subject[:300],
        body_text=body_text,
        language=speaker.language,
        convention=role.session.convention,
    )
    return row is not None


def invite_to_session(*, role: SessionSpeaker, now: dt.datetime | None = None) -> SessionSpeaker:
    """Send the invitation for a new assignment, in the caller's transaction (once per assignment).

    A speaker without an e-mail address stays invited without an invitation (``invited_at`` empty); cancelled
    sessions invite nobody.
    """
    if role.session.status == SessionStatus.CANCELLED:
        return role
    if _queue_role_mail(role=role, template="speaker_invitation", key=f"speaker_invitation:{role.pk}"):
        role.invited_at = now or timezone.now()
        SessionSpeaker.objects.filter(pk=role.pk).update(invited_at=role.invited_at)
    return role


def resend_invitation(*, role: SessionSpeaker, now: dt.datetime | None = None) -> bool:
    """The organizer sends the invitation again (its link is the same). Returns whether a message was queued:
    ``False`` for a speaker without an e-mail address or a second click within ``RESEND_WINDOW_SECONDS``."""
    now = now or timezone.now()
    window = int(now.timestamp() // RESEND_WINDOW_SECONDS)
    with transaction.atomic():
        role = (
            SessionSpeaker.objects.select_for_update(of=("self",))
            .select_related("speaker__convention", "session__convention", "session__room")
            .get(pk=role.pk)
        )
        sent = _queue_role_mail(
            role=role, template="speaker_invitation", key=f"speaker_invitation:{role.pk}:resent:{window}"
        )
        if sent:
            role.invited_at = now
            if role.state == SpeakerState.NO_ANSWER:
                role.state = SpeakerState.INVITED
            role.save(update_fields=["invited_at", "state"])
    return sent


def send_due_speaker_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind once every speaker who has not answered ``MESSE_SPEAKER_REMINDER_DAYS`` days after the invitation,
    and mark them ``no_answer`` (beat job; safe to run any number of times). Returns messages queued."""
    now = now or timezone.now()
    due = now - dt.timedelta(days=settings.MESSE_SPEAKER_REMINDER_DAYS)
    queued = 0
    ids = list(
        SessionSpeaker.objects.filter(state=SpeakerState.INVITED, invited_at__lte=due, reminded_at__isnull=True)
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for role_id in ids:
        with transaction.atomic():
            role = (
                SessionSpeaker.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("speaker__convention", "session__convention", "session__room")
                .filter(pk=role_id, state=SpeakerState.INVITED, reminded_at__isnull=True)
                .first()
            )
            if role is None:
                continue
            queued += _queue_role_mail(role=role, template="speaker_reminder", key=f"speaker_reminder:{role.pk}")
            role.state, role.reminded_at = SpeakerState.NO_ANSWER, now
            role.save(update_fields=["state", "reminded_at"])
    return queued


def add_to_session(
    *, session: Session, speaker: Speaker, role: str, expected_version: int | None = None
) -> SessionSpeaker:
    """Put ``speaker`` on ``session`` in ``role`` (last in the line-up) through ``schedule.update_session``, which
    sends the invitation; a speaker already on the session keeps their place and answer and takes the new role."""
    from events.services import schedule

    if speaker.convention_id != session.convention_id:
        raise ValidationFailed(_("The speaker belongs to another convention."), fields={"speaker": "not_in_convention"})
    line_up = [
        (row.speaker, row.role)
        for row in SessionSpeaker.objects.filter(session=session).select_related("speaker").order_by("position", "pk")
    ]
    if any(existing.pk == speaker.pk for existing, _role in line_up):
        line_up = [(existing, role if existing.pk == speaker.pk else old) for existing, old in line_up]
    else:
        line_up.append((speaker, role))
    schedule.update_session(session=session, speakers=line_up, expected_version=expected_version)
    return SessionSpeaker.objects.select_related("speaker", "session").get(session=session, speaker=speaker)


# --- the speaker's answers and profile -------------------------------------------------------------------------

ANSWERS = (SpeakerState.CONFIRMED, SpeakerState.DECLINED)


def answer_session(
    *, role: SessionSpeaker, state: str, note: str = "", now: dt.datetime | None = None
) -> SessionSpeaker:
    """The speaker confirms or declines one session, with an optional note to the organizers.

    Confirming gives the speaker their pass (once) and puts the session into their calendar; declining a
    confirmed session takes it out again. The answer can be changed as long as the link works.
    """
    from events.services import speaker_calendar

    if state not in ANSWERS:
        raise ValidationFailed(_("Confirm or decline the session."), fields={"state": "invalid_choice"})
    with transaction.atomic():
        role = (
            SessionSpeaker.objects.select_for_update(of=("self",))
            .select_related("speaker__convention", "session__convention")
            .get(pk=role.pk)
        )
        role.state, role.note, role.answered_at = state, note.strip()[:2000], now or timezone.now()
        role.save(update_fields=["state", "note", "answered_at"])
        if state == SpeakerState.CONFIRMED:
            issue_speaker_pass(speaker=role.speaker)
        speaker_calendar.sync_speaker_session(speaker=role.speaker, session=role.session)
    return role


PROFILE_FIELDS = ("name", "organization", "job_title", "bio_de", "bio_en", "language")


def update_profile(
    *, speaker: Speaker, photo: File | None = None, remove_photo: bool = False, **fields: str
) -> Speaker:
    """The speaker's own changes to their public profile; ``photo`` must be an image (re-encoded, at most
    ``PHOTO_SIDE`` pixels on its longer side; the upload errors of ``uploads.clean_upload`` otherwise)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    if "name" in fields and not fields["name"].strip():
        raise ValidationFailed(_("Please enter your name."), fields={"name": "required"})
    cleaned = None
    if photo is not None:
        cleaned = uploads.clean_upload(file=photo, allowed=uploads.IMAGE, limits=uploads.image_limits(side=PHOTO_SIDE))
    for field, value in fields.items():
        setattr(speaker, field, value.strip())
    old_photo = speaker.photo.name if speaker.photo else ""
    if cleaned is not None:
        speaker.photo.save(cleaned.name or "", cleaned, save=False)
    elif remove_photo:
        speaker.photo = ""
    speaker.save()
    if old_photo and old_photo != (speaker.photo.name or ""):
        speaker.photo.storage.delete(old_photo)
    return speaker


def photo_link(speaker: Speaker) -> str:
    """Where the speaker's photo is shown from: the uploaded one, else the address the organizers entered."""
    return uploads.media_link(speaker.photo.name or "") if speaker.photo else speaker.photo_url


MAX_UNAVAILABILITY = dt.timedelta(days=31)


def add_unavailability(
    *, speaker: Speaker, start: dt.datetime, end: dt.datetime, note: str = ""
) -> SpeakerUnavailability:
    """A span in which the speaker cannot be on stage; the board warns about sessions placed inside it."""
    if end <= start:
        raise InvalidTimeRange(_("The end must be after the start."), fields={"end": "before_start"})
    if end - start > MAX_UNAVAILABILITY:
        raise InvalidTimeRange(_("A period lasts at most 31 days."), fields={"end": "too_long"})
    return SpeakerUnavailability.objects.create(speaker=speaker, start=start, end=end, note=note.strip()[:200])


def remove_unavailability(*, speaker: Speaker, unavailability_id: int) -> None:
    SpeakerUnavailability.objects.filter(speaker=speaker, pk=unavailability_id).delete()


def add_material(*, role: SessionSpeaker, title: str, url: str = "", file: File | None = None) -> SessionMaterial:
    """Slides or a link from the speaker for one of their sessions: published at once, or after an organizer's
    review when the convention asks for one (``speaker_material_reviewed``). Attendees get published material
    with the follow-up e-mail after the session."""
    from events.services import followup

    if role.state == SpeakerState.DECLINED:
        raise ValidationFailed(_("You declined this session."), fields={"session": "declined"})
    if bool(url) == (file is not None):
        raise ValidationFailed(_("Upload a file or enter a link (one of the two)."), fields={"file": "file_or_link"})
    material = followup.add_session_material(
        session=role.session,
        title=title.strip() or role.session.title,
        kind=MaterialKind.DOCUMENT if file is not None else MaterialKind.LINK,
        url=url,
        file=file,
        is_published=not role.session.convention.speaker_material_reviewed,
        speaker=role.speaker,
    )
    return material


def remove_material(*, speaker: Speaker, material_id: int) -> None:
    """A speaker takes back material they uploaded that has not gone out to attendees yet."""
    material = SessionMaterial.objects.filter(speaker=speaker, pk=material_id, distributed_at__isnull=True).first()
    if material is None:
        return
    name = material.file.name if material.file else ""
    material.delete()
    if name:
        material.file.storage.delete(name)


# --- the speaker pass -----------------------------------------------------------------------------------------


def speaker_pass_type(*, convention_id: int) -> TicketType | None:
    return (
        TicketType.objects.filter(convention_id=convention_id, is_speaker_pass=True, is_active=True)
        .order_by("position", "pk")
        .first()
    )


def speaker_pass(*, speaker: Speaker) -> Registration | None:
    """The speaker's confirmed speaker pass (registration of a speaker pass ticket type to their address)."""
    if not speaker.email:
        return None
    return (
        Registration.objects.filter(
            convention_id=speaker.convention_id,
            ticket_type__is_speaker_pass=True,
            email__iexact=speaker.email,
            status=RegistrationStatus.CONFIRMED,
        )
        .order_by("pk")
        .first()
    )


def issue_speaker_pass(*, speaker: Speaker) -> Registration | None:
    """Give the speaker their pass and badge, once: nothing when they hold one, have no e-mail address, or the
    convention has no speaker pass ticket type. The registration's confirmation e-mail carries the badge."""
    from events.services import badges, registration

    if not speaker.email:
        return None
    ticket_type = speaker_pass_type(convention_id=speaker.convention_id)
    if ticket_type is None:
        return None
    # The speaker row lock serializes two confirmations of the same speaker at once.
    Speaker.objects.select_for_update().filter(pk=speaker.pk).first()
    existing = speaker_pass(speaker=speaker)
    if existing is not None:
        return existing
    first, _space, last = speaker.name.strip().rpartition(" ")
    issued = registration.issue_complimentary_registration(
        ticket_type=ticket_type,
        first_name=first or last,
        last_name=last if first else "",
        email=speaker.email,
        language=speaker.language,
        organization=speaker.organization,
    )
    badges.get_or_issue_badge(registration=issued.registration)
    return issued.registration
