"""Reads of the outbox for the organizers' messages page."""

from django.db.models import Count, Q, QuerySet

from events.models import Convention, MessageStatus, OutboundMessage, ScheduleRelease

# What the page calls a message's state: "retrying" is a pending message waiting for its next attempt.
DISPLAY_STATUSES = ("pending", "retrying", "sending", "sent", "failed")


def messages_of(*, convention: Convention, recipient: str = "", kind: str = "", status: str = "") -> QuerySet:
    messages = OutboundMessage.objects.filter(convention=convention).defer("body_text", "body_html", "calendar_ics")
    if recipient:
        messages = messages.filter(recipient__iexact=recipient)
    if kind:
        messages = messages.filter(kind=kind)
    if status == "retrying":
        messages = messages.filter(status=MessageStatus.PENDING, next_attempt_at__isnull=False)
    elif status == MessageStatus.PENDING:
        messages = messages.filter(status=MessageStatus.PENDING, next_attempt_at__isnull=True)
    elif status:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-pk")


def outbox_summary(*, convention: Convention) -> list[dict]:
    """Per kind: how many messages are in each state."""
    rows = (
        OutboundMessage.objects.filter(convention=convention)
        .values("kind")
        .annotate(
            pending=Count("pk", filter=Q(status=MessageStatus.PENDING, next_attempt_at__isnull=True)),
            retrying=Count("pk", filter=Q(status=MessageStatus.PENDING, next_attempt_at__isnull=False)),
            sending=Count("pk", filter=Q(status=MessageStatus.SENDING)),
            sent=Count("pk", filter=Q(status=MessageStatus.SENT)),
            failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
        )
        .order_by("kind")
    )
    return [dict(row) for row in rows]


def release_fan_out_progress(*, convention: Convention) -> dict | None:
    """The latest release's calendar updates and cancellations: queued, sent, failed."""
    release = ScheduleRelease.objects.filter(convention=convention).order_by("-version").first()
    if release is None:
        return None
    counts = dict(
        OutboundMessage.objects.filter(
            convention=convention, kind__startswith="calendar_", idempotency_key__contains=f":v{release.version}:"
        )
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
        .order_by()
    )
    return {
        "version": release.version,
        "released_at": release.released_at,
        "queued": sum(counts.values()),
        "sent": counts.get(MessageStatus.SENT, 0),
        "failed": counts.get(MessageStatus.FAILED, 0),
    }
