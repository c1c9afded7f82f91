from django.apps import AppConfig


class OrganizerGatesConfig(AppConfig):
    """The organizers' operations pages: gates and devices, badge printing, the outbox and announcements (de/en)."""

    name = "web.organizer.gates"
    label = "web_organizer_gates"
    verbose_name = "Organizer area: gates, badges, messages and announcements"
