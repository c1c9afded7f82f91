from django.apps import AppConfig


class OrganizerSpeakersConfig(AppConfig):
    """The organizer area's speakers page: who speaks where, their answers, invitations and material (de/en)."""

    name = "web.organizer.speakers"
    label = "web_organizer_speakers"
    verbose_name = "Organizer area: speakers"
