"""Public pages (no sign-in): the convention list, programme, sessions, speakers and the exhibitor directory."""

from django.urls import path

from web.public import views

urlpatterns = [
    path("", views.convention_list, name="conventions"),
    path("events/<slug:slug>/", views.programme, name="programme"),
    path("events/<slug:slug>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("events/<slug:slug>/sessions/<int:session_id>/calendar.ics", views.session_calendar, name="session-ics"),
    path("events/<slug:slug>/speakers/", views.speaker_list, name="speakers"),
    path("events/<slug:slug>/speakers/<int:speaker_id>/", views.speaker_detail, name="speaker"),
    path("events/<slug:slug>/exhibitors/", views.exhibitor_list, name="exhibitors"),
    path("events/<slug:slug>/exhibitors/<slug:exhibitor_slug>/", views.exhibitor_detail, name="exhibitor"),
]
