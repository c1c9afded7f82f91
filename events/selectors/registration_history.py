"""A registration's history for the registration desk: one time-ordered list from every table that records it."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from events.models import AuditEntry, Badge, OutboundMessage, Registration, Scan


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    what: str
    detail: str = ""


def registration_history(*, registration: Registration, limit: int = 200) -> list[HistoryEntry]:
    """Created, paid, confirmed, cancelled, refunded, erased; every scan (with the reason of a refusal), badge
    issued or revoked, message queued (kind and delivery status) and audit entry (consent changes included),
    newest first. Each source is bounded by ``limit``."""
    entries = [
        HistoryEntry(moment, label)
        for moment, label in (
            (registration.created_at, _("Registered")),
            (registration.paid_at, _("Paid")),
            (registration.confirmed_at, _("Confirmed")),
            (registration.cancelled_at, _("Cancelled")),
            (registration.refunded_at, _("Refunded")),
            (registration.erased_at, _("Personal data erased")),
        )
        if moment is not None
    ]
    for scan in Scan.objects.filter(registration=registration).select_related("checkin_list")[:limit]:
        outcome = _("accepted") if scan.result == "ok" else scan.get_reason_display()
        entries.append(
            HistoryEntry(
                scan.scanned_at,
                _("Scan (%(direction)s) at %(list)s")
                % {"direction": scan.get_direction_display(), "list": scan.checkin_list.name},
                f"{outcome}{' · ' + scan.device_label if scan.device_label else ''}",
            )
        )
    for badge in Badge.objects.filter(registration=registration).order_by("-issued_at")[:limit]:
        entries.append(HistoryEntry(badge.issued_at, _("Badge issued"), f"#{badge.pk}"))
        if badge.revoked_at:
            entries.append(HistoryEntry(badge.revoked_at, _("Badge revoked"), f"#{badge.pk} {badge.revoked_reason}"))
    for message in OutboundMessage.objects.filter(registration=registration).order_by("-created_at")[:limit]:
        entries.append(
            HistoryEntry(
                message.created_at, _("Message: %(kind)s") % {"kind": message.kind}, message.get_status_display()
            )
        )
    for entry in AuditEntry.objects.filter(registration=registration).order_by("-created_at")[:limit]:
        entries.append(
            HistoryEntry(
                entry.created_at, entry.get_action_display(), entry.actor_label or entry.get_actor_kind_display()
            )
        )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
