"""Reads of exhibitors.

Exhibitor data is public as it is maintained (no release step); booth talks come from the released programme.
Contact e-mails and staff never leave through the public selectors' consumers.
"""

from django.db.models import Prefetch, Q, QuerySet

from events.models import Exhibitor, ExhibitorMaterial


def public_exhibitors(*, convention_id: int, q: str | None = None, hall_id: int | None = None) -> QuerySet:
    """Exhibitors of a convention with booth, hall and public materials loaded, optionally filtered."""
    exhibitors = (
        Exhibitor.objects.filter(convention_id=convention_id)
        .select_related("booth__hall")
        .prefetch_related(
            Prefetch(
                "materials",
                queryset=ExhibitorMaterial.objects.filter(is_public=True).order_by("position", "pk"),
                to_attr="public_materials",
            )
        )
        .order_by("name", "pk")
    )
    if q:
        exhibitors = exhibitors.filter(
            Q(name__icontains=q) | Q(profile_de__icontains=q) | Q(profile_en__icontains=q) | Q(booth__number=q)
        )
    if hall_id is not None:
        exhibitors = exhibitors.filter(booth__hall_id=hall_id)
    return exhibitors


def managed_exhibitors(*, convention_id: int) -> QuerySet:
    """All of a convention's exhibitors with everything an organizer edits (materials, staff accounts)."""
    return (
        Exhibitor.objects.filter(convention_id=convention_id)
        .select_related("booth__hall")
        .prefetch_related("materials", "staff__user")
        .order_by("name", "pk")
    )
