"""The organizer area's exhibitor pages (web/organizer/exhibitors/): every member of X's team reads them, owners
and organizers change them; state changes are POST-only."""

from tests.security.page_rows import PageRow, expect, organizer_page, x_slug


def exhibitor(w):
    return {**x_slug(w), "exhibitor_id": w.x.objects["exhibitor"].pk}


def missing(name):
    return lambda w: {**x_slug(w), name: 999_999}


READ = organizer_page("read")
CHANGE = organizer_page("change")
POST_ONLY = expect(405)

ROWS = [
    PageRow("web:organizer-exhibitors-list", "get", READ, x_slug),
    PageRow("web:organizer-exhibitors-settings", "get", POST_ONLY, x_slug),
    PageRow("web:organizer-exhibitors-create", "get", CHANGE, x_slug),
    PageRow("web:organizer-exhibitors-detail", "get", READ, exhibitor),
    PageRow("web:organizer-exhibitors-edit", "get", CHANGE, exhibitor),
    PageRow("web:organizer-exhibitors-invite", "get", POST_ONLY, exhibitor),
    PageRow("web:organizer-exhibitors-review", "get", READ, x_slug),
    PageRow("web:organizer-exhibitors-review-decision", "get", POST_ONLY, missing("change_id")),
    PageRow("web:organizer-exhibitors-talks", "get", READ, x_slug),
    PageRow("web:organizer-exhibitors-talk-decision", "get", POST_ONLY, missing("proposal_id")),
]
