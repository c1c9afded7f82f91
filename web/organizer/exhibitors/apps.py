from django.apps import AppConfig


class OrganizerExhibitorsConfig(AppConfig):
    """The organizers' exhibitor pages: list, set-up, manager invitations, review of booth content, booth talks."""

    name = "web.organizer.exhibitors"
    label = "web_organizer_exhibitors"
    verbose_name = "Organizer area: exhibitors"
