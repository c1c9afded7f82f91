"""Who reaches which page: every page route × actor with a browser session, from the rows in ``page_rows/``.

Each area keeps its rows in ``tests/security/page_rows/<area>.py`` (format: ``page_rows/__init__.py``); every
module there is collected. A page route without a row fails ``test_every_page_route_has_rows``, a row whose route
is gone fails it too. The world is built once for the module; each request runs in a savepoint that is rolled
back, so one actor's POST does not change the next actor's answer.
"""

import importlib
import pkgutil
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from events.enums import TeamRole
from events.models import ConventionMember, ExhibitorStaffMember, SessionMaterial
from events.services import badges, leads
from events.services.magic_links import magic_link_token
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin
from tests.security import page_rows
from tests.security.page_rows import ACTORS, PageRow, PageWorld, Side
from tests.security.test_permission_matrix import all_routes
from web.attendee.access import COOKIE_NAME, COOKIE_SALT

PAGE_NAMESPACES = ("web", "web_legal", "exhibitor")


def collected_rows() -> list[tuple[str, PageRow]]:
    rows = []
    for info in sorted(pkgutil.iter_modules(page_rows.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{page_rows.__name__}.{info.name}")
        rows.extend((info.name, row) for row in module.ROWS)
    return rows


ROWS = collected_rows()


def page_routes() -> set[str]:
    return {route.name for route in all_routes() if route.name.split(":")[0] in PAGE_NAMESPACES}


# --- the world ------------------------------------------------------------------------------------------------


def build_side(slug: str) -> Side:
    convention = factories.ConventionFactory(slug=slug, acronym=f"{slug}2025", name=f"Convention {slug.upper()}")
    hall = factories.HallFactory(convention=convention)
    room = factories.RoomFactory(convention=convention, hall=hall)
    stage = factories.RoomFactory(convention=convention, hall=hall)
    track = factories.TrackFactory(convention=convention)
    session = factories.SessionFactory(convention=convention, room=stage, track=track, start=berlin(0, 10))
    speaker = factories.SessionSpeakerFactory(session=session).speaker
    exhibitor = factories.ExhibitorFactory(convention=convention)
    factories.BoothFactory(exhibitor=exhibitor, hall=hall)
    registration = factories.RegistrationFactory(convention=convention)
    material = SessionMaterial.objects.create(
        session=session, title="Slides", url="https://example.org/slides.pdf", is_published=False
    )
    material.file.save(f"slides-{slug}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    release_schedule(convention=convention)
    lead, _created = leads.capture_lead(
        exhibitor=exhibitor, code=badges.get_or_issue_badge(registration=registration).code, nonce=f"{slug}-lead-1"
    )
    return Side(
        convention=convention,
        objects={
            "room": room,
            "stage": stage,
            "track": track,
            "session": session,
            "speaker": speaker,
            "exhibitor": exhibitor,
            "registration": registration,
            "material": material,
            "lead": lead,
        },
    )


def build_world() -> PageWorld:
    x, y = build_side("conx"), build_side("cony")
    users = {
        "owner_x": factories.UserFactory(username="owner-x"),
        "organizer_x": factories.UserFactory(username="organizer-x"),
        "curator_x": factories.UserFactory(username="curator-x"),
        "readonly_x": factories.UserFactory(username="readonly-x"),
        "organizer_y": factories.UserFactory(username="organizer-y"),
        "exhibitor_manager": factories.UserFactory(username="exhibitor-manager"),
        "exhibitor_staff": factories.UserFactory(username="exhibitor-staff"),
        "speaker": factories.UserFactory(username="speaker", email=x.objects["speaker"].email or "speaker@example.org"),
        "superuser": get_user_model().objects.create_superuser("root", "root@example.org", "messe-test-password"),
    }
    members = {
        "owner_x": ConventionMember.objects.create(convention=x.convention, user=users["owner_x"], role=TeamRole.OWNER),
        "organizer_x": ConventionMember.objects.create(convention=x.convention, user=users["organizer_x"]),
        "curator_x": ConventionMember.objects.create(
            convention=x.convention, user=users["curator_x"], role=TeamRole.CURATOR
        ),
        "readonly_x": ConventionMember.objects.create(
            convention=x.convention, user=users["readonly_x"], role=TeamRole.READONLY
        ),
        "organizer_y": ConventionMember.objects.create(
            convention=y.convention, user=users["organizer_y"], role=TeamRole.OWNER
        ),
    }
    members["curator_x"].rooms.set([x.objects["stage"]])
    ExhibitorStaffMember.objects.create(
        exhibitor=x.objects["exhibitor"], user=users["exhibitor_manager"], is_manager=True
    )
    ExhibitorStaffMember.objects.create(exhibitor=x.objects["exhibitor"], user=users["exhibitor_staff"])
    x.objects["attendee"] = factories.RegistrationFactory(
        convention=x.convention, ticket_type=x.objects["registration"].ticket_type
    )
    return PageWorld(x=x, y=y, users=users, members=members)


@pytest.fixture(scope="module")
def page_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, in a transaction rolled back at its end; each actor's cookies with it, and
    the media directory holding its files (each test's settings point there)."""
    media = str(tmp_path_factory.mktemp("page-matrix-media"))
    test_settings = override_settings(
        MEDIA_ROOT=media,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-matrix"}},
    )
    with django_db_blocker.unblock(), test_settings, transaction.atomic():
        world = build_world()
        cookies: dict[str, Any] = {"anonymous": None}
        for actor, user in world.users.items():
            client = Client()
            client.force_login(user)
            cookies[actor] = client.cookies
        attendee = world.x.objects["attendee"]
        value = f"{attendee.code}:{magic_link_token(attendee)}"
        client = Client()
        client.cookies[COOKIE_NAME] = signing.get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(value)
        cookies["attendee"] = client.cookies
        yield world, cookies, media
        transaction.set_rollback(True)


def request_as(cookies, actor: str, method: str, path: str, data: dict[str, Any] | None) -> int:
    cache.clear()  # rate limits count in the cache, which no rollback resets
    client = Client()
    if cookies[actor] is not None:
        for key, morsel in cookies[actor].items():
            client.cookies[key] = morsel.value
    with transaction.atomic():
        response = client.post(path, data or {}) if method == "post" else client.get(path)
        transaction.set_rollback(True)
    return response.status_code


# --- tests ----------------------------------------------------------------------------------------------------


def test_every_page_route_has_rows():
    covered = {row.route for _area, row in ROWS}
    routes = page_routes()

    assert sorted(routes - covered) == [], "page routes without a row in tests/security/page_rows/"
    assert sorted(covered - routes) == [], "rows for routes that no longer exist"


def test_every_row_names_every_actor_and_a_method():
    wrong = [
        (area, row.route, row.method)
        for area, row in ROWS
        if set(row.expect) != set(ACTORS) or row.method not in ("get", "post")
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("area", "row"),
    ROWS,
    ids=[f"{area}:{row.route}:{row.method}{row.query}:{index}" for index, (area, row) in enumerate(ROWS)],
)
def test_page_matrix(page_world, db, settings, area, row):
    world, cookies, settings.MEDIA_ROOT = page_world
    path = reverse(row.route, kwargs=row.kwargs(world)) + row.query
    data = row.data(world) if row.data is not None else None

    actual = {actor: request_as(cookies, actor, row.method, path, data) for actor in ACTORS}

    wrong = [actor for actor in ACTORS if actual[actor] != row.expect[actor]]
    assert {a: actual[a] for a in wrong} == {a: row.expect[a] for a in wrong}, f"{row.method.upper()} {path}"
