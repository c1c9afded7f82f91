"""Staff pages: the badge scanner for gate and booth devices, the organizer dashboard and its sign-in."""

from django.urls import path

from web.staff import views
from web.staff.throttling import rate_limited_login

urlpatterns = [
    path("scan/", views.scanner, name="scanner"),
    path("scan/worker.js", views.scanner_worker, name="scanner-worker"),
    path("login/", rate_limited_login(views.OrganizerLoginView.as_view()), name="login"),
    path("logout/", views.OrganizerLogoutView.as_view(), name="logout"),
    path("events/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
]
