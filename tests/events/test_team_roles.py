"""Convention teams: roles, the predicates that decide with them, and the migration that introduced them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events import permissions
from events.enums import TeamRole
from events.models import Convention, ConventionMember
from events.selectors.conventions import organizer_emails, team_conventions
from events.services.conventions import create_convention
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage Urban Data")


@pytest.fixture
def workshop_room(convention):
    return factories.RoomFactory(convention=convention, name="Workshop 1")


def test_each_role_is_told_apart(convention, stage):
    owner = factories.team_member(convention, TeamRole.OWNER)
    organizer = factories.team_member(convention, TeamRole.ORGANIZER)
    curator = factories.team_member(convention, TeamRole.CURATOR, rooms=[stage])
    readonly = factories.team_member(convention, TeamRole.READONLY)
    stranger = factories.UserFactory()
    admin = factories.UserFactory(is_superuser=True)

    table = {
        user.username: (
            permissions.team_role(user, convention),
            permissions.is_organizer(user, convention),
            permissions.is_team_member(user, convention),
            permissions.can_manage_team(user, convention),
        )
        for user in (owner, organizer, curator, readonly, stranger, admin)
    }

    assert list(table.values()) == [
        ("owner", True, True, True),
        ("organizer", True, True, False),
        ("curator", False, True, False),
        ("readonly", False, True, False),
        (None, False, False, False),
        ("owner", True, True, True),
    ]


def test_organized_by_and_on_team_of_narrow_querysets(convention, stage):
    other = factories.ConventionFactory()
    curator = factories.team_member(convention, TeamRole.CURATOR, rooms=[stage])
    factories.ConventionMemberFactory(convention=other, user=curator, role=TeamRole.ORGANIZER)

    organized = set(Convention.objects.filter(permissions.organized_by(curator)))
    on_team = set(team_conventions(user=curator))

    # The curator's role at one convention must not combine with the organizer role at the other.
    assert organized == {other}
    assert on_team == {convention, other}


def test_curator_changes_sessions_of_its_rooms_and_tracks_only(convention, stage, workshop_room):
    track = factories.TrackFactory(convention=convention)
    curator = factories.team_member(convention, TeamRole.CURATOR, rooms=[stage], tracks=[track])
    on_stage = factories.SessionFactory(convention=convention, room=stage)
    in_track = factories.SessionFactory(convention=convention, room=workshop_room, track=track)
    elsewhere = factories.SessionFactory(convention=convention, room=workshop_room)

    assert permissions.can_change_session(curator, on_stage)
    assert permissions.can_change_session(curator, in_track)
    assert permissions.can_change_session(curator, in_track, room=stage)  # the track keeps it in scope
    assert not permissions.can_change_session(curator, elsewhere)
    assert not permissions.can_change_session(curator, on_stage, room=workshop_room)  # a move out of scope
    assert not permissions.can_change_session(curator, elsewhere, room=stage)  # a move into scope needs both
    assert permissions.can_place_session(curator, convention, room=stage, track=None)
    assert not permissions.can_place_session(curator, convention, room=None, track=None)


def test_read_only_members_and_strangers_change_no_session(convention, stage):
    session = factories.SessionFactory(convention=convention, room=stage)
    readonly = factories.team_member(convention, TeamRole.READONLY)
    organizer = factories.team_member(convention, TeamRole.ORGANIZER)

    assert not permissions.can_change_session(readonly, session)
    assert not permissions.can_change_session(factories.UserFactory(), session)
    assert permissions.can_change_session(organizer, session, room=None)


def test_creating_a_convention_makes_its_creator_the_owner():
    creator = factories.UserFactory(is_staff=True)

    convention = create_convention(
        created_by=creator, slug="sccon26", acronym="sccon2026", name="SCCON", start_date=dt.date(2026, 9, 29),
        end_date=dt.date(2026, 10, 1),
    )  # fmt: skip

    assert permissions.team_role(creator, convention) == TeamRole.OWNER
    assert list(convention.organizers.all()) == [creator]


def test_organizers_add_makes_an_organizer(convention):
    user = factories.UserFactory()

    convention.organizers.add(user)

    assert ConventionMember.objects.get(convention=convention, user=user).role == TeamRole.ORGANIZER


def test_mails_about_managing_go_to_owners_and_organizers_only(convention):
    factories.team_member(convention, TeamRole.OWNER, username="ada")
    factories.team_member(convention, TeamRole.READONLY, username="bob")
    factories.team_member(convention, TeamRole.CURATOR, username="cyd")

    assert organizer_emails(convention=convention) == ["ada@example.org"]


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_existing_organizers_as_organizers():
    executor = MigrationExecutor(connection)
    executor.migrate([("events", "0016_imports")])
    old = executor.loader.project_state([("events", "0016_imports")]).apps
    user = old.get_model("auth", "User").objects.create(username="ada")
    convention = old.get_model("events", "Convention").objects.create(
        slug="old", acronym="old2025", name="Old", start_date="2025-09-30", end_date="2025-10-02"
    )
    convention.organizers.add(user)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("events"))

    member = ConventionMember.objects.get()
    assert (member.convention.slug, member.user.username, member.role) == ("old", "ada", TeamRole.ORGANIZER)
    assert list(Convention.objects.get(slug="old").organizers.values_list("username", flat=True)) == ["ada"]
