"""Gates and devices, badge printing, messages and announcements (web/organizer/gates/): X's team sees them, owners
and organizers act, nobody else reaches them; Y's objects under X's slug do not exist.

The objects a row needs (a check-in list, a gate device, a failed message, a draft announcement, a finished print
job) are made by the row's ``kwargs`` inside the row's own test, which is rolled back afterwards.
"""

from django.core.files.base import ContentFile

from events.models import BadgePrintJob, CheckinList, MessageStatus, OutboundMessage, PrintJobStatus
from events.services import announcements, devices
from tests.security.page_rows import PageRow, expect, organizer_page, x_slug


def _list(side, name: str = "Matrix entrance") -> CheckinList:
    return CheckinList.objects.create(convention=side.convention, name=name)


def checkin_list(w, side="x"):
    return {**x_slug(w), "list_id": _list(getattr(w, side)).pk}


def gate_device(w, side="x"):
    owner = getattr(w, side)
    device, _code = devices.create_device(
        convention=owner.convention, name="Matrix gate", kind="gate", checkin_lists=[_list(owner)]
    )
    return {**x_slug(w), "device_id": device.pk}


def failed_message(w, side="x"):
    message = OutboundMessage.objects.create(
        convention=getattr(w, side).convention,
        idempotency_key=f"matrix:{side}:failed",
        kind="registration_confirmed",
        recipient="failed@example.org",
        subject="Ihre Anmeldung",
        body_text="…",
        status=MessageStatus.FAILED,
    )
    return {**x_slug(w), "message_id": message.pk}


def draft(w, side="x"):
    announcement = announcements.create_announcement(
        convention=getattr(w, side).convention, author=None, subject_en="Hall closes", body_en="At 17:00."
    )
    return {**x_slug(w), "announcement_id": announcement.pk}


def print_job(w, side="x"):
    job = BadgePrintJob.objects.create(convention=getattr(w, side).convention, status=PrintJobStatus.DONE, total=1)
    job.file.save(f"matrix-{side}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {**x_slug(w), "job_id": job.pk}


def of_y(kwargs):
    return lambda w: kwargs(w, side="y")


def missing(name):
    return lambda w: {**x_slug(w), name: 999_999}


# Forms that only take a POST: a GET is refused before anyone is asked who they are.
POST_ONLY = expect(405)
# Owners and organizers only, for every team member's eyes: 404 for Y's object under X's slug.
NOT_HERE = organizer_page("read", ok=404)
# A refused change never reaches the view: members who may only look get 403 even for an object not found.
NOT_HERE_CHANGE = {**organizer_page("change", ok=404)}
# The badge PDF lists attendees' names: owners and organizers (events.permissions.can_export_personal_data).
PDF = {**organizer_page("read"), "curator_x": 403, "readonly_x": 403}

LIST_FORM = {"name": "Hall 25", "capacity": "100"}
ANNOUNCEMENT_FORM = {"kind": "operational", "subject_en": "Room change", "body_en": "Room 2."}

ROWS = [
    PageRow("web:organizer-gates", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-gates", "get", organizer_page("read"), x_slug, query="?fragment=counts"),
    PageRow("web:organizer-gates-list-new", "get", organizer_page("change"), x_slug),
    PageRow("web:organizer-gates-list-new", "post", organizer_page("change", ok=302), x_slug, data=lambda w: LIST_FORM),
    PageRow(
        "web:organizer-gates-list-new",
        "post",
        organizer_page("change", ok=400),
        x_slug,
        data=lambda w: {"name": "", "capacity": "-1", "days": ["1999-01-01"]},
        note="bad input: field errors",
    ),
    PageRow("web:organizer-gates-list", "get", organizer_page("read"), checkin_list),
    PageRow(
        "web:organizer-gates-list", "post", organizer_page("change", ok=302), checkin_list, data=lambda w: LIST_FORM
    ),
    PageRow("web:organizer-gates-list", "get", NOT_HERE, of_y(checkin_list)),
    PageRow("web:organizer-gates-device-new", "get", organizer_page("change"), x_slug),
    PageRow(
        "web:organizer-gates-device-new",
        "post",
        organizer_page("change"),
        x_slug,
        data=lambda w: {"name": "Gate 9", "checkin_lists": [_list(w.x, "Matrix gate list").pk]},
        note="the setup code is the answer itself (200), never a redirect",
    ),
    PageRow(
        "web:organizer-gates-device-new",
        "post",
        organizer_page("change", ok=400),
        x_slug,
        data=lambda w: {"name": "Gate 9", "checkin_lists": [_list(w.y, "Y list").pk]},
        note="a list of Y: field error",
    ),
    PageRow("web:organizer-gates-device", "get", organizer_page("read"), gate_device),
    PageRow(
        "web:organizer-gates-device",
        "post",
        organizer_page("change", ok=400),
        gate_device,
        data=lambda w: {"name": "Renamed"},
        note="no list: field error",
    ),
    PageRow("web:organizer-gates-device", "get", NOT_HERE, of_y(gate_device)),
    PageRow("web:organizer-gates-device-setup-code", "post", organizer_page("change"), gate_device),
    PageRow("web:organizer-gates-device-setup-code", "get", POST_ONLY, gate_device),
    PageRow("web:organizer-gates-device-revoke", "get", POST_ONLY, gate_device),
    PageRow("web:organizer-gates-device-revoke", "post", organizer_page("change", ok=302), gate_device),
    PageRow("web:organizer-gates-device-revoke", "post", NOT_HERE_CHANGE, of_y(gate_device)),
    PageRow("web:organizer-gates-refused", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-gates-refused", "get", organizer_page("read", ok=400), x_slug, query="?reason=nope"),
    PageRow("web:organizer-badges", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-badges", "get", organizer_page("read"), x_slug, query="?fragment=jobs"),
    PageRow(
        "web:organizer-badges", "post", organizer_page("change", ok=302), x_slug, data=lambda w: {"status": "confirmed"}
    ),
    PageRow("web:organizer-badges", "post", organizer_page("change", ok=400), x_slug, data=lambda w: {"status": "x"}),
    PageRow("web:organizer-badges-download", "get", PDF, print_job),
    PageRow(
        "web:organizer-badges-download",
        "get",
        {**PDF, "owner_x": 404, "organizer_x": 404, "superuser": 404},
        missing("job_id"),
    ),
    PageRow(
        "web:organizer-badges-download",
        "get",
        {**PDF, "owner_x": 404, "organizer_x": 404, "superuser": 404},
        of_y(print_job),
    ),
    PageRow("web:organizer-messages", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-messages", "get", organizer_page("read", ok=400), x_slug, query="?recipient=not-an-address"),
    PageRow("web:organizer-messages-resend", "post", organizer_page("change", ok=302), failed_message),
    PageRow("web:organizer-messages-resend", "post", NOT_HERE_CHANGE, of_y(failed_message)),
    PageRow("web:organizer-messages-resend", "post", NOT_HERE_CHANGE, missing("message_id")),
    PageRow("web:organizer-messages-resend", "get", POST_ONLY, missing("message_id")),
    PageRow("web:organizer-announcements", "get", organizer_page("read"), x_slug),
    PageRow("web:organizer-announcements-new", "get", organizer_page("change"), x_slug),
    PageRow(
        "web:organizer-announcements-new",
        "post",
        organizer_page("change", ok=302),
        x_slug,
        data=lambda w: ANNOUNCEMENT_FORM,
    ),
    PageRow(
        "web:organizer-announcements-new",
        "post",
        organizer_page("change", ok=400),
        x_slug,
        data=lambda w: {"kind": "operational", "subject_en": "Only a subject", "presence": "ever"},
    ),
    PageRow("web:organizer-announcements-detail", "get", organizer_page("read"), draft),
    PageRow("web:organizer-announcements-detail", "get", NOT_HERE, of_y(draft)),
    PageRow("web:organizer-announcements-edit", "get", organizer_page("read"), draft),
    PageRow(
        "web:organizer-announcements-edit",
        "post",
        organizer_page("change", ok=302),
        draft,
        data=lambda w: ANNOUNCEMENT_FORM,
    ),
    PageRow(
        "web:organizer-announcements-send",
        "post",
        organizer_page("change", ok=409),
        draft,
        data=lambda w: {"expected_recipients": "999"},
        note="the count differs from the audience: asked again, nothing sent",
    ),
    PageRow(
        "web:organizer-announcements-send",
        "post",
        organizer_page("change", ok=400),
        draft,
        data=lambda w: {"expected_recipients": "many"},
    ),
    PageRow("web:organizer-announcements-send", "post", NOT_HERE_CHANGE, of_y(draft)),
    PageRow("web:organizer-announcements-send", "get", POST_ONLY, draft),
]
