from django.conf import settings
from django.db import models

from events.enums import MaterialKind
from events.models.convention import Convention, Hall


class Exhibitor(models.Model):
    """An organization with a stand at the convention, with its public booth content."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="exhibitors")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    profile_de = models.TextField(blank=True)
    profile_en = models.TextField(blank=True)
    logo_url = models.URLField(blank=True)
    website = models.URLField(blank=True)
    links = models.JSONField(default=list, blank=True, help_text='Further links: [{"title": ..., "url": ...}].')
    contact_email = models.EmailField(blank=True, help_text="For the organizers; not public.")
    # The public booth content above is always the approved one; changes waiting for review are ExhibitorChange rows.
    logo = models.FileField(
        upload_to="exhibitor-logos/", blank=True, help_text="Re-encoded by events.services.uploads."
    )
    locked_fields = models.JSONField(
        default=list, blank=True, help_text='Fields the organizers locked, e.g. ["name"] for the printed guide.'
    )
    main_exhibitor = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="co_exhibitors",
        help_text="Set for a co-exhibitor: it shares the stand of this main exhibitor (a joint stand).",
    )
    pass_quota = models.PositiveIntegerField(
        null=True, blank=True, help_text="Exhibitor passes for this exhibitor; empty: by booth size."
    )
    # The identifier this row has in the system it was imported from (a schedule's GUID, a sales system's
    # customer number): importing the same file again finds the row by it. Unique per convention when set.
    external_id = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "slug"], name="unique_exhibitor_slug"),
            models.UniqueConstraint(
                fields=["convention", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_exhibitor_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Booth(models.Model):
    """Where an exhibitor stands: hall and booth number (e.g. Halle 25, stand 508)."""

    exhibitor = models.OneToOneField(Exhibitor, on_delete=models.CASCADE, related_name="booth")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="booths")
    number = models.CharField(max_length=20)
    size_sqm = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["hall__position", "number"]
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="unique_booth_number_per_hall")]

    def __str__(self) -> str:
        return f"{self.hall} {self.number}"


class ExhibitorMaterial(models.Model):
    """Downloadable or linked material an exhibitor offers at the booth."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=MaterialKind.choices, default=MaterialKind.LINK)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="exhibitor-materials/", blank=True)
    is_public = models.BooleanField(default=True)
    is_approved = models.BooleanField(default=True, help_text="With review, new material waits for an organizer.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ExhibitorStaffMember(models.Model):
    """A person working at an exhibitor's booth; staff accounts scan leads for their exhibitor only."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exhibitor_roles")
    is_manager = models.BooleanField(default=False, help_text="May edit booth content and manage staff.")
    # The exhibitor pass: a confirmed, unpaid registration of the convention's exhibitor pass ticket type.
    registration = models.OneToOneField(
        "events.Registration", on_delete=models.SET_NULL, null=True, blank=True, related_name="exhibitor_staff"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exhibitor", "user"], name="staff_once_per_exhibitor")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.exhibitor}"
