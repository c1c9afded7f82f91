"""Reads of conventions for the people on their teams."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Case, IntegerField, QuerySet, Value, When

from events.errors import NotFound
from events.models import Convention, ConventionMember
from events.permissions import MANAGING_ROLES, is_organizer, is_team_member, on_team_of, organized_by


def organized_conventions(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Conventions ``user`` organizes (owner or organizer; all of them for superusers), with opening hours loaded."""
    conventions = Convention.objects.prefetch_related("opening_hours").order_by("start_date", "slug")
    return conventions.filter(organized_by(user))


def team_conventions(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Conventions on whose team ``user`` is, in any role (all of them for superusers)."""
    conventions = Convention.objects.prefetch_related("opening_hours").order_by("start_date", "slug")
    return conventions.filter(on_team_of(user)).distinct()


def organized_convention(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Convention:
    """The convention ``slug`` if ``user`` organizes it.

    Anyone else gets ``NotFound``, exactly as for a slug that does not exist, so organizers of one convention
    cannot probe another's unpublished data.
    """
    convention = Convention.objects.filter(slug=slug).first()
    if convention is None or not is_organizer(user, convention):
        raise NotFound("No convention with this slug is organized by you.")
    return convention


def team_convention(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Convention:
    """The convention ``slug`` if ``user`` is on its team (any role); anyone else gets ``NotFound``, as for a slug
    that does not exist."""
    convention = Convention.objects.filter(slug=slug).first()
    if convention is None or not is_team_member(user, convention):
        raise NotFound("No convention with this slug is organized by you.")
    return convention


def team_members(*, convention: Convention) -> QuerySet:
    """The convention's team, owners first, with each member's account, rooms and tracks loaded."""
    order = ["owner", "organizer", "curator", "readonly"]
    rank = Case(*(When(role=role, then=Value(i)) for i, role in enumerate(order)), output_field=IntegerField())
    return (
        ConventionMember.objects.filter(convention=convention)
        .select_related("user", "invited_by")
        .prefetch_related("rooms", "tracks")
        .annotate(rank=rank)
        .order_by("rank", "user__email", "pk")
    )


def organizer_emails(*, convention: Convention) -> list[str]:
    """The e-mail addresses of the convention's owners and organizers (who are told of what needs managing)."""
    members = ConventionMember.objects.filter(convention=convention, role__in=MANAGING_ROLES).exclude(user__email="")
    return list(members.order_by("user__email").values_list("user__email", flat=True).distinct())
