"""Tickets (``tickets/…``) and the registration desk (``registrations/…``) under ``/organize/<slug>/``."""

from django.urls import path

from web.organizer.tickets import registration_views as registrations
from web.organizer.tickets import views

urlpatterns = [
    path("tickets/", views.ticket_types, name="organizer-tickets-types"),
    path("tickets/new/", views.ticket_type_new, name="organizer-tickets-type-new"),
    path("tickets/<int:ticket_type_id>/", views.ticket_type_edit, name="organizer-tickets-type-edit"),
    path("tickets/vouchers/", views.vouchers, name="organizer-tickets-vouchers"),
    path("tickets/vouchers/batch/", views.voucher_batch, name="organizer-tickets-voucher-batch"),
    path("tickets/vouchers/<int:voucher_id>/toggle/", views.voucher_toggle, name="organizer-tickets-voucher-toggle"),
    path("tickets/questions/", views.questions, name="organizer-tickets-questions"),
    path("tickets/questions/new/", views.question_new, name="organizer-tickets-question-new"),
    path("tickets/questions/<int:question_id>/", views.question_edit, name="organizer-tickets-question-edit"),
    path("tickets/questions/<int:question_id>/move/", views.question_move, name="organizer-tickets-question-move"),
    path(
        "tickets/questions/<int:question_id>/delete/", views.question_delete, name="organizer-tickets-question-delete"
    ),
    path("registrations/", registrations.registration_list, name="organizer-registrations"),
    path("registrations/export.csv", registrations.registration_csv, name="organizer-registrations-csv"),
    path("registrations/<str:code>/", registrations.registration_detail, name="organizer-registrations-detail"),
    path("registrations/<str:code>/details/", registrations.registration_edit, name="organizer-registrations-edit"),
    path("registrations/<str:code>/cancel/", registrations.registration_cancel, name="organizer-registrations-cancel"),
    path(
        "registrations/<str:code>/badge/reprint/",
        registrations.registration_reprint,
        name="organizer-registrations-reprint",
    ),
    path(
        "registrations/<str:code>/resend-link/",
        registrations.registration_resend,
        name="organizer-registrations-resend",
    ),
    path("registrations/<str:code>/erase/", registrations.registration_erase, name="organizer-registrations-erase"),
]
