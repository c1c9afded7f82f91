"""The exhibitor portal: exhibitor A's staff; managers' pages for its managers only (403 for other staff).

Anyone without a session is sent to the portal's sign-in page; accounts not on A's staff find nothing (404) —
X's organizers and the operator included (organizers see lead counts only).
"""

from tests.security.page_rows import PageRow, expect

STAFF = expect(404, anonymous=302, attendee=302, exhibitor_manager=200, exhibitor_staff=200)
MANAGERS = {**STAFF, "exhibitor_staff": 403}
POST_ONLY = expect(405)
SIGNED_IN_HOME = expect(200, anonymous=302, attendee=302)


def booth(w):
    return {"exhibitor_id": w.x.objects["exhibitor"].pk}


def with_id(name):
    return lambda w: {**booth(w), name: 1}


ROWS = [
    PageRow("exhibitor:home", "get", SIGNED_IN_HOME),
    PageRow("exhibitor:sign-in", "get", expect(200)),
    PageRow("exhibitor:sign-in", "post", expect(400), data=lambda w: {}),
    PageRow("exhibitor:sign-in-link", "get", expect(404), lambda w: {"uid": "MQ", "token": "not-a-valid-link"}),
    PageRow("exhibitor:accept-invitation", "get", expect(404), lambda w: {"token": "not-a-valid-link"}),
    PageRow("exhibitor:booth", "get", STAFF, booth),
    PageRow("exhibitor:profile", "get", MANAGERS, booth),
    PageRow("exhibitor:materials", "get", MANAGERS, booth),
    PageRow("exhibitor:material-delete", "get", POST_ONLY, with_id("material_id")),
    PageRow("exhibitor:staff", "get", MANAGERS, booth),
    PageRow("exhibitor:staff-remove", "get", POST_ONLY, with_id("member_id")),
    PageRow("exhibitor:pass-action", "get", POST_ONLY, lambda w: {**booth(w), "member_id": 1, "action": "revoke"}),
    PageRow("exhibitor:co-exhibitors", "get", STAFF, booth),
    PageRow("exhibitor:co-exhibitor-invite", "get", POST_ONLY, with_id("partner_id")),
    PageRow("exhibitor:devices", "get", MANAGERS, booth),
    PageRow("exhibitor:device-revoke", "get", POST_ONLY, with_id("device_id")),
    PageRow("exhibitor:leads", "get", STAFF, booth),
    PageRow("exhibitor:leads-csv", "get", STAFF, booth),
    PageRow("exhibitor:lead", "get", STAFF, lambda w: {**booth(w), "lead_id": w.x.objects["lead"].pk}),
    PageRow("exhibitor:questions", "get", MANAGERS, booth),
    PageRow("exhibitor:question-delete", "get", POST_ONLY, with_id("question_id")),
    PageRow("exhibitor:talks", "get", MANAGERS, booth),
]
