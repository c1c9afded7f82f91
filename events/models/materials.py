from django.db import models

from events.enums import MaterialKind
from events.models.programme import Session


class SessionMaterial(models.Model):
    """Slides, recordings or links organizers attach to a session, sent to its attendees after it ends.

    ``distributed_at`` is set once the follow-up e-mails for this material were queued; material published
    after the session ended goes out with the next run of the follow-up job.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=MaterialKind.choices, default=MaterialKind.LINK)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="session-materials/", blank=True)
    is_published = models.BooleanField(default=True)
    # Set for material a speaker uploaded on their page; unpublished until reviewed if the convention says so.
    speaker = models.ForeignKey(
        "events.Speaker", on_delete=models.SET_NULL, null=True, blank=True, related_name="materials"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    distributed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""), name="session_material_has_url_or_file"
            )
        ]
        indexes = [models.Index(fields=["is_published", "distributed_at"])]

    def __str__(self) -> str:
        return self.title
