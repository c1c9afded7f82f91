"""Messages around sessions: reminders before, material after, and the exhibitors' daily digest.

Each is written to the outbox with an idempotency key naming its reason, so the beat jobs can run as often
as they like and every attendee still gets each message once.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.enums import SessionStatus, SignupStatus
from events.models import (
    AgendaItem,
    Convention,
    Exhibitor,
    ExhibitorMaterial,
    OutboundMessage,
    Registration,
    RegistrationStatus,
    Session,
    SessionMaterial,
    Speaker,
    WorkshopSignup,
)
from events.selectors.agenda import consenting_lead_pairs, lead_pairs_of_day, session_followup_recipients
from events.services import messages, uploads
from events.services.calendar import session_url


def _message(
    *, key: str, kind: str, template: str, registration: Registration, context: dict, convention_id: int
) -> OutboundMessage:
    language = registration.language
    subject, body_text, body_html = messages.render_message(
        template=template, context={**context, "lang": language, "registration": registration}, language=language
    )
    return OutboundMessage(
        idempotency_key=key,
        kind=kind,
        recipient=registration.email,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        language=language,
        convention_id=convention_id,
        registration_id=registration.pk,
    )


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind attendees of confirmed workshops and bookmarked sessions starting within the lead time.

    Lead time: ``MESSE_REMINDER_LEAD_MINUTES``. Each (attendee, session) is reminded once. Returns messages queued.
    """
    now = now or timezone.now()
    horizon = now + dt.timedelta(minutes=settings.MESSE_REMINDER_LEAD_MINUTES)
    sessions = {
        session.pk: session
        for session in Session.objects.filter(
            status=SessionStatus.CONFIRMED, start__gt=now, start__lte=horizon
        ).select_related("room__hall", "convention")
    }
    if not sessions:
        return 0
    pairs: set[tuple[int, int]] = set()
    pairs.update(
        WorkshopSignup.objects.filter(session_id__in=sessions, status=SignupStatus.CONFIRMED).values_list(
            "registration_id", "session_id"
        )
    )
    pairs.update(AgendaItem.objects.filter(session_id__in=sessions).values_list("registration_id", "session_id"))
    registrations = Registration.objects.in_bulk({registration_id for registration_id, _ in pairs})
    outgoing = []
    for registration_id, session_id in sorted(pairs):
        registration = registrations[registration_id]
        if registration.status != RegistrationStatus.CONFIRMED:
            continue
        session = sessions[session_id]
        outgoing.append(
            _message(
                key=f"reminder:{registration_id}:{session_id}",
                kind="session_reminder",
                template="session_reminder",
                registration=registration,
                context={
                    "session": session,
                    "title": session.title_in(registration.language),
                    "url": session_url(convention_slug=session.convention.slug, session_id=session.pk),
                },
                convention_id=session.convention_id,
            )
        )
    with transaction.atomic():
        return len(messages.queue_messages(messages=outgoing))


def send_due_session_materials(*, now: dt.datetime | None = None) -> int:
    """Send published, not yet distributed material of sessions that have ended; returns messages queued.

    Recipients come from ``session_followup_recipients``. One e-mail per attendee and run lists every new
    material of the session; material published later goes out with a later run, once.
    """
    now = now or timezone.now()
    queued = 0
    session_ids = (
        SessionMaterial.objects.filter(is_published=True, distributed_at__isnull=True, session__end__lte=now)
        .values_list("session_id", flat=True)
        .distinct()
    )
    for session_id in sorted(set(session_ids)):
        with transaction.atomic():
            # skip_locked: two runs of the job split the work instead of queueing the same material twice.
            materials = list(
                SessionMaterial.objects.select_for_update(skip_locked=True)
                .filter(session_id=session_id, is_published=True, distributed_at__isnull=True)
                .order_by("pk")
            )
            if not materials:
                continue
            session = Session.objects.select_related("convention").get(pk=session_id)
            material_key = "-".join(str(material.pk) for material in materials)
            outgoing = [
                _message(
                    key=f"material:{registration.pk}:{session_id}:{material_key}",
                    kind="session_material",
                    template="session_material",
                    registration=registration,
                    context={
                        "title": session.title_in(registration.language),
                        "materials": [_material_link(material) for material in materials],
                    },
                    convention_id=session.convention_id,
                )
                for registration in session_followup_recipients(session=session)
            ]
            queued += len(messages.queue_messages(messages=outgoing))
            SessionMaterial.objects.filter(pk__in=[material.pk for material in materials]).update(distributed_at=now)
    return queued


def _material_link(material: SessionMaterial | ExhibitorMaterial) -> dict[str, str]:
    url = material.url or uploads.media_link(material.file.name or "")
    return {"title": material.title, "url": url}


def send_exhibitor_digests(*, day: dt.date, pairs: Iterable[tuple[Exhibitor, Registration]], convention_id: int) -> int:
    """One digest e-mail per consenting lead and day with the public material of every exhibitor that scanned them.

    ``pairs`` are the (exhibitor, registration) leads captured on ``day``. Leads without consent to share
    contact are dropped; exhibitors without public material add nothing. Returns messages queued.
    """
    by_registration: dict[int, tuple[Registration, dict[int, Exhibitor]]] = {}
    for exhibitor, registration in consenting_lead_pairs(pairs=pairs):
        by_registration.setdefault(registration.pk, (registration, {}))[1][exhibitor.pk] = exhibitor
    exhibitor_ids = {pk for _, exhibitors in by_registration.values() for pk in exhibitors}
    materials: dict[int, list[ExhibitorMaterial]] = defaultdict(list)
    for material in ExhibitorMaterial.objects.filter(exhibitor_id__in=exhibitor_ids, is_public=True).order_by(
        "exhibitor_id", "position", "pk"
    ):
        materials[material.exhibitor_id].append(material)
    outgoing = []
    for registration_id, (registration, exhibitors) in sorted(by_registration.items()):
        sections = [
            {"exhibitor": exhibitor.name, "materials": [_material_link(m) for m in materials[exhibitor.pk]]}
            for exhibitor in sorted(exhibitors.values(), key=lambda e: (e.name, e.pk))
            if materials[exhibitor.pk]
        ]
        if not sections:
            continue
        outgoing.append(
            _message(
                key=f"exhibitor_digest:{registration_id}:{day.isoformat()}",
                kind="exhibitor_digest",
                template="exhibitor_digest",
                registration=registration,
                context={"day": day, "sections": sections},
                convention_id=convention_id,
            )
        )
    with transaction.atomic():
        return len(messages.queue_messages(messages=outgoing))


def add_session_material(
    *,
    session: Session,
    title: str,
    kind: str,
    url: str = "",
    file=None,
    is_published: bool = True,
    speaker: Speaker | None = None,
) -> SessionMaterial:
    """Attach material to a session. Published material of an ended session goes out with the next follow-up run.

    An uploaded ``file`` must be a PDF or an image (``uploads.clean_upload`` decides by content and raises its
    upload errors); it is written through the storage backend only after the row validated.
    """
    material = SessionMaterial(
        session=session, title=title, kind=kind, url=url, is_published=is_published, speaker=speaker
    )
    cleaned = None
    if file is not None:
        cleaned = uploads.clean_upload(file=file, allowed=uploads.DOCUMENT, limits=uploads.document_limits())
    # The file is checked above; the "link or file" constraint is checked by the database when saved.
    material.full_clean(exclude=["session", "file", "speaker"])
    if cleaned is not None:
        material.file.save(cleaned.name or "", cleaned, save=False)
    material.save()
    return material


def publish_session_material(*, material: SessionMaterial) -> SessionMaterial:
    """Make material visible; attendees receive it once, after the session has ended."""
    SessionMaterial.objects.filter(pk=material.pk).update(is_published=True)
    material.refresh_from_db()
    return material


def send_due_exhibitor_digests(*, now: dt.datetime | None = None) -> int:
    """Send the booth-material digests of convention days that have ended (beat job; safe to run any number of
    times, as each digest's key names the attendee and the day).

    Looks back two days, so a worker that was down over night still catches up.
    """
    now = now or timezone.now()
    queued = 0
    for convention in Convention.objects.filter(end_date__gte=(now - dt.timedelta(days=3)).date()):
        today = timezone.localtime(now, ZoneInfo(convention.time_zone)).date()
        for back in (1, 2):
            day = today - dt.timedelta(days=back)
            if convention.start_date <= day <= convention.end_date:
                pairs = lead_pairs_of_day(convention=convention, day=day)
                queued += send_exhibitor_digests(day=day, pairs=pairs, convention_id=convention.pk)
    return queued
