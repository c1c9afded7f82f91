"""Rows of the page permission matrix (``tests/security/test_page_matrix.py``), one module per area.

Each module here holds ``ROWS: list[PageRow]``; the matrix collects every module of this package by itself, so an
area adds its own file and edits no one else's. A row is one route (its namespaced name, e.g.
``"web:organizer-team"``) and method, the URL kwargs and POST body built from the world, and the status each actor
gets. Every route of the ``web``, ``web_legal`` and ``exhibitor`` namespaces needs at least one row
(``test_every_page_route_has_rows``).

The world (``PageWorld``): conventions X and Y, each with a hall, a room and a stage, a track, a released session
on the stage (with a speaker), an exhibitor with a booth, a ticket type and a registration, an unpublished
session material with a file. On X: exhibitor A (``exhibitor_manager`` manages it, ``exhibitor_staff`` is its
staff), attendee A's registration (the ``attendee`` actor holds its magic-link cookie) and the team: ``owner_x``,
``organizer_x``, ``curator_x`` (curates X's stage), ``readonly_x``. ``organizer_y`` organizes Y only; ``speaker`` is
an account with the address of X's speaker and no role; ``superuser`` is the operator. ``w.members[actor]`` is
the actor's ``ConventionMember`` of X.

Requests use the browser session (no API credentials) and run in a savepoint rolled back afterwards, so a
row's POST does not change what the next actor meets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ACTORS = (
    "anonymous",
    "attendee",
    "owner_x",
    "organizer_x",
    "curator_x",
    "readonly_x",
    "organizer_y",
    "exhibitor_manager",
    "exhibitor_staff",
    "speaker",
    "superuser",
)
TEAM_X = ("owner_x", "organizer_x", "curator_x", "readonly_x")
# Accounts without any role at X (signed in with a session).
OUTSIDERS = ("organizer_y", "exhibitor_manager", "exhibitor_staff", "speaker")


@dataclass
class Side:
    convention: Any
    objects: dict[str, Any]


@dataclass
class PageWorld:
    x: Side
    y: Side
    users: dict[str, Any]
    members: dict[str, Any]


@dataclass(frozen=True)
class PageRow:
    route: str  # namespaced URL name
    method: str  # "get" or "post"
    expect: dict[str, int]  # every actor in ACTORS → status
    kwargs: Callable[[PageWorld], dict[str, Any]] = field(default=lambda w: {})
    data: Callable[[PageWorld], dict[str, Any]] | None = None  # POST body (form-encoded)
    query: str = ""  # appended to the path, e.g. "?lang=en"
    note: str = ""


def expect(default: int, **overrides: int) -> dict[str, int]:
    """``default`` for every actor but the ``overrides``."""
    unknown = set(overrides) - set(ACTORS)
    assert not unknown, f"unknown actors {unknown}"
    return {actor: overrides.get(actor, default) for actor in ACTORS}


# The organizer area's entrance (web.organizer.access.organizer_page): who has the need, who is refused.
NEED_ROLES = {
    "read": ("owner_x", "organizer_x", "curator_x", "readonly_x"),
    "change": ("owner_x", "organizer_x"),
    "programme": ("owner_x", "organizer_x", "curator_x"),
    "team": ("owner_x",),
}


def organizer_page(need: str, ok: int = 200) -> dict[str, int]:
    """An organizer page of X: anonymous visitors (and attendees, who have no session) are sent to sign in;
    accounts without a role at X find nothing (404); members lacking ``need`` get 403; the others ``ok``."""
    row = expect(404, anonymous=302, attendee=302, superuser=ok)
    for actor in TEAM_X:
        row[actor] = ok if actor in NEED_ROLES[need] else 403
    return row


def x_slug(w: PageWorld) -> dict[str, Any]:
    return {"slug": w.x.convention.slug}
