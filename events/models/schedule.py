from django.conf import settings
from django.db import models

from events.models.convention import Convention


class ScheduleRelease(models.Model):
    """A published, immutable version of a convention's programme.

    ``snapshot`` freezes everything the public may see of the programme at release time (rooms, tracks,
    speakers, sessions; see ``events.services.publishing.build_programme_snapshot``). The public API and the
    exports read only from the latest release, never from the live tables an organizer is editing.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="releases")
    version = models.PositiveIntegerField()
    released_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.CharField(max_length=500, blank=True)
    snapshot = models.JSONField()
    changelog = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["convention", "-version"]
        get_latest_by = "version"
        constraints = [models.UniqueConstraint(fields=["convention", "version"], name="unique_release_version")]

    def __str__(self) -> str:
        return f"{self.convention.slug} v{self.version}"
