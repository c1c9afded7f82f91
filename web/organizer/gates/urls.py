"""Gates and devices, badges, messages and announcements under ``/organize/<slug>/``, namespace ``web``."""

from django.urls import path

from web.organizer.gates.views import announcements, badges, gates, outbox

DEVICE = "gates/devices/<int:device_id>/"
ANNOUNCEMENT = "announcements/<int:announcement_id>/"

urlpatterns = [
    path("gates/", gates.overview, name="organizer-gates"),
    path("gates/lists/new/", gates.list_create, name="organizer-gates-list-new"),
    path("gates/lists/<int:list_id>/", gates.list_edit, name="organizer-gates-list"),
    path("gates/devices/new/", gates.device_create, name="organizer-gates-device-new"),
    path(DEVICE, gates.device_edit, name="organizer-gates-device"),
    path(DEVICE + "setup-code/", gates.device_setup_code, name="organizer-gates-device-setup-code"),
    path(DEVICE + "revoke/", gates.device_revoke, name="organizer-gates-device-revoke"),
    path("gates/refused-scans/", gates.refused_scans, name="organizer-gates-refused"),
    path("badges/", badges.print_jobs, name="organizer-badges"),
    path("badges/<int:job_id>/badges.pdf", badges.print_job_download, name="organizer-badges-download"),
    path("messages/", outbox.outbox_page, name="organizer-messages"),
    path("messages/<int:message_id>/resend/", outbox.resend, name="organizer-messages-resend"),
    path("announcements/", announcements.announcement_list, name="organizer-announcements"),
    path("announcements/new/", announcements.announcement_create, name="organizer-announcements-new"),
    path(ANNOUNCEMENT, announcements.announcement_detail, name="organizer-announcements-detail"),
    path(
        ANNOUNCEMENT + "edit/",
        announcements.announcement_edit,
        name="organizer-announcements-edit",
    ),
    path(
        ANNOUNCEMENT + "send/",
        announcements.announcement_send,
        name="organizer-announcements-send",
    ),
]
