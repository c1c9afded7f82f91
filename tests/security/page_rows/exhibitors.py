"""Exhibitors: every exhibitor-portal route and every organizer exhibitor page, read and write, × every actor.

The portal (``/exhibitor/…``): exhibitor A of X is managed by ``exhibitor_manager``, ``exhibitor_staff`` is its
staff. Anyone without a session goes to the portal's sign-in; accounts not on the staff of the exhibitor in the
URL find nothing (404) — X's team and the operator included (organizers see lead counts only); staff without the
manager role get 403 on the managers' pages. Besides A, each route is tried on a co-exhibitor on A's stand (the
joint stand's partner: A's own manager finds nothing of it but may invite its managers) and on Y's exhibitor
(another exhibitor: nothing for anyone of X). The co-exhibitor's and the other exhibitor's own staff as actors,
reading A's leads, are in ``tests/web/test_joint_stand_isolation.py``.

The organizer pages (``/organize/<slug>/exhibitors/…``): every member of X's team reads them; only owners and
organizers change anything (403 for curators and read-only members, before the view runs); an exhibitor of Y
under X's address is not found.
"""

from events.enums import ExhibitorChangeStatus
from events.models import BoothTalkProposal, Device, Exhibitor, ExhibitorChange, ExhibitorMaterial, LeadQuestion
from tests.security.page_rows import PageRow, expect, organizer_page, x_slug

SIGN_IN = {"anonymous": 302, "attendee": 302}
STAFF = expect(404, **SIGN_IN, exhibitor_manager=200, exhibitor_staff=200)
MANAGERS = {**STAFF, "exhibitor_staff": 403}
NOBODY = expect(404, **SIGN_IN)  # a booth none of the actors works at


def posted(ok: int, *, staff: int = 403) -> dict[str, int]:
    """A POST to one of A's pages: the manager's answer, the staff's (403 on managers' pages), 404 for the rest."""
    return expect(404, **SIGN_IN, exhibitor_manager=ok, exhibitor_staff=staff)


# --- the objects the rows point at (made once, in the matrix's module transaction) ---------------------------


def a(w) -> Exhibitor:
    return w.x.objects["exhibitor"]


def partner(w) -> Exhibitor:
    main = a(w)
    co_exhibitor, _created = Exhibitor.objects.get_or_create(
        convention=main.convention, slug="matrix-partner", defaults={"name": "Partner", "main_exhibitor": main}
    )
    return co_exhibitor


def booth(w) -> dict:
    return {"exhibitor_id": a(w).pk}


def partner_booth(w) -> dict:
    return {"exhibitor_id": partner(w).pk}


def other_booth(w) -> dict:
    return {"exhibitor_id": w.y.objects["exhibitor"].pk}


def material(w) -> dict:
    item, _created = ExhibitorMaterial.objects.get_or_create(
        exhibitor=a(w), title="Matrix link", defaults={"kind": "link", "url": "https://example.org/brochure"}
    )
    return {**booth(w), "material_id": item.pk}


def staff_member(w) -> dict:
    return {**booth(w), "member_id": a(w).staff.get(user=w.users["exhibitor_staff"]).pk}


def device(w) -> dict:
    item, _created = Device.objects.get_or_create(
        convention=a(w).convention,
        exhibitor=a(w),
        name="Matrix tablet",
        defaults={"kind": "booth"},
    )
    return {**booth(w), "device_id": item.pk}


def question(w) -> dict:
    item, _created = LeadQuestion.objects.get_or_create(
        exhibitor=a(w), identifier="matrix", defaults={"label_de": "Frage", "label_en": "Question"}
    )
    return {**booth(w), "question_id": item.pk}


def lead(w) -> dict:
    return {**booth(w), "lead_id": w.x.objects["lead"].pk}


def other_lead_under_a(w) -> dict:
    return {**booth(w), "lead_id": w.y.objects["lead"].pk}


def change(w) -> dict:
    item, _created = ExhibitorChange.objects.get_or_create(
        exhibitor=a(w), status=ExhibitorChangeStatus.PENDING, defaults={"changes": {"profile_en": "Waiting"}}
    )
    return {**x_slug(w), "change_id": item.pk}


def proposal(w) -> dict:
    item, _created = BoothTalkProposal.objects.get_or_create(exhibitor=a(w), title_en="Matrix talk")
    return {**x_slug(w), "proposal_id": item.pk}


def x_exhibitor(w) -> dict:
    return {**x_slug(w), "exhibitor_id": a(w).pk}


def y_exhibitor_under_x(w) -> dict:
    return {**x_slug(w), "exhibitor_id": w.y.objects["exhibitor"].pk}


def profile_data(w) -> dict:
    return {"name": a(w).name, "profile_en": "Changed in the matrix"}


def exhibitor_data(w) -> dict:
    return {"name": "Matrix GmbH", "slug": "matrix-gmbh"}


INVITE = {"email": "new.manager@example.org", "language": "en"}

# --- the portal ------------------------------------------------------------------------------------------------

PORTAL = [
    PageRow("exhibitor:home", "get", expect(200, **SIGN_IN)),
    PageRow("exhibitor:sign-in", "get", expect(200)),
    PageRow("exhibitor:sign-in", "post", expect(200), data=lambda w: {"email": "nobody@example.org"}),
    PageRow("exhibitor:sign-in", "post", expect(400), data=lambda w: {"email": "not an address"}),
    PageRow("exhibitor:sign-in-link", "get", expect(404), lambda w: {"uid": "MQ", "token": "not-a-valid-link"}),
    PageRow("exhibitor:sign-in-link", "post", expect(404), lambda w: {"uid": "MQ", "token": "not-a-valid-link"}),
    PageRow("exhibitor:accept-invitation", "get", expect(404), lambda w: {"token": "not-a-valid-link"}),
    PageRow("exhibitor:accept-invitation", "post", expect(404), lambda w: {"token": "not-a-valid-link"}),
    # A's pages: read.
    PageRow("exhibitor:booth", "get", STAFF, booth),
    PageRow("exhibitor:profile", "get", MANAGERS, booth),
    PageRow("exhibitor:materials", "get", MANAGERS, booth),
    PageRow("exhibitor:staff", "get", MANAGERS, booth),
    PageRow("exhibitor:co-exhibitors", "get", STAFF, booth),
    PageRow("exhibitor:devices", "get", MANAGERS, booth),
    PageRow("exhibitor:leads", "get", STAFF, booth),
    PageRow("exhibitor:leads-csv", "get", STAFF, booth),
    PageRow("exhibitor:lead", "get", STAFF, lead),
    PageRow("exhibitor:questions", "get", MANAGERS, booth),
    PageRow("exhibitor:talks", "get", MANAGERS, booth),
    # A's pages: write (each POST rolled back afterwards).
    PageRow("exhibitor:profile", "post", posted(302), booth, data=profile_data),
    PageRow("exhibitor:materials", "post", posted(400), booth, data=lambda w: {"title": ""}),
    PageRow("exhibitor:material-delete", "post", posted(302), material),
    PageRow("exhibitor:material-delete", "get", expect(405), material),
    PageRow("exhibitor:staff", "post", posted(302), booth, data=lambda w: {**INVITE, "first_name": "New"}),
    PageRow("exhibitor:staff-remove", "post", posted(302), staff_member),
    PageRow("exhibitor:staff-remove", "get", expect(405), staff_member),
    PageRow("exhibitor:pass-action", "post", posted(302), lambda w: {**staff_member(w), "action": "revoke"}),
    PageRow("exhibitor:pass-action", "get", expect(405), lambda w: {**staff_member(w), "action": "revoke"}),
    PageRow("exhibitor:co-exhibitors", "post", posted(400), booth, data=lambda w: {"name": ""}),
    PageRow(
        "exhibitor:co-exhibitor-invite",
        "post",
        posted(302),
        lambda w: {**booth(w), "partner_id": partner(w).pk},
        data=lambda w: INVITE,
    ),
    PageRow("exhibitor:co-exhibitor-invite", "get", expect(405), lambda w: {**booth(w), "partner_id": partner(w).pk}),
    PageRow("exhibitor:devices", "post", posted(200), booth, data=lambda w: {"name": "Tablet 9"}),
    PageRow("exhibitor:device-revoke", "post", posted(302), device),
    PageRow("exhibitor:device-revoke", "get", expect(405), device),
    PageRow("exhibitor:leads", "post", expect(405), booth),
    PageRow("exhibitor:lead", "post", posted(302, staff=302), lead, data=lambda w: {"notes": "Matrix note"}),
    PageRow("exhibitor:questions", "post", posted(400), booth, data=lambda w: {"identifier": ""}),
    PageRow("exhibitor:question-delete", "post", posted(302), question),
    PageRow("exhibitor:question-delete", "get", expect(405), question),
    PageRow("exhibitor:talks", "post", posted(400), booth, data=lambda w: {"duration_minutes": "1"}),
    # Y's lead under A's address: not A's, so not found even for A's staff.
    PageRow("exhibitor:lead", "get", NOBODY, other_lead_under_a),
    # The co-exhibitor on A's stand and Y's exhibitor: nobody of X works there.
    *[
        PageRow(
            route, method, NOBODY, target, data=(lambda w: {"notes": "x", "name": "x"}) if method == "post" else None
        )
        for target in (partner_booth, other_booth)
        for route, method in [
            ("exhibitor:booth", "get"),
            ("exhibitor:profile", "get"),
            ("exhibitor:profile", "post"),
            ("exhibitor:materials", "get"),
            ("exhibitor:staff", "get"),
            ("exhibitor:staff", "post"),
            ("exhibitor:co-exhibitors", "get"),
            ("exhibitor:devices", "get"),
            ("exhibitor:devices", "post"),
            ("exhibitor:leads", "get"),
            ("exhibitor:leads-csv", "get"),
            ("exhibitor:questions", "get"),
            ("exhibitor:talks", "get"),
        ]
    ],
]

# --- the organizer pages ---------------------------------------------------------------------------------------

ORGANIZER = [
    PageRow("web:organizer-exhibitors-list", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-exhibitors-list", "get", organizer_page("read"), x_slug, query="?lang=de"),
    PageRow(
        "web:organizer-exhibitors-settings",
        "post",
        organizer_page("change", ok=302),
        x_slug,
        data=lambda w: {"reviewed": "review"},
    ),
    PageRow("web:organizer-exhibitors-settings", "get", expect(405), x_slug),
    PageRow("web:organizer-exhibitors-create", "get", organizer_page("change"), x_slug),
    PageRow("web:organizer-exhibitors-create", "post", organizer_page("change", ok=302), x_slug, data=exhibitor_data),
    PageRow(
        "web:organizer-exhibitors-create",
        "post",
        organizer_page("change", ok=400),
        x_slug,
        data=lambda w: {"name": "No slug"},
    ),
    PageRow("web:organizer-exhibitors-detail", "get", organizer_page("read"), x_exhibitor),
    PageRow("web:organizer-exhibitors-detail", "get", organizer_page("read", ok=404), y_exhibitor_under_x),
    PageRow("web:organizer-exhibitors-edit", "get", organizer_page("change"), x_exhibitor),
    PageRow(
        "web:organizer-exhibitors-edit",
        "post",
        organizer_page("change", ok=302),
        x_exhibitor,
        data=lambda w: {"name": a(w).name, "slug": a(w).slug, "locked_fields": ["name"]},
    ),
    PageRow(
        "web:organizer-exhibitors-edit",
        "post",
        organizer_page("change", ok=404),
        y_exhibitor_under_x,
        data=exhibitor_data,
    ),
    PageRow(
        "web:organizer-exhibitors-invite", "post", organizer_page("change", ok=302), x_exhibitor, data=lambda w: INVITE
    ),
    PageRow(
        "web:organizer-exhibitors-invite",
        "post",
        organizer_page("change", ok=404),
        y_exhibitor_under_x,
        data=lambda w: INVITE,
    ),
    PageRow("web:organizer-exhibitors-invite", "get", expect(405), x_exhibitor),
    PageRow("web:organizer-exhibitors-review", "get", organizer_page("read"), x_slug),
    PageRow(
        "web:organizer-exhibitors-review-decision",
        "post",
        organizer_page("change", ok=302),
        change,
        data=lambda w: {"decision": "approve", "note": "Fine"},
    ),
    PageRow("web:organizer-exhibitors-review-decision", "get", expect(405), change),
    PageRow("web:organizer-exhibitors-talks", "get", organizer_page("read"), x_slug),
    PageRow(
        "web:organizer-exhibitors-talk-decision",
        "post",
        organizer_page("change", ok=302),
        proposal,
        data=lambda w: {f"p{proposal(w)['proposal_id']}-decision": "decline"},
    ),
    PageRow("web:organizer-exhibitors-talk-decision", "get", expect(405), proposal),
]

ROWS = PORTAL + ORGANIZER
