"""Who reaches what: every route × method × actor, with the expected status in one table (``MATRIX``).

The routes come from the URL conf, so a new endpoint (or a new method on one) without a row in ``MATRIX`` fails
``test_every_route_has_an_entry``; a row whose route disappeared fails it too. Each row is then requested by
every actor against a world of two conventions (X and Y) whose URL kwargs point at convention X's objects.
Actors that do not own an object get 404 (as if it did not exist), never 403: ``test_foreign_objects_are_not_found``
swaps every object in the URL for convention Y's while keeping X's slug.

Team roles: ``curator_x`` curates the stage of X's seeded session, ``readonly_x`` is a read-only member of X. Their
expectations are derived from each row (``with_team``) rather than written out: on rows where X's organizer is
treated differently from Y's, members read what X's organizer reads (GET), are refused every change with 403
(``read_only``; curators may change sessions in their scope, ``outside_your_scope`` otherwise) and personal data
exports; on all other rows they are answered as organizer Y (an account without a role at X).

Writes are made with valid bodies so a 2xx for the rightful actor proves access, not a validation error; each
request runs in a savepoint rolled back afterwards, so one actor's DELETE does not change the next actor's answer.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import (
    BadgePrintJob,
    CheckinList,
    Convention,
    Device,
    DeviceKind,
    ExhibitorStaffMember,
    Question,
    SessionMaterial,
    Voucher,
    WebhookEndpoint,
)
from events.services import agenda, badges, exhibitors, leads
from events.services.devices import hash_secret
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

ACTORS = (
    "anonymous",
    "attendee_a",
    "attendee_b",
    "staff_a",
    "manager_a",
    "staff_b",
    "organizer_x",
    "curator_x",
    "readonly_x",
    "organizer_y",
    "admin",
    "gate_device",
    # Exhibitor portal: co_exhibitor manages a co-exhibitor on exhibitor A's joint stand.
    "co_exhibitor",
)

Expected = int | frozenset[int]
TEAM_ACTORS = ("curator_x", "readonly_x")


def outcome(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    """A row: ``default`` for every actor but the ``overrides``; team members' answers are derived later
    (``with_team``) unless given here."""
    unknown = set(overrides) - set(ACTORS)
    assert not unknown, f"unknown actors {unknown}"
    return {actor: overrides.get(actor, default) for actor in ACTORS if actor not in TEAM_ACTORS or actor in overrides}


# Profiles of the table below.
PUBLIC = outcome(200)
# /manage/ accepts organizer tokens (and admin logins) only: a bearer token is no credential there, so attendees
# are anonymous (401); other accounts do not see convention X at all (404).
MANAGE_READ = outcome(404, anonymous=401, attendee_a=401, attendee_b=401, gate_device=401, organizer_x=200, admin=200)
MANAGE_CREATE = {**MANAGE_READ, "organizer_x": 201, "admin": 201}
MANAGE_DELETE = {**MANAGE_READ, "organizer_x": 204, "admin": 204}
# Schedule endpoints use the default authentication, so attendees are authenticated but not organizers: 404.
SCHEDULE_ORGANIZER = outcome(404, anonymous=401, organizer_x=200, admin=200)
# Convention-scoped endpoints of registration, ticketing, badges, check-in and devices: organizers of X only.
ORGANIZER = outcome(404, anonymous=401, organizer_x=200, admin=200)
ORGANIZER_CREATE = {**ORGANIZER, "organizer_x": 201, "admin": 201}
# An attendee's own registration: the attendee (bearer token) and the convention's organizers.
OWN_REGISTRATION = outcome(404, anonymous=401, attendee_a=200, organizer_x=200, admin=200)
# Personal data export, erasure and consents: like OWN_REGISTRATION, but anonymous callers get 404 as well.
PERSONAL_DATA = outcome(404, attendee_a=200, organizer_x=200, admin=200)
# An exhibitor's leads: its own staff only; organizers see counts, never contacts.
OWN_LEADS = outcome(404, anonymous=401, staff_a=200, manager_a=200)
# What belongs to an exhibitor (booth devices, webhook endpoints): its managers only, not its other staff.
EXHIBITOR_MANAGER = outcome(404, anonymous=401, manager_a=200)
# An attendee's agenda, preferences and calendar feed: only with the attendee's own bearer token. Other kinds of
# credentials are not attendee tokens (401); attendee B's token does not open A's registration (404).
OWN_AGENDA = outcome(401, attendee_a=200, attendee_b=404)
# Public pages: anyone reads them. They do not restrict methods (a POST renders the page too; in a browser the
# CSRF middleware refuses it first).
PAGE = PUBLIC
# Readiness depends on the broker and cache this machine runs; whatever it is, it is the same for everyone.
READY_OR_NOT = frozenset({200, 503})

# Personal data exports: owners and organizers only, whatever the method.
PERSONAL_DATA_EXPORTS = {"api:convention-registrations-csv", "api:personal-data"}
# Views with ``programme_scope``: curators change the sessions in their scope. The seeded session is on the
# curator's stage, so editing and cancelling it pass; a new session without a room or track lies outside.
CURATOR_CHANGES = {("api:manage-session-detail", "patch"), ("api:manage-session-detail", "delete")}
# Unsafe methods that need no role at all (signing out, one's own token) or that are not organizer writes.
SAFE_METHODS = ("get",)


def with_team(key: tuple[str, str], row: dict[str, Expected]) -> dict[str, Expected]:
    """``row`` with the team members' expectations, derived from organizer X's and organizer Y's (see the module
    docstring); explicit values already in the row win."""
    name, method = key
    derived: dict[str, Expected]
    if row["organizer_x"] == row["organizer_y"]:
        derived = dict.fromkeys(TEAM_ACTORS, row["organizer_y"])
    elif name in PERSONAL_DATA_EXPORTS:
        derived = dict.fromkeys(TEAM_ACTORS, 403)
    elif method in SAFE_METHODS:
        derived = dict.fromkeys(TEAM_ACTORS, row["organizer_x"])
    else:
        derived = {"curator_x": row["organizer_x"] if key in CURATOR_CHANGES else 403, "readonly_x": 403}
    return {**row, **{actor: row.get(actor, derived[actor]) for actor in TEAM_ACTORS}}


# (route name, method) → {actor: expected status}. Route names are namespaced (``api:…``); ``admin:*`` stands for
# every route of the admin site (each goes through ``admin_site.admin_view``, which only lets staff in).
MATRIX: dict[tuple[str, str], dict[str, Expected]] = {
    # --- admin site and schema --------------------------------------------------------------------------------
    ("admin:*", "get"): outcome(302, admin=200),
    ("schema", "get"): PUBLIC,
    ("swagger-ui", "get"): PUBLIC,
    ("healthz", "get"): PUBLIC,
    ("healthz", "post"): outcome(405),
    ("readyz", "get"): outcome(READY_OR_NOT),
    ("readyz", "post"): outcome(405),
    # --- organizer tokens ---------------------------------------------------------------------------------------
    # Logging in needs no credentials (the body names organizer X); revoking revokes the caller's own token.
    ("api:auth-token", "post"): PUBLIC,
    ("api:auth-token", "delete"): outcome(204, anonymous=401, attendee_a=401, attendee_b=401, gate_device=401),
    # --- public programme of the latest release -----------------------------------------------------------------
    ("api:event-list", "get"): PUBLIC,
    ("api:event-detail", "get"): PUBLIC,
    ("api:session-list", "get"): PUBLIC,
    ("api:session-detail", "get"): PUBLIC,
    ("api:speaker-list", "get"): PUBLIC,
    ("api:speaker-detail", "get"): PUBLIC,
    ("api:room-list", "get"): PUBLIC,
    ("api:track-list", "get"): PUBLIC,
    ("api:exhibitor-list", "get"): PUBLIC,
    # --- organizer management -----------------------------------------------------------------------------------
    ("api:manage-convention-list", "get"): outcome(200, anonymous=401, attendee_a=401, attendee_b=401, gate_device=401),
    # Only staff accounts set up conventions: organizers are authenticated but not allowed (403, nothing foreign).
    ("api:manage-convention-list", "post"): outcome(
        403, anonymous=401, attendee_a=401, attendee_b=401, gate_device=401, admin=201
    ),
    ("api:manage-convention-detail", "get"): MANAGE_READ,
    ("api:manage-convention-detail", "patch"): MANAGE_READ,
    ("api:manage-hall-list", "get"): MANAGE_READ,
    ("api:manage-hall-detail", "get"): MANAGE_READ,
    ("api:manage-room-list", "get"): MANAGE_READ,
    ("api:manage-room-list", "post"): MANAGE_CREATE,
    ("api:manage-room-detail", "get"): MANAGE_READ,
    ("api:manage-room-detail", "patch"): MANAGE_READ,
    ("api:manage-room-detail", "delete"): MANAGE_DELETE,
    ("api:manage-track-list", "get"): MANAGE_READ,
    ("api:manage-track-list", "post"): MANAGE_CREATE,
    ("api:manage-track-detail", "get"): MANAGE_READ,
    ("api:manage-track-detail", "patch"): MANAGE_READ,
    ("api:manage-track-detail", "delete"): MANAGE_DELETE,
    ("api:manage-speaker-list", "get"): MANAGE_READ,
    ("api:manage-speaker-list", "post"): MANAGE_CREATE,
    ("api:manage-speaker-detail", "get"): MANAGE_READ,
    ("api:manage-speaker-detail", "patch"): MANAGE_READ,
    ("api:manage-speaker-detail", "delete"): MANAGE_DELETE,
    # Sending a speaker's invitation again changes nothing but the outbox: the organizers' (not read-only members').
    ("api:manage-speaker-resend-invitation", "post"): MANAGE_READ,
    ("api:manage-session-list", "get"): MANAGE_READ,
    ("api:manage-session-list", "post"): MANAGE_CREATE,
    ("api:manage-session-detail", "get"): MANAGE_READ,
    ("api:manage-session-detail", "patch"): MANAGE_READ,
    # Deleting a session cancels it (it may already be in a release) and answers with the cancelled session.
    ("api:manage-session-detail", "delete"): MANAGE_READ,
    ("api:manage-exhibitor-list", "get"): MANAGE_READ,
    ("api:manage-exhibitor-list", "post"): MANAGE_CREATE,
    ("api:manage-exhibitor-detail", "get"): MANAGE_READ,
    ("api:manage-exhibitor-detail", "patch"): MANAGE_READ,
    ("api:manage-exhibitor-detail", "delete"): MANAGE_DELETE,
    # --- schedule releases and exports --------------------------------------------------------------------------
    ("api:schedule-warnings", "get"): SCHEDULE_ORGANIZER,
    ("api:schedule-releases", "post"): {**SCHEDULE_ORGANIZER, "organizer_x": 201, "admin": 201},
    ("api:schedule-versions", "get"): PUBLIC,
    ("api:schedule-json", "get"): PUBLIC,
    ("api:schedule-xml", "get"): PUBLIC,
    ("api:schedule-ics", "get"): PUBLIC,
    # --- check-in: lists, keys, scans, counters -----------------------------------------------------------------
    ("api:checkin-keys", "get"): {**ORGANIZER, "gate_device": 200},
    ("api:checkin-key-rotate", "post"): ORGANIZER_CREATE,
    ("api:checkin-counters", "get"): ORGANIZER,
    ("api:checkin-lists", "get"): ORGANIZER,
    ("api:checkin-lists", "post"): ORGANIZER_CREATE,
    # Scanning admits people: only organizers and gate devices find a list to scan on (team members of other
    # roles do not, as for anyone else).
    ("api:scans", "post"): {**ORGANIZER, "gate_device": 200, "curator_x": 404, "readonly_x": 404},
    ("api:scans-batch", "post"): {**ORGANIZER, "gate_device": 200, "curator_x": 404, "readonly_x": 404},
    # No scan with the nonce in the URL exists: those allowed in reach the lookup and find nothing (404 too).
    ("api:scan-annul", "post"): ORGANIZER | {"organizer_x": 404, "admin": 404},
    # --- devices ------------------------------------------------------------------------------------------------
    ("api:devices", "get"): ORGANIZER,
    ("api:devices", "post"): ORGANIZER_CREATE,
    ("api:device-revoke", "post"): ORGANIZER,
    # The setup code in the body is the credential; without one every caller gets the same 400.
    ("api:device-activate", "post"): outcome(400),
    # --- badges -------------------------------------------------------------------------------------------------
    ("api:badge-png", "get"): OWN_REGISTRATION,
    ("api:badge-pdf", "get"): OWN_REGISTRATION,
    ("api:badge-reprint", "post"): ORGANIZER_CREATE,
    ("api:badge-print", "post"): {**ORGANIZER, "organizer_x": 202, "admin": 202},
    ("api:badge-print-job", "get"): ORGANIZER,
    # The seeded print job has not run, so there is no PDF yet even for its organizers.
    ("api:badge-print-download", "get"): ORGANIZER | {"organizer_x": 404, "admin": 404},
    # --- leads --------------------------------------------------------------------------------------------------
    ("api:leads", "get"): OWN_LEADS,
    ("api:leads", "post"): {**OWN_LEADS, "staff_a": 201, "manager_a": 201},
    ("api:leads-csv", "get"): OWN_LEADS,
    # Organizers see lead counts only: booth devices (which read leads) are set up by the exhibitor's managers.
    ("api:exhibitor-devices", "get"): EXHIBITOR_MANAGER,
    ("api:exhibitor-devices", "post"): {**EXHIBITOR_MANAGER, "manager_a": 201},
    ("api:lead-counts", "get"): ORGANIZER,
    # --- webhooks -----------------------------------------------------------------------------------------------
    ("api:manage-webhook-list", "get"): MANAGE_READ,
    ("api:manage-webhook-list", "post"): MANAGE_CREATE,
    ("api:manage-webhook-detail", "get"): MANAGE_READ,
    ("api:manage-webhook-detail", "patch"): MANAGE_READ,
    ("api:manage-webhook-detail", "delete"): MANAGE_DELETE,
    ("api:manage-webhook-rotate-secret", "post"): MANAGE_READ,
    ("api:manage-webhook-resume", "post"): MANAGE_READ,
    ("api:manage-webhook-deliveries", "get"): MANAGE_READ,
    ("api:exhibitor-webhooks", "get"): EXHIBITOR_MANAGER,
    ("api:exhibitor-webhooks", "post"): {**EXHIBITOR_MANAGER, "manager_a": 201},
    # --- exhibitor portal -------------------------------------------------------------------------------------
    # One lead of exhibitor A: its staff and managers only; a co-exhibitor on the same stand finds nothing.
    ("api:lead-detail", "get"): OWN_LEADS,
    ("api:lead-detail", "patch"): OWN_LEADS,
    ("web:exhibitor", "get"): PAGE,
    ("web:exhibitor", "post"): PAGE,
    # The portal's pages use the browser session only: API credentials of any kind are sent to the sign-in page.
    # Who reaches which page with a session: tests/web/test_exhibitor_portal.py. Sign-in and invitation
    # links need no session; an unknown link is 404 for everyone, an empty sign-in form 400.
    ("exhibitor:home", "get"): outcome(302),
    ("exhibitor:home", "post"): outcome(405),
    ("exhibitor:sign-in", "get"): PAGE,
    ("exhibitor:sign-in", "post"): outcome(400),
    ("exhibitor:sign-in-link", "get"): outcome(404),
    ("exhibitor:sign-in-link", "post"): outcome(404),
    ("exhibitor:accept-invitation", "get"): outcome(404),
    ("exhibitor:accept-invitation", "post"): outcome(404),
    **{
        (f"exhibitor:{name}", method): outcome(302)
        for name in ("profile", "materials", "staff", "co-exhibitors", "devices", "lead", "questions", "talks")
        for method in ("get", "post")
    },
    **{
        (f"exhibitor:{name}", method): outcome(302 if method == "get" else 405)
        for name in ("booth", "leads", "leads-csv")
        for method in ("get", "post")
    },
    **{
        (f"exhibitor:{name}", method): outcome(405 if method == "get" else 302)
        for name in (
            "material-delete",
            "staff-remove",
            "pass-action",
            "device-revoke",
            "question-delete",
            "co-exhibitor-invite",
        )
        for method in ("get", "post")
    },
    # --- ticketing ----------------------------------------------------------------------------------------------
    ("api:ticket-type-list", "get"): PUBLIC,
    ("api:ticket-type-list", "post"): ORGANIZER_CREATE,
    ("api:ticket-type-detail", "get"): ORGANIZER,
    ("api:ticket-type-detail", "patch"): ORGANIZER,
    # The seeded ticket type has registrations, so its organizers are told to deactivate it instead (409).
    ("api:ticket-type-detail", "delete"): {**ORGANIZER, "organizer_x": 409, "admin": 409},
    ("api:voucher-list", "get"): ORGANIZER,
    ("api:voucher-list", "post"): ORGANIZER_CREATE,
    ("api:voucher-detail", "get"): ORGANIZER,
    ("api:voucher-detail", "patch"): ORGANIZER,
    ("api:voucher-detail", "delete"): {**ORGANIZER, "organizer_x": 204, "admin": 204},
    ("api:question-list", "get"): PUBLIC,
    ("api:question-list", "post"): ORGANIZER_CREATE,
    ("api:question-detail", "patch"): ORGANIZER,
    ("api:question-detail", "delete"): {**ORGANIZER, "organizer_x": 204, "admin": 204},
    # --- registration -------------------------------------------------------------------------------------------
    # Anyone may register; the list and its CSV are the organizers'.
    ("api:convention-registrations", "post"): outcome(201),
    ("api:convention-registrations", "get"): ORGANIZER,
    ("api:convention-registrations-csv", "get"): ORGANIZER,
    # A registration code alone reveals nothing: without the attendee's token it does not exist (404).
    ("api:registration-detail", "get"): {**OWN_REGISTRATION, "anonymous": 404},
    ("api:registration-detail", "patch"): {**OWN_REGISTRATION, "anonymous": 404},
    ("api:registration-cancel", "post"): {**OWN_REGISTRATION, "anonymous": 404},
    # --- agenda, workshops, material, messages ------------------------------------------------------------------
    ("api:agenda", "get"): OWN_AGENDA,
    ("api:agenda", "post"): {**OWN_AGENDA, "attendee_a": 201},
    # The seeded session is not bookmarked, so removing it finds nothing — for its owner, too.
    ("api:agenda", "delete"): {**OWN_AGENDA, "attendee_a": 404},
    ("api:agenda-feed-token", "post"): {**OWN_AGENDA, "attendee_a": 201},
    ("api:agenda-feed-token", "delete"): {**OWN_AGENDA, "attendee_a": 204},
    ("api:preferences", "get"): OWN_AGENDA,
    ("api:preferences", "patch"): OWN_AGENDA,
    # The feed token in the URL is the credential (calendar apps send no headers).
    ("api:agenda-feed", "get"): PUBLIC,
    # Every attendee of convention X may sign up; the seeded session is a talk, so the service refuses (400),
    # and nobody is signed up to leave it (404).
    ("api:workshop-signup", "post"): outcome(401, attendee_a=400, attendee_b=400),
    ("api:workshop-signup", "delete"): outcome(401, attendee_a=404, attendee_b=404),
    ("api:workshop-signups", "get"): ORGANIZER,
    ("api:session-materials", "get"): ORGANIZER,
    ("api:session-materials", "post"): ORGANIZER_CREATE,
    ("api:session-material-publish", "post"): ORGANIZER,
    ("api:messages", "get"): ORGANIZER,
    # --- public pages -------------------------------------------------------------------------------------------
    ("web:conventions", "get"): PAGE,
    ("web:conventions", "post"): PAGE,
    ("web:programme", "get"): PAGE,
    ("web:programme", "post"): PAGE,
    ("web:session", "get"): PAGE,
    ("web:session", "post"): PAGE,
    ("web:session-ics", "get"): PAGE,
    ("web:session-ics", "post"): PAGE,
    ("web:speakers", "get"): PAGE,
    ("web:speakers", "post"): PAGE,
    ("web:speaker", "get"): PAGE,
    ("web:speaker", "post"): PAGE,
    ("web:exhibitors", "get"): PAGE,
    ("web:exhibitors", "post"): PAGE,
    # A device reads its own profile with its device token; nobody else has one.
    ("api:device-profile", "get"): outcome(404, anonymous=401, gate_device=200),
    # The browser scanner page and its worker script are static shells; they authenticate against the API.
    ("web:scanner", "get"): PAGE,
    ("web:scanner", "post"): PAGE,
    ("web:scanner-worker", "get"): PAGE,
    ("web:scanner-worker", "post"): PAGE,
    # The login form re-renders without a body (no credentials sent).
    ("web:login", "get"): PAGE,
    ("web:login", "post"): PAGE,
    ("web:login", "put"): PAGE,
    # The dashboard uses the browser session only: API credentials of any kind are sent to the login page.
    ("web:dashboard", "get"): outcome(302),
    ("web:dashboard", "post"): outcome(302),
    # Data protection: the person's own data, for them and the convention's organizers; nobody else learns
    # whether the registration exists (404, also without credentials).
    ("api:personal-data", "get"): PERSONAL_DATA,
    ("api:registration-erase", "post"): PERSONAL_DATA,
    ("api:registration-consents", "get"): PERSONAL_DATA,
    ("api:registration-consents", "post"): PERSONAL_DATA,
    ("api:audit-log", "get"): ORGANIZER,
    # Registration pages: anyone may open the form; an empty POST is an invalid form (400 page).
    ("web:register", "get"): PAGE,
    ("web:register", "post"): outcome(400),
    ("web:register-done", "get"): outcome(404),  # no ?code=: nothing to show
    ("web:register-done", "post"): outcome(405),
    # An attendee's own pages open with the magic-link session only; no API credential opens them, so every
    # actor here gets 404 (nobody can tell whether the registration exists). State changes are POST-only.
    ("web:my-registration", "get"): outcome(404),
    ("web:my-registration", "post"): outcome(405),
    ("web:workshop-signup", "get"): outcome(405),
    ("web:workshop-signup", "post"): outcome(404),
    ("web:withdraw-consent", "get"): outcome(405),
    ("web:withdraw-consent", "post"): outcome(404),
    ("web:remove-bookmark", "get"): outcome(405),
    ("web:remove-bookmark", "post"): outcome(404),
    ("web:leave-workshop", "get"): outcome(405),
    ("web:leave-workshop", "post"): outcome(404),
    ("web:rotate-calendar-feed", "get"): outcome(405),
    ("web:rotate-calendar-feed", "post"): outcome(404),
    ("web:cancel-registration", "get"): outcome(404),
    ("web:cancel-registration", "post"): outcome(404),
    # Uploads and files: unpublished material only for the convention's organizers, nobody else learns it exists.
    ("web:media", "get"): outcome(404, organizer_x=200, admin=200),
    # Stripe authenticates by signature; an unsigned body is refused the same way for everyone.
    ("api:stripe-webhook", "post"): outcome(400),
    # --- First visit: signing out and the legal pages ---
    # Signing out is for whoever is signed in; without a session it just leads back to the sign-in page.
    ("web:logout", "post"): outcome(302),
    # Legal pages are public; the accessibility feedback form answers an empty POST with its field errors.
    ("web_legal:imprint", "get"): PAGE,
    ("web_legal:imprint", "post"): outcome(405),
    ("web_legal:privacy", "get"): PAGE,
    ("web_legal:privacy", "post"): outcome(405),
    ("web_legal:terms", "get"): PAGE,
    ("web_legal:terms", "post"): outcome(405),
    ("web_legal:accessibility", "get"): PAGE,
    ("web_legal:accessibility", "post"): outcome(400),
    # "Send me my link again": anyone may ask; an empty POST is an invalid form (400 page).
    ("web:resend-link", "get"): PAGE,
    ("web:resend-link", "post"): outcome(400),
    # --- First visit: the attendee's badge download, with the magic-link session only (like my-registration) ---
    ("web:badge-pdf", "get"): outcome(404),
    ("web:badge-pdf", "post"): outcome(405),
    ("web:badge-png", "get"): outcome(404),
    ("web:badge-png", "post"): outcome(405),
    # --- The speaker's own pages: the speaker's magic link only (a signed cookie); no sign-in or API credential
    # opens them, so every actor gets 404 (nobody learns whether the speaker exists). Changes are POST-only.
    ("web:speaker-home", "get"): outcome(404),
    ("web:speaker-home", "post"): outcome(404),
    ("web:speaker-answer", "get"): outcome(405),
    ("web:speaker-answer", "post"): outcome(404),
    ("web:speaker-material", "get"): outcome(405),
    ("web:speaker-material", "post"): outcome(404),
    ("web:speaker-material-remove", "get"): outcome(405),
    ("web:speaker-material-remove", "post"): outcome(404),
    ("web:speaker-profile", "get"): outcome(404),
    ("web:speaker-profile", "post"): outcome(404),
    ("web:speaker-availability", "get"): outcome(404),
    ("web:speaker-availability", "post"): outcome(404),
    ("web:speaker-availability-remove", "get"): outcome(405),
    ("web:speaker-availability-remove", "post"): outcome(404),
    # --- the organizer area: browser session only (tests/security/test_page_matrix.py has the roles) ---------
    # API credentials of any kind are sent to the sign-in page; sign-in links that are not one are 404.
    **{
        (f"web:organizer-{name}", method): outcome(302)
        for name in ("conventions", "home", "team", "team-member")
        for method in ("get", "post")
    },
    ("web:organizer-team-remove", "get"): outcome(405),
    ("web:organizer-team-remove", "post"): outcome(302),
    ("web:organizer-team-resend", "get"): outcome(405),
    ("web:organizer-team-resend", "post"): outcome(302),
    ("web:organizer-sign-in-link", "get"): outcome(404),
    ("web:organizer-sign-in-link", "post"): outcome(404),
    # Gates and devices, badges, the outbox and announcements: the same, with the session only.
    **{
        (f"web:organizer-{name}", method): outcome(302)
        for name in (
            "gates",
            "gates-list-new",
            "gates-list",
            "gates-device-new",
            "gates-device",
            "gates-refused",
            "badges",
            "badges-download",
            "messages",
            "announcements",
            "announcements-new",
            "announcements-detail",
            "announcements-edit",
        )
        for method in ("get", "post")
    },
    **{
        (f"web:organizer-{name}", method): outcome(405 if method == "get" else 302)
        for name in ("gates-device-setup-code", "gates-device-revoke", "messages-resend", "announcements-send")
        for method in ("get", "post")
    },
    # The exhibitor pages that only show (require_safe): a POST is refused before the session is looked at.
    **{
        (f"web:organizer-{name}", method): outcome(302 if method == "get" else 405)
        for name in ("exhibitors-list", "exhibitors-detail", "exhibitors-review", "exhibitors-talks")
        for method in ("get", "post")
    },
    # Tickets, the registration desk, the programme import and the session editor: the same.
    **{
        (f"web:organizer-{name}", method): outcome(302)
        for name in (
            "tickets-types",
            "tickets-type-new",
            "tickets-type-edit",
            "tickets-vouchers",
            "tickets-questions",
            "tickets-question-new",
            "tickets-question-edit",
            "registrations",
            "registrations-csv",
            "registrations-detail",
            "registrations-cancel",
            "registrations-erase",
            "imports",
            "imports-preview",
            "programme-sessions",
            "programme-session-new",
            "programme-session",
            "programme-release",
            "exhibitors-create",
            "exhibitors-edit",
            "board-day",
            "board-move",
            "speakers",
        )
        for method in ("get", "post")
    },
    **{
        (f"web:organizer-{name}", method): outcome(405 if method == "get" else 302)
        for name in (
            "tickets-voucher-batch",
            "tickets-voucher-toggle",
            "tickets-question-move",
            "tickets-question-delete",
            "registrations-edit",
            "registrations-reprint",
            "registrations-resend",
            "exhibitors-settings",
            "exhibitors-invite",
            "exhibitors-review-decision",
            "exhibitors-talk-decision",
            "speakers-add",
            "speakers-resend",
            "speakers-publish",
        )
        for method in ("get", "post")
    },
}
MATRIX = {key: with_team(key, row) for key, row in MATRIX.items()}

# The organizer area's pages take the browser session only: to API credentials of any kind they are closed, and
# every actor here gets the same answer (the sign-in page's redirect, 405 for a method the page does not take, or
# 404 for a link that is not one). Who reaches them with a session, by team role: tests/security/test_page_matrix.py.
SESSION_ONLY_AREA = "web:organizer-"
CLOSED_TO_API_CREDENTIALS = frozenset({302, 404, 405})


# --- the world ------------------------------------------------------------------------------------------------


@dataclass
class Side:
    """One convention and one object of each kind in it."""

    convention: Convention
    objects: dict[str, Any]


@dataclass
class World:
    x: Side
    y: Side
    credentials: dict[str, dict[str, str]]
    users: dict[str, Any]


def build_side(slug: str) -> Side:
    convention = factories.ConventionFactory(slug=slug, acronym=f"{slug}2025", name=f"Convention {slug.upper()}")
    hall = factories.HallFactory(convention=convention)
    # The room in URLs is empty, so deleting it is allowed; the session takes place on a stage of its own.
    room = factories.RoomFactory(convention=convention, hall=hall)
    stage = factories.RoomFactory(convention=convention, hall=hall)
    track = factories.TrackFactory(convention=convention)
    session = factories.SessionFactory(convention=convention, room=stage, track=track, start=berlin(0, 10))
    speaker = factories.SessionSpeakerFactory(session=session).speaker
    exhibitor = factories.ExhibitorFactory(convention=convention)
    factories.BoothFactory(exhibitor=exhibitor, hall=hall)
    registration = factories.RegistrationFactory(convention=convention)
    checkin_list = CheckinList.objects.create(convention=convention, name="Entrance South")
    device = Device.objects.create(convention=convention, name="Gate S-1", kind=DeviceKind.GATE)
    device.checkin_lists.add(checkin_list)
    voucher = Voucher.objects.create(convention=convention, code=f"{slug}-press")
    question = Question.objects.create(
        convention=convention, identifier="sector", label_de="Branche", label_en="Sector"
    )
    print_job = BadgePrintJob.objects.create(convention=convention)
    material = SessionMaterial.objects.create(
        session=session, title="Slides", url="https://example.org/slides.pdf", is_published=False
    )
    material.file.save(f"slides-{slug}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))  # uploads and files
    webhook = WebhookEndpoint.objects.create(
        convention=convention, url="https://hooks.example.org/in", event_types=["registration.confirmed"], secret="s"
    )
    release_schedule(convention=convention)
    lead, _created = leads.capture_lead(
        exhibitor=exhibitor, code=badges.get_or_issue_badge(registration=registration).code, nonce=f"{slug}-lead-0001"
    )
    return Side(
        convention=convention,
        objects={
            "hall": hall,
            "room": room,
            "track": track,
            "session": session,
            "speaker": speaker,
            "exhibitor": exhibitor,
            "registration": registration,
            "ticket_type": registration.ticket_type,
            "checkin_list": checkin_list,
            "device": device,
            "voucher": voucher,
            "question": question,
            "print_job": print_job,
            "material": material,
            "webhook": webhook,
            "lead": lead,
        },
    )


def build_world() -> World:
    x, y = build_side("conx"), build_side("cony")
    attendee_a = factories.RegistrationFactory(
        convention=x.convention, ticket_type=x.objects["ticket_type"], access_token="attendee-a-token"
    )
    attendee_b = factories.RegistrationFactory(
        convention=x.convention, ticket_type=x.objects["ticket_type"], access_token="attendee-b-token"
    )
    exhibitor_b = factories.ExhibitorFactory(convention=x.convention)
    users = {
        "staff_a": factories.UserFactory(username="staff-a"),
        "manager_a": factories.UserFactory(username="manager-a"),
        "staff_b": factories.UserFactory(username="staff-b"),
        "co_exhibitor": factories.UserFactory(username="co-exhibitor"),
        "organizer_x": factories.UserFactory(username="organizer-x"),
        "curator_x": factories.UserFactory(username="curator-x"),
        "readonly_x": factories.UserFactory(username="readonly-x"),
        "organizer_y": factories.UserFactory(username="organizer-y"),
        "admin": get_user_model().objects.create_superuser("admin", "admin@example.org", "messe-test-password"),
    }
    # staff_a is plain staff of exhibitor A, manager_a manages it (content, staff, booth devices, webhooks);
    # staff_b is plain staff of another exhibitor.
    ExhibitorStaffMember.objects.create(exhibitor=x.objects["exhibitor"], user=users["staff_a"])
    ExhibitorStaffMember.objects.create(exhibitor=x.objects["exhibitor"], user=users["manager_a"], is_manager=True)
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor_b, user=users["staff_b"])
    co_exhibitor = exhibitors.add_co_exhibitor(main=x.objects["exhibitor"], name="Partner Project", slug="partner")
    ExhibitorStaffMember.objects.create(exhibitor=co_exhibitor, user=users["co_exhibitor"], is_manager=True)
    x.convention.organizers.add(users["organizer_x"])
    y.convention.organizers.add(users["organizer_y"])
    curator = factories.ConventionMemberFactory(convention=x.convention, user=users["curator_x"], role="curator")
    curator.rooms.set([x.objects["session"].room])
    factories.ConventionMemberFactory(convention=x.convention, user=users["readonly_x"], role="readonly")
    # Factories skip the seat count; cancelling gives a seat back, so count the seats taken.
    for side in (x, y):
        ticket_type = side.objects["ticket_type"]
        ticket_type.quota_used = ticket_type.registrations.count()
        ticket_type.save(update_fields=["quota_used"])
    gate = x.objects["device"]
    gate.token_hash = hash_secret("gate-device-token")
    gate.activated_at = timezone.now()
    gate.save(update_fields=["token_hash", "activated_at"])
    x.objects.update(
        attendee_a=attendee_a,
        attendee_b=attendee_b,
        exhibitor_b=exhibitor_b,
        badge_code=badges.get_or_issue_badge(registration=attendee_a).code,
        co_exhibitor=co_exhibitor,
        feed_token=agenda.rotate_feed_token(registration=attendee_a),
    )
    credentials = {
        "anonymous": {},
        "attendee_a": {"HTTP_AUTHORIZATION": "Bearer attendee-a-token"},
        "attendee_b": {"HTTP_AUTHORIZATION": "Bearer attendee-b-token"},
        "gate_device": {"HTTP_AUTHORIZATION": "Device gate-device-token"},
    }
    for actor, user in users.items():
        credentials[actor] = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}
    return World(x=x, y=y, credentials=credentials, users=users)


@pytest.fixture
def world(db) -> World:
    return build_world()


# --- routes ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "api:manage-hall-detail"
    pattern: str
    kwargs: tuple[str, ...]
    methods: tuple[str, ...]
    view_class: type | None


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if actions:  # a DRF viewset route: the router's actions, as far as the viewset allows the method
        return tuple(m for m in sorted(actions) if m in view_class.http_method_names and m not in ("head", "options"))
    if view_class is not None:
        implemented = getattr(view_class, "http_method_names", ())
        return tuple(m for m in sorted(implemented) if m not in ("head", "options") and hasattr(view_class, m))
    # A function view: GET, and POST to show it refuses writes.
    return ("get", "post")


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = "", outer_kwargs: tuple[str, ...] = ()
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            # An include under a path with kwargs (``organize/<slug:slug>/team/``) passes them on to its routes.
            kwargs = outer_kwargs + tuple(entry.pattern.regex.groupindex)
            yield from _walk(entry, prefix + str(entry.pattern), inner, kwargs)
            continue
        full_name = f"{namespace}:{entry.name}" if namespace else entry.name
        regex_kwargs = outer_kwargs + tuple(entry.pattern.regex.groupindex)
        yield Route(
            name=full_name or "",
            pattern=prefix + str(entry.pattern),
            kwargs=regex_kwargs,
            methods=_methods(entry),
            view_class=getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None),
        )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver()))


def matrix_key(route: Route) -> str:
    return "admin:*" if route.name.startswith("admin:") or route.pattern.startswith("admin/") else route.name


def route_cases() -> list[tuple[Route, str]]:
    """Every non-admin route × method, plus the admin index and changelists as the admin site's representatives."""
    cases = []
    for route in all_routes():
        if matrix_key(route) == "admin:*":
            if route.name == "admin:index" or route.name.endswith("_changelist"):
                cases.append((route, "get"))
            continue
        cases.extend((route, method) for method in route.methods)
    return cases


# --- URL kwargs and bodies ------------------------------------------------------------------------------------

# Router "…-detail" routes name their object ``pk``; which kind of object it is follows from the route name.
PK_OBJECT = {
    "api:manage-hall-detail": "hall",
    "api:manage-room-detail": "room",
    "api:manage-track-detail": "track",
    "api:manage-speaker-detail": "speaker",
    "api:manage-speaker-resend-invitation": "speaker",
    "api:manage-session-detail": "session",
    "api:manage-exhibitor-detail": "exhibitor",
    "api:ticket-type-detail": "ticket_type",
    "api:voucher-detail": "voucher",
    "api:question-detail": "question",
    "api:manage-webhook-detail": "webhook",
    "api:manage-webhook-rotate-secret": "webhook",
    "api:manage-webhook-resume": "webhook",
    "api:manage-webhook-deliveries": "webhook",
}
KWARG_OBJECT = {
    "session_id": "session",
    "speaker_id": "speaker",
    "list_id": "checkin_list",
    "job_id": "print_job",
    "device_id": "device",
    "exhibitor_id": "exhibitor",
    "material_id": "material",
}


def url_kwargs(route: Route, *, slug_side: Side, object_side: Side) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name in route.kwargs:
        if name == "slug":
            kwargs[name] = slug_side.convention.slug
        elif name == "pk" and route.name in PK_OBJECT:
            kwargs[name] = object_side.objects[PK_OBJECT[route.name]].pk
        elif name in KWARG_OBJECT:
            kwargs[name] = object_side.objects[KWARG_OBJECT[name]].pk
        elif name == "code":
            # Registration routes: attendee A's registration (or, for foreign objects, one of convention Y).
            registration = object_side.objects.get("attendee_a", object_side.objects["registration"])
            kwargs[name] = registration.code
        elif name == "feed_token":
            kwargs[name] = object_side.objects.get("feed_token", "unknown-feed-token")
        elif name == "name":  # uploads and files: the stored file of X's unpublished material
            kwargs[name] = object_side.objects["material"].file.name
        elif name == "nonce":
            kwargs[name] = "nonce-00000001"
        elif name == "exhibitor_slug":
            kwargs[name] = object_side.objects["exhibitor"].slug
        elif name == "lead_id":
            kwargs[name] = object_side.objects["lead"].pk
        elif name == "guid":  # the speaker pages: X's speaker
            kwargs[name] = object_side.objects["speaker"].guid
        elif name in (
            "member_id",
            "question_id",
            "partner_id",
            "role_id",
            "unavailability_id",
            "message_id",
            "announcement_id",
            "ticket_type_id",
            "voucher_id",
            "upload_id",
            "change_id",
            "proposal_id",
        ):
            kwargs[name] = 1
        elif name == "action":
            kwargs[name] = "revoke"
        elif name in ("uid", "token"):
            kwargs[name] = "not-a-valid-link"
        elif route.name.startswith(SESSION_ONLY_AREA):  # closed to API credentials whatever the object
            kwargs[name] = 1
        else:
            pytest.fail(f"{route.name}: no value for URL kwarg {name!r}; add it to url_kwargs()")
    return kwargs


def has_object_kwarg(route: Route) -> bool:
    return any(
        (name == "pk" and route.name in PK_OBJECT) or name in KWARG_OBJECT or name == "code" for name in route.kwargs
    )


BODIES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    ("api:registration-consents", "post"): lambda w: {"newsletter": False},
    ("api:auth-token", "post"): lambda w: {"username": "organizer-x", "password": "messe-test-password"},
    ("api:manage-convention-list", "post"): lambda w: {
        "slug": "conz",
        "acronym": "conz2026",
        "name": "Convention Z",
        "start_date": "2026-09-29",
        "end_date": "2026-10-01",
    },
    ("api:manage-convention-detail", "patch"): lambda w: {"name": "Convention X, renamed"},
    ("api:manage-room-list", "post"): lambda w: {"name": "Stage 7"},
    ("api:manage-room-detail", "patch"): lambda w: {"capacity": 40},
    ("api:manage-track-list", "post"): lambda w: {"name_de": "Offene Software", "name_en": "Open source"},
    ("api:manage-track-detail", "patch"): lambda w: {"name_en": "Open-source software"},
    ("api:manage-speaker-resend-invitation", "post"): lambda w: {"session_id": w.x.objects["session"].pk},
    ("api:manage-speaker-list", "post"): lambda w: {"name": "Ada Lovelace"},
    ("api:manage-speaker-detail", "patch"): lambda w: {"organization": "Analytical Engines"},
    ("api:manage-session-list", "post"): lambda w: {"title_en": "Open data in Berlin"},
    ("api:manage-session-detail", "patch"): lambda w: {"title_en": "Open data in Brandenburg"},
    ("api:manage-exhibitor-list", "post"): lambda w: {"name": "GovTech Berlin", "slug": "govtech"},
    ("api:manage-exhibitor-detail", "patch"): lambda w: {"name": "GovTech Brandenburg"},
    ("api:schedule-releases", "post"): lambda w: {"comment": "Second release"},
    ("api:scans", "post"): lambda w: {"code": w.x.objects["badge_code"], "nonce": "nonce-00000002"},
    ("api:scans-batch", "post"): lambda w: {
        "scans": [{"code": w.x.objects["badge_code"], "nonce": "nonce-00000003", "scanned_at": DAY_ONE}]
    },
    ("api:leads", "post"): lambda w: {"code": w.x.objects["badge_code"], "nonce": "nonce-00000004"},
    ("api:devices", "post"): lambda w: {
        "name": "Gate N-1",
        "kind": "gate",
        "checkin_lists": [w.x.objects["checkin_list"].pk],
    },
    ("api:checkin-lists", "post"): lambda w: {"name": "Hall 7 entrance"},
    ("api:badge-print", "post"): lambda w: {},
    ("api:ticket-type-list", "post"): lambda w: {"name_de": "Tagesticket", "name_en": "Day pass"},
    ("api:ticket-type-detail", "patch"): lambda w: {"name_en": "Day pass (Tuesday)"},
    ("api:voucher-list", "post"): lambda w: {"code": "PRESS2025"},
    ("api:voucher-detail", "patch"): lambda w: {"comment": "Press desk"},
    ("api:question-list", "post"): lambda w: {"identifier": "role", "label_de": "Rolle", "label_en": "Role"},
    ("api:question-detail", "patch"): lambda w: {"label_en": "Your sector"},
    ("api:convention-registrations", "post"): lambda w: {
        "ticket_type": w.x.objects["ticket_type"].pk,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@berlin.de",
        "language": "de",
        "accept_terms": True,
    },
    ("api:registration-detail", "patch"): lambda w: {"organization": "Senatskanzlei"},
    ("api:agenda", "post"): lambda w: {"session": w.x.objects["session"].pk},
    ("api:agenda", "delete"): lambda w: {"session": w.x.objects["session"].pk},
    ("api:preferences", "patch"): lambda w: {"calendar_invites_for_bookmarks": False},
    ("api:exhibitor-devices", "post"): lambda w: {"name": "Booth phone"},
    ("api:manage-webhook-list", "post"): lambda w: {
        "url": "https://hooks.example.org/crm",
        "event_types": ["registration.confirmed", "schedule.released"],
    },
    ("api:manage-webhook-detail", "patch"): lambda w: {"description": "CRM"},
    ("api:exhibitor-webhooks", "post"): lambda w: {
        "url": "https://crm.example.org/leads",
        "event_types": ["lead.captured"],
    },
    ("api:lead-detail", "patch"): lambda w: {"notes": "Wants a demo", "rating": 4},
    ("api:session-materials", "post"): lambda w: {
        "title": "Handout",
        "kind": "link",
        "url": "https://example.org/handout.pdf",
    },
}
DAY_ONE = "2025-09-30T10:00:00+02:00"


# --- requests -------------------------------------------------------------------------------------------------


def request_as(world: World, actor: str, method: str, path: str, body: dict[str, Any] | None, *, session: bool):
    """One request by ``actor``, rolled back afterwards so the next actor meets the same world. Rate limits count
    in the cache, which no rollback resets: it starts empty for each actor, so the number of actors in the table
    cannot decide an answer."""
    cache.clear()
    client = APIClient()
    if session and actor in world.users:
        client.force_login(world.users[actor])
    with transaction.atomic():
        kwargs: dict[str, Any] = {**world.credentials[actor]}
        if body is not None:
            kwargs.update(data=body, format="json")
        response = getattr(client, method)(path, **kwargs)
        transaction.set_rollback(True)
    return response


def matches(expected: Expected, status: int) -> bool:
    return status in expected if isinstance(expected, frozenset) else status == expected


# --- tests ----------------------------------------------------------------------------------------------------


def test_every_route_has_an_entry():
    routed = {(matrix_key(route), method) for route in all_routes() for method in route.methods}
    routed = {key for key in routed if key[0] != "admin:*"} | {("admin:*", "get")}

    missing = {key for key in routed - set(MATRIX) if not key[0].startswith(SESSION_ONLY_AREA)}
    assert sorted(missing) == [], "routes without an entry in MATRIX"
    assert sorted(set(MATRIX) - routed) == [], "entries in MATRIX for routes that no longer exist"


def test_every_entry_names_every_actor():
    assert {key: sorted(row) for key, row in MATRIX.items() if set(row) != set(ACTORS)} == {}


@pytest.mark.parametrize(("route", "method"), route_cases(), ids=lambda v: v.name if isinstance(v, Route) else v)
def test_matrix(world, route, method):
    key = (matrix_key(route), method)
    if key not in MATRIX and not key[0].startswith(SESSION_ONLY_AREA):
        pytest.fail(f"no entry in MATRIX for {key}")
    path = reverse(route.name, kwargs=url_kwargs(route, slug_side=world.x, object_side=world.x))
    body = BODIES[key](world) if key in BODIES else None
    is_admin_site = key[0] == "admin:*"

    actual = {
        actor: request_as(world, actor, method, path, body, session=is_admin_site).status_code for actor in ACTORS
    }
    if key not in MATRIX:
        answers = set(actual.values())
        assert len(answers) == 1 and answers <= CLOSED_TO_API_CREDENTIALS, f"{method.upper()} {path}: {actual}"
        return

    expected = MATRIX[key]
    wrong = [actor for actor in ACTORS if not matches(expected[actor], actual[actor])]
    assert {a: actual[a] for a in wrong} == {a: expected[a] for a in wrong}, f"{method.upper()} {path}"


@pytest.mark.parametrize(
    ("route", "method"),
    # Routes without a slug (``registrations/<code>/``, ``exhibitors/<id>/leads/``) name their owner by the object
    # alone; attendee B, staff B and organizer Y in ``MATRIX`` are their foreigners.
    [
        (route, method)
        for route, method in route_cases()
        if has_object_kwarg(route) and "slug" in route.kwargs and not route.name.startswith(SESSION_ONLY_AREA)
    ],
    ids=lambda v: v.name if isinstance(v, Route) else v,
)
def test_foreign_objects_are_not_found(world, route, method):
    """Convention X's slug with convention Y's object: nobody — not X's organizer, not even the admin — gets it."""
    path = reverse(route.name, kwargs=url_kwargs(route, slug_side=world.x, object_side=world.y))
    body = BODIES[(route.name, method)](world) if (route.name, method) in BODIES else None

    actual = {actor: request_as(world, actor, method, path, body, session=False).status_code for actor in ACTORS}

    allowed = MATRIX[(route.name, method)]
    # Whoever is turned away at the door keeps that answer (401, or 302 to a page's sign-in), a method the route
    # does not take stays 405, a team member's role that allows no change stays 403 (decided by X's slug alone);
    # everyone else finds nothing.
    expected = {actor: allowed[actor] if allowed[actor] in (302, 401, 403, 405) else 404 for actor in ACTORS}
    if allowed == PUBLIC:
        expected = {actor: 404 for actor in ACTORS}
    assert actual == expected, f"{method.upper()} {path}"


# --- team roles on the programme ------------------------------------------------------------------------------


def _session_path(world: World, session) -> str:
    return reverse("api:manage-session-detail", kwargs={"slug": world.x.convention.slug, "pk": session.pk})


def test_curator_moves_a_session_within_its_stage(world):
    session = world.x.objects["session"]

    response = request_as(
        world,
        "curator_x",
        "patch",
        _session_path(world, session),
        {"start": "2025-09-30T14:00:00+02:00", "end": "2025-09-30T14:45:00+02:00"},
        session=False,
    )

    assert response.status_code == 200, response.json()
    assert response.json()["start"] == "2025-09-30T14:00:00+02:00"


def test_curator_cannot_move_a_session_off_its_stage(world):
    session = world.x.objects["session"]
    other_room = world.x.objects["room"]

    response = request_as(
        world, "curator_x", "patch", _session_path(world, session), {"room": other_room.pk}, session=False
    )

    assert response.status_code == 403
    assert response.json()["code"] == "outside_your_scope"
    session.refresh_from_db()
    assert session.room_id != other_room.pk


def test_curator_cannot_change_a_session_outside_its_scope(world):
    elsewhere = factories.SessionFactory(
        convention=world.x.convention, room=world.x.objects["room"], start=berlin(1, 11), title_en="Elsewhere"
    )

    response = request_as(
        world, "curator_x", "patch", _session_path(world, elsewhere), {"title_en": "Mine now"}, session=False
    )
    cancelled = request_as(world, "curator_x", "delete", _session_path(world, elsewhere), None, session=False)

    assert (response.status_code, response.json()["code"]) == (403, "outside_your_scope")
    assert cancelled.status_code == 403
    elsewhere.refresh_from_db()
    assert (elsewhere.title_en, elsewhere.status) == ("Elsewhere", "confirmed")


def test_curator_creates_a_session_on_its_stage_only(world):
    path = reverse("api:manage-session-list", kwargs={"slug": world.x.convention.slug})
    stage = world.x.objects["session"].room

    mine = request_as(world, "curator_x", "post", path, {"title_en": "Stage talk", "room": stage.pk}, session=False)
    other = request_as(
        world, "curator_x", "post", path, {"title_en": "Elsewhere", "room": world.x.objects["room"].pk}, session=False
    )

    assert mine.status_code == 201, mine.json()
    assert (other.status_code, other.json()["code"]) == (403, "outside_your_scope")


def test_read_only_member_changes_nothing(world):
    session = world.x.objects["session"]
    before = (session.title_en, session.room_id, session.start)

    response = APIClient().patch(
        _session_path(world, session),
        {"title_en": "Renamed", "room": world.x.objects["room"].pk},
        format="json",
        **world.credentials["readonly_x"],
    )

    assert response.status_code == 403
    assert response.json()["code"] == "read_only"
    session.refresh_from_db()
    assert (session.title_en, session.room_id, session.start) == before
