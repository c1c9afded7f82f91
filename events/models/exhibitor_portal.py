"""What exhibitors maintain themselves: invitations to their portal, the history and review of their booth
content, the qualifier questions of their leads and booth talk proposals."""

from django.conf import settings
from django.db import models

from events.enums import ExhibitorChangeStatus, Language, QuestionKind, TalkProposalStatus
from events.models.exhibitors import Exhibitor, ExhibitorMaterial
from events.models.programme import Session


class ExhibitorInvitation(models.Model):
    """An invitation by e-mail to join an exhibitor's staff, as manager or as staff member.

    Only the SHA-256 of the link's token is stored. Accepting it once (before ``expires_at``) creates or finds
    the account with that e-mail address, adds it to the staff and signs it in.
    """

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    is_manager = models.BooleanField(default=False)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.GERMAN)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.exhibitor}"


class ExhibitorChange(models.Model):
    """One change of an exhibitor's booth content: the change history, and with review the queue.

    ``changes`` maps field names to the new values and ``previous`` to the values they replaced (set when the
    change went live). A change of material points at the material (added, waiting for approval, or removed).
    """

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="content_changes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=dict)
    previous = models.JSONField(default=dict, blank=True)
    material = models.ForeignKey(
        ExhibitorMaterial, on_delete=models.SET_NULL, null=True, blank=True, related_name="content_changes"
    )
    status = models.CharField(max_length=20, choices=ExhibitorChangeStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="The reviewer's note to the exhibitor (approve or reject).")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["exhibitor", "status"])]

    def __str__(self) -> str:
        return f"change {self.pk} of {self.exhibitor_id} ({self.status})"


class LeadQuestion(models.Model):
    """A qualifier question an exhibitor asks about its leads; answers live in ``Lead.answers`` by identifier."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="lead_questions")
    identifier = models.SlugField(max_length=50)
    label_de = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibitor", "identifier"], name="unique_lead_question_identifier")
        ]

    def __str__(self) -> str:
        return self.identifier

    def label_in(self, language: str) -> str:
        return self.label_de if language == Language.GERMAN else self.label_en


class BoothTalkProposal(models.Model):
    """A talk an exhibitor proposes for the booth stage; accepting it puts a session into the programme."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="talk_proposals")
    title_de = models.CharField(max_length=300, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    abstract_de = models.TextField(blank=True)
    abstract_en = models.TextField(blank=True)
    speaker_names = models.CharField(max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=20)
    preferred_start = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=TalkProposalStatus.choices, default=TalkProposalStatus.PROPOSED)
    session = models.OneToOneField(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="booth_talk_proposal"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title_en or self.title_de

    def title_in(self, language: str) -> str:
        if language == Language.GERMAN:
            return self.title_de or self.title_en
        return self.title_en or self.title_de
