"""Attendee pages: registration, the attendee's own page (magic link) and workshop sign-up on the session page."""

from django.urls import path

from web.attendee import resend, views, workshop_views

urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/done/", views.registration_done, name="register-done"),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/signup/",
        workshop_views.workshop_signup,
        name="workshop-signup",
    ),
    path("events/<slug:slug>/my-link/", resend.resend_link, name="resend-link"),
    path("r/<str:code>/", views.my_registration, name="my-registration"),
    path("r/<str:code>/badge.pdf", views.badge_download, {"kind": "pdf"}, name="badge-pdf"),
    path("r/<str:code>/badge.png", views.badge_download, {"kind": "png"}, name="badge-png"),
    path("r/<str:code>/consents/withdraw/", views.withdraw_consent, name="withdraw-consent"),
    path("r/<str:code>/agenda/<int:session_id>/remove/", views.remove_bookmark, name="remove-bookmark"),
    path("r/<str:code>/workshops/<int:session_id>/leave/", views.leave_workshop, name="leave-workshop"),
    path("r/<str:code>/calendar-feed/", views.rotate_calendar_feed, name="rotate-calendar-feed"),
    path("r/<str:code>/cancel/", views.cancel_registration, name="cancel-registration"),
]
