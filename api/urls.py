from django.urls import path  # noqa: F401  (resources register their routes below)

app_name = "api"

urlpatterns: list = []

from api.views import badges as badge_views  # noqa: E402
from api.views import checkin as checkin_views  # noqa: E402
from api.views import devices as device_views  # noqa: E402
from api.views import leads as lead_views  # noqa: E402

urlpatterns += [
    path("events/<slug:slug>/checkin/keys/", checkin_views.CheckinKeysView.as_view(), name="checkin-keys"),
    path("events/<slug:slug>/checkin/counters/", checkin_views.CheckinCountersView.as_view(), name="checkin-counters"),
    path("events/<slug:slug>/checkin-lists/", checkin_views.CheckinListView.as_view(), name="checkin-lists"),
    path("events/<slug:slug>/checkin-lists/<int:list_id>/scans/", checkin_views.ScanView.as_view(), name="scans"),
    path(
        "events/<slug:slug>/checkin-lists/<int:list_id>/scans/batch/",
        checkin_views.ScanBatchView.as_view(),
        name="scans-batch",
    ),
    path(
        "events/<slug:slug>/checkin-lists/<int:list_id>/scans/<str:nonce>/annul/",
        checkin_views.ScanAnnulView.as_view(),
        name="scan-annul",
    ),
    path("registrations/<str:code>/badge.png", badge_views.BadgePngView.as_view(), name="badge-png"),
    path("registrations/<str:code>/badge.pdf", badge_views.BadgePdfView.as_view(), name="badge-pdf"),
    path("registrations/<str:code>/badge/reprint/", badge_views.BadgeReprintView.as_view(), name="badge-reprint"),
    path("events/<slug:slug>/badges/print/", badge_views.BadgePrintJobCreateView.as_view(), name="badge-print"),
    path(
        "events/<slug:slug>/badges/print/<int:job_id>/", badge_views.BadgePrintJobView.as_view(), name="badge-print-job"
    ),
    path(
        "events/<slug:slug>/badges/print/<int:job_id>/badges.pdf",
        badge_views.BadgePrintJobDownloadView.as_view(),
        name="badge-print-download",
    ),
    path("events/<slug:slug>/devices/", device_views.DeviceListView.as_view(), name="devices"),
    path(
        "events/<slug:slug>/devices/<int:device_id>/revoke/",
        device_views.DeviceRevokeView.as_view(),
        name="device-revoke",
    ),
    path("devices/activate/", device_views.DeviceActivateView.as_view(), name="device-activate"),
    path("exhibitors/<int:exhibitor_id>/leads/", lead_views.LeadListView.as_view(), name="leads"),
    path("exhibitors/<int:exhibitor_id>/leads.csv", lead_views.LeadCsvView.as_view(), name="leads-csv"),
    path("events/<slug:slug>/leads/counts/", lead_views.LeadCountsView.as_view(), name="lead-counts"),
    path(
        "events/<slug:slug>/checkin/keys/rotate/",
        checkin_views.CheckinKeyRotateView.as_view(),
        name="checkin-key-rotate",
    ),
]
# ruff: noqa: RUF100  (the import at the top predates these routes)
