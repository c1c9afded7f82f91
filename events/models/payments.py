from django.db import models


class StripeEvent(models.Model):
    """A Stripe webhook event Messe has processed. The unique ``event_id`` makes each event act at most once,
    however often Stripe delivers it; the row is written in the transaction of the change it caused."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=100, blank=True)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-processed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
