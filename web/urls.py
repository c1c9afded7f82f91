from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.convention_list, name="conventions"),
    path("events/<slug:slug>/", views.programme, name="programme"),
    path("events/<slug:slug>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("events/<slug:slug>/sessions/<int:session_id>/calendar.ics", views.session_calendar, name="session-ics"),
    path("events/<slug:slug>/speakers/", views.speaker_list, name="speakers"),
    path("events/<slug:slug>/speakers/<int:speaker_id>/", views.speaker_detail, name="speaker"),
    path("events/<slug:slug>/exhibitors/", views.exhibitor_list, name="exhibitors"),
]

# Staff pages: the badge scanner for gate and booth devices, the organizer dashboard and its sign-in.
from web import staff  # noqa: E402

urlpatterns += [
    path("scan/", staff.scanner, name="scanner"),
    path("scan/worker.js", staff.scanner_worker, name="scanner-worker"),
    path("login/", staff.OrganizerLoginView.as_view(), name="login"),
    path("events/<slug:slug>/dashboard/", staff.dashboard, name="dashboard"),
]
