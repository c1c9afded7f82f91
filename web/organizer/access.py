"""The one entrance check of the organizer area.

``organizer_page(need=…)`` decorates a function view ``view(request, slug, …)``: anonymous visitors go to the
sign-in page (and come back); anyone not on the convention's team gets the 404 page, exactly as for a convention
that does not exist; a member whose role lacks ``need`` gets the 403 page, before the view runs, so a refused POST
changes nothing. The view finds ``request.convention`` and ``request.team_role``. The decisions are the
predicates of ``events.permissions`` (through ``team_role``).

Needs: ``read`` every member; ``change`` owners and organizers; ``programme`` those and curators (the view then
checks ``can_change_session`` for the session at hand); ``personal_data`` the pages listing attendees (owners,
organizers and read-only members, not curators); ``team`` owners. Every area of the organizer area enters here.

The view runs in the convention's time zone (``Convention.time_zone``), whatever the server's: pages show times
as the convention's wall clock and forms read typed-in times in it, so views and forms convert nothing themselves.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from events import permissions
from events.enums import TeamRole
from events.models import Convention

ROLES_WITH: dict[str, frozenset[str]] = {
    "read": frozenset(TeamRole.values),
    "change": frozenset(permissions.MANAGING_ROLES),
    "programme": frozenset({*permissions.MANAGING_ROLES, TeamRole.CURATOR}),
    "personal_data": frozenset(permissions.PERSONAL_DATA_ROLES),
    "team": frozenset({TeamRole.OWNER}),
}


def role_has(role: str | None, need: str) -> bool:
    """Whether a member in ``role`` may open pages that need ``need``."""
    return role is not None and role in ROLES_WITH[need]


def organizer_page(need: str = "read") -> Callable:
    if need not in ROLES_WITH:
        raise ValueError(f"unknown need {need!r}; one of {sorted(ROLES_WITH)}")

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @never_cache
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("web:login"))
            convention = Convention.objects.filter(slug=slug).first()
            role = permissions.team_role(request.user, convention) if convention is not None else None
            if role is None:
                raise Http404()
            if not role_has(role, need):
                raise PermissionDenied()
            request.convention = convention  # type: ignore[attr-defined]
            request.team_role = role  # type: ignore[attr-defined]
            with timezone.override(convention.time_zone):
                return view(request, slug, *args, **kwargs)

        return wrapped

    return decorate
