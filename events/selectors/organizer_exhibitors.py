"""Reads of the organizers' exhibitor pages: the list with stands, joint stands, passes and lead counts, the review
queue with each pending change beside the live content, and the booth talk proposals.

Organizers see how many leads an exhibitor captured, never the leads themselves: nothing here reads a lead row
beyond counting it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from events.enums import ExhibitorChangeStatus, RoomKind, TalkProposalStatus
from events.models import (
    Booth,
    BoothTalkProposal,
    Convention,
    Exhibitor,
    ExhibitorChange,
    ExhibitorStaffMember,
    Lead,
    RegistrationStatus,
    Room,
)
from events.services import booth_content, exhibitor_passes, uploads


def _count(queryset: QuerySet, column: str = "exhibitor") -> Coalesce:
    """A correlated COUNT per exhibitor (no joins multiplying each other's rows)."""
    counted = queryset.filter(**{column: OuterRef("pk")}).order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass
class ExhibitorRow:
    exhibitor: Exhibitor
    stand: Booth | None
    staff: int
    managers: int
    passes_used: int
    pass_quota: int
    leads: int
    pending: int
    co_exhibitors: list["ExhibitorRow"] = field(default_factory=list)

    @property
    def passes_free(self) -> int:
        return max(self.pass_quota - self.passes_used, 0)


def exhibitor_rows(*, convention: Convention) -> list[ExhibitorRow]:
    """Main (and single) exhibitors by hall and stand, each with its joint stand's co-exhibitors beneath it."""
    exhibitors = list(
        Exhibitor.objects.filter(convention=convention)
        .select_related("booth__hall", "main_exhibitor")
        .annotate(
            staff_count=_count(ExhibitorStaffMember.objects.all()),
            manager_count=_count(ExhibitorStaffMember.objects.filter(is_manager=True)),
            passes_used=_count(ExhibitorStaffMember.objects.filter(registration__status=RegistrationStatus.CONFIRMED)),
            lead_count=_count(Lead.objects.all()),
            pending_count=_count(ExhibitorChange.objects.filter(status=ExhibitorChangeStatus.PENDING)),
        )
        .order_by("name", "pk")
    )
    ticket_type = exhibitor_passes.pass_ticket_type(exhibitor=exhibitors[0]) if exhibitors else None
    by_pk = {exhibitor.pk: exhibitor for exhibitor in exhibitors}

    def row(exhibitor: Any) -> ExhibitorRow:
        main = by_pk.get(exhibitor.main_exhibitor_id) if exhibitor.main_exhibitor_id else None
        return ExhibitorRow(
            exhibitor=exhibitor,
            stand=getattr(main or exhibitor, "booth", None),
            staff=exhibitor.staff_count,
            managers=exhibitor.manager_count,
            passes_used=exhibitor.passes_used,
            pass_quota=exhibitor_passes.pass_quota_of(exhibitor=exhibitor, ticket_type=ticket_type)
            if ticket_type or exhibitor.pass_quota is not None
            else 0,
            leads=exhibitor.lead_count,
            pending=exhibitor.pending_count,
        )

    rows = {exhibitor.pk: row(exhibitor) for exhibitor in exhibitors}
    mains = []
    for exhibitor in exhibitors:
        if exhibitor.main_exhibitor_id in rows:
            rows[exhibitor.main_exhibitor_id].co_exhibitors.append(rows[exhibitor.pk])
        else:
            mains.append(rows[exhibitor.pk])

    def where(item: ExhibitorRow) -> tuple:
        stand = item.stand
        if stand is None:
            return (1, 0, "", item.exhibitor.name.casefold())
        return (0, stand.hall.position, stand.number.zfill(8), item.exhibitor.name.casefold())

    return sorted(mains, key=where)


def has_pass_type(*, convention: Convention) -> bool:
    return convention.ticket_types.filter(is_exhibitor_pass=True, is_active=True).exists()


@dataclass
class FieldChange:
    label: str
    live: Any
    pending: Any


def _shown(field_name: str, value: Any) -> Any:
    if field_name == "links":
        return "\n".join(f"{link.get('title', '')} {link.get('url', '')}".strip() for link in value or [])
    return value


def change_rows(change: ExhibitorChange, exhibitor: Exhibitor) -> list[FieldChange]:
    """A pending change field by field: the live (approved) value beside the one waiting."""
    rows = []
    for name, value in change.changes.items():
        label = str(booth_content.FIELD_LABELS.get(name, name))
        if name.startswith("material_"):
            rows.append(FieldChange(label=label, live="", pending=value))
            continue
        live = exhibitor.logo.name if name == "logo" else getattr(exhibitor, name, "")
        rows.append(FieldChange(label=label, live=_shown(name, live), pending=_shown(name, value)))
    return rows


def review_queue(*, convention: Convention) -> list[dict[str, Any]]:
    """What waits for review, oldest first, each with its field-by-field comparison."""
    changes = (
        ExhibitorChange.objects.filter(exhibitor__convention=convention, status=ExhibitorChangeStatus.PENDING)
        .select_related("exhibitor", "author", "material")
        .order_by("created_at", "pk")
    )
    return [
        {
            "change": change,
            "rows": change_rows(change, change.exhibitor),
            "author": _name_of(change.author),
            # The reviewer opens the waiting file through the media view (the convention's team may read it).
            "file_url": uploads.media_path(change.material.file.name or "")
            if change.material is not None and change.material.file
            else "",
            "link_url": change.material.url if change.material is not None else "",
        }
        for change in changes
    ]


def _name_of(user: Any) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.email or user.username


def reviewed_changes(*, convention: Convention, limit: int = 50) -> QuerySet[ExhibitorChange]:
    """The latest decisions, for the history under the queue."""
    return (
        ExhibitorChange.objects.filter(
            exhibitor__convention=convention,
            status__in=[ExhibitorChangeStatus.APPROVED, ExhibitorChangeStatus.REJECTED],
        )
        .select_related("exhibitor", "author", "reviewed_by")
        .order_by("-reviewed_at", "-pk")[:limit]
    )


def talk_proposals(*, convention: Convention) -> QuerySet[BoothTalkProposal]:
    """Proposals waiting first, then the decided ones, newest first within each."""
    waiting = Case(When(status=TalkProposalStatus.PROPOSED, then=Value(0)), default=Value(1))
    return (
        BoothTalkProposal.objects.filter(exhibitor__convention=convention)
        .select_related("exhibitor", "session__room")
        .order_by(waiting, "-created_at", "-pk")
    )


def booth_stages(*, convention: Convention) -> QuerySet[Room]:
    """Rooms a booth talk can go to: booth areas first, then the other rooms."""
    booth_area_first = Case(When(kind=RoomKind.BOOTH_AREA, then=Value(0)), default=Value(1))
    return Room.objects.filter(convention=convention).order_by(booth_area_first, "position", "name")
