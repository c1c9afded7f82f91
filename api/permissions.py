"""The API's permission classes. Each decides with a predicate of ``events.permissions`` (through the selector
that narrows the queryset by the same rule) and is declared on the views it guards.

Organizer endpoints: callers without credentials get 401. Anyone who is not on the convention's team gets 404,
exactly as for a slug that does not exist: what one may not see does not exist for them, so slugs and ids of
other conventions cannot be probed. Members of the team read everything there (GET, HEAD, OPTIONS); changes need
an owner or organizer (403 ``read_only`` for others), except on views that declare ``programme_scope = True``
(the programme's sessions), where curators pass and the view checks each session with ``can_change_session``
(403 ``outside_your_scope``).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from events.enums import TeamRole
from events.errors import NotFound
from events.models import Convention, Exhibitor
from events.permissions import can_capture_leads, can_read_checkin_keys, is_organizer, is_team_member, team_role


class ReadOnlyMember(exceptions.PermissionDenied):
    """A team member whose role does not allow this change."""

    default_detail = _("Your role on this convention's team lets you see, not change, this.")
    default_code = "read_only"


class OutsideYourScope(exceptions.PermissionDenied):
    """A curator's change to a session outside its rooms and tracks."""

    default_detail = _("This session lies outside the rooms and tracks you curate.")
    default_code = "outside_your_scope"


class OrganizesConvention(BasePermission):
    """The caller is on the team of the convention of the URL's ``slug``; the view finds it as ``view.convention``
    and the caller's role as ``view.team_role``.

    Declared by ``api.views.base.OrganizerAPIView`` and ``OrganizerViewSet``: one organizer permission for every
    convention-scoped organizer endpoint. Views set ``programme_scope = True`` to let curators change sessions
    (each checked by the view), ``personal_data_export = True`` to keep reads to owners and organizers.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        convention = Convention.objects.filter(slug=view.kwargs["slug"]).first()
        role = team_role(request.user, convention) if convention is not None else None
        if role is None:  # as for a slug that does not exist (events.selectors.conventions.team_convention)
            raise NotFound("No convention with this slug is organized by you.")
        view.convention, view.team_role = convention, role
        if view.team_role in (TeamRole.OWNER, TeamRole.ORGANIZER):
            return True
        if getattr(view, "personal_data_export", False):
            raise ReadOnlyMember(_("Only the convention's owners and organizers export personal data."))
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "programme_scope", False) and view.team_role == TeamRole.CURATOR:
            return True  # the view checks can_change_session for each session
        raise ReadOnlyMember()


def require_organizer(request: Request, convention: Convention) -> None:
    """For views whose other methods are public (ticket types, registrations): the same rule, for a convention
    already read — a change by the convention's owners and organizers only."""
    if not request.user or not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if is_organizer(request.user, convention):
        return
    if is_team_member(request.user, convention):
        raise ReadOnlyMember()
    raise exceptions.NotFound(f"There is no convention “{convention.slug}” you organize.")


def require_team_member(request: Request, convention: Convention) -> None:
    """For reads of such views: any member of the convention's team."""
    if not request.user or not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if not is_team_member(request.user, convention):
        raise exceptions.NotFound(f"There is no convention “{convention.slug}” you organize.")


class PublicReadsOrganizerChanges(BasePermission):
    """Listings anyone reads (ticket types on sale, the registration form's questions) to which the convention's
    owners and organizers add: the convention of the URL's ``slug`` as ``view.convention`` (404 when there is
    none); a change needs the organizer rule of ``require_organizer``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        convention = Convention.objects.filter(slug=view.kwargs["slug"]).first()
        if convention is None:
            raise NotFound(f"There is no convention “{view.kwargs['slug']}”.")
        view.convention = convention
        if request.method not in SAFE_METHODS:
            require_organizer(request, convention)
        return True


class CapturesLeads(BasePermission):
    """The staff accounts and booth devices of the URL's exhibitor (``exhibitor_id``), found as ``view.exhibitor``;
    for everybody else the exhibitor does not exist (404), organizers included (they see counts only)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        exhibitor = Exhibitor.objects.filter(pk=view.kwargs["exhibitor_id"]).first()
        if exhibitor is None or not can_capture_leads(request.user, exhibitor):
            raise exceptions.NotFound()
        view.exhibitor = exhibitor
        return True


class ReadsCheckinKeys(BasePermission):
    """The convention's gate devices and its team read the keys that verify badges offline (``view.convention``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        convention = Convention.objects.filter(slug=view.kwargs["slug"]).first()
        if convention is None or not can_read_checkin_keys(request.user, convention):
            raise exceptions.NotFound()
        view.convention = convention
        return True
