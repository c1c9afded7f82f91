"""The one rule for organizer-only endpoints, in the two shapes views need it.

Callers without credentials get 401. Anyone who does not organize the convention gets 404, exactly as for a slug
that does not exist: what one may not manage does not exist for them, so slugs and ids of other conventions
cannot be probed. The decision itself is ``events.permissions.is_organizer``.
"""

from rest_framework import exceptions
from rest_framework.request import Request

from events.models import Convention
from events.permissions import is_organizer


def require_organizer(request: Request, convention: Convention) -> None:
    if not request.user or not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if not is_organizer(request.user, convention):
        raise exceptions.NotFound(f"There is no convention “{convention.slug}” you organize.")


def organized_convention(request: Request, slug: str) -> Convention:
    """The convention ``slug`` if the caller organizes it (see the module docstring for everyone else)."""
    if not request.user or not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    convention = Convention.objects.filter(slug=slug).first()
    if convention is None:
        raise exceptions.NotFound(f"There is no convention “{slug}” you organize.")
    require_organizer(request, convention)
    return convention
