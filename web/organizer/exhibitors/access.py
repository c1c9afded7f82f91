"""The entrance check of the organizers' exhibitor pages, by the convention's team roles.

``organizer_page(need=...)`` decorates ``view(request, slug, ...)``: anonymous visitors go to the sign-in page,
people outside the convention's team get the 404 page (as for a convention that does not exist), members whose
role lacks ``need`` get the 403 page before the view runs, so nothing changes. ``read``: every member; ``change``:
owners and organizers. The decisions are the predicates of ``events.permissions``.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from events import permissions
from events.models import Convention

NEEDS = ("read", "change")


def organizer_page(need: str = "read") -> Callable:
    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}; one of {NEEDS}")

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @never_cache
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("web:login"))
            convention = Convention.objects.filter(slug=slug).first()
            role = permissions.team_role(request.user, convention) if convention is not None else None
            if convention is None or role is None:
                raise Http404()
            if need == "change" and not permissions.is_organizer(request.user, convention):
                raise PermissionDenied()
            request.convention = convention  # type: ignore[attr-defined]
            request.team_role = role  # type: ignore[attr-defined]
            return view(request, slug, *args, **kwargs)

        return wrapped

    return decorate
