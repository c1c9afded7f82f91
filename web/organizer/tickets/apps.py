from django.apps import AppConfig


class OrganizerTicketsConfig(AppConfig):
    """The organizer's ticket types, vouchers, questions and the registration desk (de/en)."""

    name = "web.organizer.tickets"
    label = "web_organizer_tickets"
    verbose_name = "Organizer: tickets and registrations"
