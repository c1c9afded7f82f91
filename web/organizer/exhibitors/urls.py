"""The organizers' exhibitor pages under ``/organize/<slug>/exhibitors/`` (names ``web:organizer-exhibitors-…``)."""

from django.urls import path

from web.organizer.exhibitors import views

urlpatterns = [
    path("", views.exhibitor_list, name="organizer-exhibitors-list"),
    path("settings/", views.review_setting, name="organizer-exhibitors-settings"),
    path("new/", views.exhibitor_create, name="organizer-exhibitors-create"),
    path("<int:exhibitor_id>/", views.exhibitor_detail, name="organizer-exhibitors-detail"),
    path("<int:exhibitor_id>/edit/", views.exhibitor_edit, name="organizer-exhibitors-edit"),
    path("<int:exhibitor_id>/invite/", views.invite_manager, name="organizer-exhibitors-invite"),
    path("review/", views.review_queue, name="organizer-exhibitors-review"),
    path("review/<int:change_id>/", views.review_decision, name="organizer-exhibitors-review-decision"),
    path("talks/", views.talk_proposals, name="organizer-exhibitors-talks"),
    path("talks/<int:proposal_id>/", views.talk_decision, name="organizer-exhibitors-talk-decision"),
]
