"""Files an organizer uploads to import: kept through the storage API between the preview and the confirmation.

The row holds what was uploaded, how it is to be read and, once imported, the counts of what happened. The file
itself goes away when the import is done; it holds personal data (speakers' and guests' addresses) that Messe
keeps in its own tables from then on.
"""

from django.conf import settings
from django.db import models

from events.models.convention import Convention


class ImportKind(models.TextChoices):
    PROGRAMME = "programme", "Whole programme (schedule.json / schedule.xml)"
    EXHIBITORS = "exhibitors", "Exhibitors"
    SPEAKERS = "speakers", "Speakers"
    SESSIONS = "sessions", "Sessions"
    REGISTRATIONS = "registrations", "Registrations of pre-registered guests"


class ImportUpload(models.Model):
    """One uploaded import file of a convention, from upload through preview to the import."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="import_uploads")
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/", blank=True)
    filename = models.CharField(max_length=200, help_text="The file's name on the organizer's computer.")
    options = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True, help_text="Counts of created, updated, unchanged, refused.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.convention.slug}: {self.kind} {self.filename}"
