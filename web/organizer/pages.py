"""The context every organizer page hands to ``pages/organizer/base.html``."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from events.enums import TeamRole
from web.organizer.nav import nav_for
from web.pages import page_context

ROLE_DESCRIPTIONS = {
    TeamRole.OWNER: _("You manage everything of this convention, its team included."),
    TeamRole.ORGANIZER: _("You manage everything of this convention except its team."),
    TeamRole.CURATOR: _("You see the organizer area and change the sessions of the rooms and tracks you curate."),
    TeamRole.READONLY: _("You see the organizer area; you change nothing."),
}


def organizer_context(request: HttpRequest, *, current: str, **extra: object) -> dict[str, object]:
    convention = request.convention  # type: ignore[attr-defined]
    role = request.team_role  # type: ignore[attr-defined]
    return page_context(
        request,
        area_convention=convention,
        time_zone=convention.time_zone,
        team_role=role,
        team_role_label=TeamRole(role).label,
        organizer_nav=nav_for(slug=convention.slug, role=role, current=current),
        **extra,
    )
