"""Booth talks: exhibitors propose talks for the booth stage; organizers accept them into the programme.

Accepting creates a confirmed booth talk session through ``events.services.schedule.create_session``, so the
programme's rules (opening hours, no two sessions in a room at once) hold for booth talks too. The session is
public with the next schedule release, like every other change of the programme.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from events.enums import SessionFormat, SessionStatus, TalkProposalStatus
from events.errors import NotReviewable, ValidationFailed
from events.models import BoothTalkProposal, Exhibitor, Room, Session
from events.services import schedule

MAX_DURATION_MINUTES = 120


def propose_booth_talk(
    *,
    exhibitor: Exhibitor,
    proposed_by: User | None,
    title_de: str = "",
    title_en: str = "",
    abstract_de: str = "",
    abstract_en: str = "",
    speaker_names: str = "",
    duration_minutes: int = 20,
    preferred_start: dt.datetime | None = None,
) -> BoothTalkProposal:
    """Propose a talk for the booth stage (a title in at least one language, at most two hours)."""
    if not (title_de.strip() or title_en.strip()):
        raise ValidationFailed(fields={"title_de": "required"})
    if not 5 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise ValidationFailed(fields={"duration_minutes": "5_to_120"})
    return BoothTalkProposal.objects.create(
        exhibitor=exhibitor,
        proposed_by=proposed_by if getattr(proposed_by, "pk", None) else None,
        title_de=title_de.strip(),
        title_en=title_en.strip(),
        abstract_de=abstract_de.strip(),
        abstract_en=abstract_en.strip(),
        speaker_names=speaker_names.strip(),
        duration_minutes=duration_minutes,
        preferred_start=preferred_start,
    )


def accept_booth_talk(*, proposal: BoothTalkProposal, room: Room, start: dt.datetime) -> Session:
    """Put a proposed talk into the programme as a confirmed booth talk in ``room`` at ``start``.

    Raises the scheduling errors of ``create_session`` (and changes nothing then) or ``NotReviewable`` when the
    proposal was decided already."""
    with transaction.atomic():
        proposal = BoothTalkProposal.objects.select_for_update().select_related("exhibitor").get(pk=proposal.pk)
        if proposal.status != TalkProposalStatus.PROPOSED:
            raise NotReviewable()
        session = schedule.create_session(
            convention=proposal.exhibitor.convention,
            title_de=proposal.title_de,
            title_en=proposal.title_en,
            abstract_de=proposal.abstract_de,
            abstract_en=proposal.abstract_en,
            format=SessionFormat.BOOTH_TALK,
            room=room,
            start=start,
            end=start + dt.timedelta(minutes=proposal.duration_minutes),
            status=SessionStatus.CONFIRMED,
            exhibitor=proposal.exhibitor,
        )
        proposal.status = TalkProposalStatus.ACCEPTED
        proposal.session = session
        proposal.save(update_fields=["status", "session"])
    return session


def decline_booth_talk(*, proposal: BoothTalkProposal) -> BoothTalkProposal:
    with transaction.atomic():
        proposal = BoothTalkProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != TalkProposalStatus.PROPOSED:
            raise NotReviewable()
        proposal.status = TalkProposalStatus.DECLINED
        proposal.save(update_fields=["status"])
    return proposal
