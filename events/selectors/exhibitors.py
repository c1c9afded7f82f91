"""Reads of exhibitors.

Exhibitor data is public as it is maintained (no release step); booth talks come from the released programme.
Contact e-mails and staff never leave through the public selectors' consumers.
"""

from django.db.models import Prefetch, Q, QuerySet

from events.models import Exhibitor, ExhibitorMaterial


def _public_materials() -> Prefetch:
    # Material waiting for the organizers' review is not public yet.
    return Prefetch(
        "materials",
        queryset=ExhibitorMaterial.objects.filter(is_public=True, is_approved=True).order_by("position", "pk"),
        to_attr="public_materials",
    )


def public_exhibitors(*, convention_id: int, q: str | None = None, hall_id: int | None = None) -> QuerySet:
    """Exhibitors of a convention with booth (a co-exhibitor's: its main exhibitor's), hall and public
    materials loaded, optionally filtered. The fields are the approved booth content."""
    exhibitors = (
        Exhibitor.objects.filter(convention_id=convention_id)
        .select_related("booth__hall", "main_exhibitor__booth__hall")
        .prefetch_related(_public_materials())
        .order_by("name", "pk")
    )
    if q:
        exhibitors = exhibitors.filter(
            Q(name__icontains=q)
            | Q(profile_de__icontains=q)
            | Q(profile_en__icontains=q)
            | Q(booth__number=q)
            | Q(main_exhibitor__booth__number=q)
        )
    if hall_id is not None:
        exhibitors = exhibitors.filter(Q(booth__hall_id=hall_id) | Q(main_exhibitor__booth__hall_id=hall_id))
    return exhibitors


def public_exhibitor(*, convention_id: int, slug: str) -> Exhibitor | None:
    """One exhibitor's public page: approved content, public materials, stand and the others on its stand."""
    return (
        Exhibitor.objects.filter(convention_id=convention_id, slug=slug)
        .select_related("booth__hall", "main_exhibitor__booth__hall")
        .prefetch_related(_public_materials(), Prefetch("co_exhibitors", queryset=Exhibitor.objects.order_by("name")))
        .first()
    )


def managed_exhibitors(*, convention_id: int) -> QuerySet:
    """All of a convention's exhibitors with everything an organizer edits (materials, staff accounts)."""
    return (
        Exhibitor.objects.filter(convention_id=convention_id)
        .select_related("booth__hall")
        .prefetch_related("materials", "staff__user")
        .order_by("name", "pk")
    )
