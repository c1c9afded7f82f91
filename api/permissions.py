"""The API's permission classes. Each decides with a predicate of ``events.permissions`` (through the selector
that narrows the queryset by the same rule) and is declared on the views it guards.

Organizer endpoints: callers without credentials get 401. Anyone who does not organize the convention gets 404,
exactly as for a slug that does not exist: what one may not manage does not exist for them, so slugs and ids of
other conventions cannot be probed.
"""

from typing import Any

from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from events.models import Convention
from events.permissions import is_organizer
from events.selectors.conventions import organized_convention as organized_convention_of


class OrganizesConvention(BasePermission):
    """The caller organizes the convention of the URL's ``slug``; the view finds it as ``view.convention``.

    Declared by ``api.views.base.OrganizerAPIView`` and ``OrganizerViewSet``: one organizer permission for every
    convention-scoped organizer endpoint.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        view.convention = _organized_convention(request, view.kwargs["slug"])
        return True


def _organized_convention(request: Request, slug: str) -> Convention:
    """The convention ``slug`` if the caller organizes it (see the module docstring for everyone else)."""
    if not request.user or not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    return organized_convention_of(user=request.user, slug=slug)


def require_organizer(request: Request, convention: Convention) -> None:
    """For views whose other methods are public (ticket types, registrations): the same rule, for a convention
    already read."""
    if not request.user or not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if not is_organizer(request.user, convention):
        raise exceptions.NotFound(f"There is no convention “{convention.slug}” you organize.")
