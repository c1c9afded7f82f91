"""The one entrance check of the exhibitor portal.

``portal_view`` resolves the exhibitor in the URL and the signed-in person's place on its staff once. Anonymous
visitors go to the sign-in page; anyone not on that exhibitor's staff gets 404, exactly as for an exhibitor that
does not exist (a co-exhibitor on the same stand included); staff without the manager role get 403 on the
managers' pages. The decisions are the predicates of ``events.permissions``. A portal page runs in its
convention's time zone: it shows times as the convention's wall clock and its forms read typed-in times in it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from events import permissions
from events.models import Exhibitor, ExhibitorStaffMember


@dataclass(frozen=True)
class Booth:
    """The exhibitor a portal page is about and the signed-in person's role there."""

    exhibitor: Exhibitor
    member: ExhibitorStaffMember

    @property
    def is_manager(self) -> bool:
        return self.member.is_manager


def portal_view(*, manager: bool = False, leads: bool = False) -> Callable:
    """``manager``: the page is the managers' (403 for other staff). ``leads``: the page shows leads, which only
    ``events.permissions.can_capture_leads`` opens (an organizer with an old staff seat gets 404)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @never_cache
        @wraps(view)
        def wrapped(request: HttpRequest, exhibitor_id: int, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("exhibitor:sign-in"))
            exhibitor = (
                Exhibitor.objects.select_related("convention", "booth__hall", "main_exhibitor__booth__hall")
                .filter(pk=exhibitor_id)
                .first()
            )
            member = permissions.staff_role(request.user, exhibitor) if exhibitor is not None else None
            if member is None or (leads and not permissions.can_capture_leads(request.user, exhibitor)):
                raise Http404()
            if manager and not member.is_manager:
                raise PermissionDenied()
            with timezone.override(exhibitor.convention.time_zone):
                return view(request, Booth(exhibitor=exhibitor, member=member), **kwargs)

        return wrapped

    return decorate


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("exhibitor:sign-in"))
        return view(request, *args, **kwargs)

    return wrapped
