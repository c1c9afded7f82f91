from django.apps import AppConfig


class SpeakerPagesConfig(AppConfig):
    """The speakers' own page: confirm sessions, profile and photo, availability, slides (de/en)."""

    name = "web.speaker"
    label = "web_speaker"
    verbose_name = "Speaker pages"
