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

# Registration, the attendee's own page (magic link) and workshop sign-up on the session page.
from web import registration_views, workshop_views  # noqa: E402

urlpatterns += [
    path("events/<slug:slug>/register/", registration_views.register, name="register"),
    path("events/<slug:slug>/register/done/", registration_views.registration_done, name="register-done"),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/signup/",
        workshop_views.workshop_signup,
        name="workshop-signup",
    ),
    path("r/<str:code>/", registration_views.my_registration, name="my-registration"),
    path("r/<str:code>/consents/withdraw/", registration_views.withdraw_consent, name="withdraw-consent"),
    path("r/<str:code>/agenda/<int:session_id>/remove/", registration_views.remove_bookmark, name="remove-bookmark"),
    path("r/<str:code>/workshops/<int:session_id>/leave/", registration_views.leave_workshop, name="leave-workshop"),
    path("r/<str:code>/calendar-feed/", registration_views.rotate_calendar_feed, name="rotate-calendar-feed"),
    path("r/<str:code>/cancel/", registration_views.cancel_registration, name="cancel-registration"),
]
