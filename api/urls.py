from django.urls import path

app_name = "api"

urlpatterns: list = []

# Schedule: warnings and releases (organizers), versions and exports (public).
from api.views import schedule as schedule_views  # noqa: E402

urlpatterns += [
    path(
        "events/<slug:slug>/schedule/warnings/", schedule_views.ScheduleWarningsView.as_view(), name="schedule-warnings"
    ),
    path(
        "events/<slug:slug>/schedule/releases/", schedule_views.ScheduleReleasesView.as_view(), name="schedule-releases"
    ),
    path(
        "events/<slug:slug>/schedule/versions/", schedule_views.ScheduleVersionsView.as_view(), name="schedule-versions"
    ),
    path(
        "events/<slug:slug>/schedule.json",
        schedule_views.ScheduleJsonView.as_view(),
        name="schedule-json",
    ),
    path(
        "events/<slug:slug>/schedule.xml",
        schedule_views.ScheduleXmlView.as_view(),
        name="schedule-xml",
    ),
    path(
        "events/<slug:slug>/schedule.ics",
        schedule_views.ScheduleIcsView.as_view(),
        name="schedule-ics",
    ),
]
