"""Reads of conventions for the people who organize them."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from events.errors import NotFound
from events.models import Convention
from events.permissions import is_organizer, organized_by


def organized_conventions(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Conventions ``user`` organizes (all of them for superusers), with opening hours loaded."""
    conventions = Convention.objects.prefetch_related("opening_hours").order_by("start_date", "slug")
    return conventions.filter(organized_by(user))


def organized_convention(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Convention:
    """The convention ``slug`` if ``user`` organizes it.

    Anyone else gets ``NotFound``, exactly as for a slug that does not exist, so organizers of one convention
    cannot probe another's unpublished data.
    """
    convention = Convention.objects.filter(slug=slug).first()
    if convention is None or not is_organizer(user, convention):
        raise NotFound("No convention with this slug is organized by you.")
    return convention
