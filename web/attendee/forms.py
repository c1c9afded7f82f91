"""The registration form of the public pages: ticket choice, attendee data, the convention's questions, consents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.bilingual import field_in
from events.enums import QuestionKind
from events.models import Question, TicketType

QUESTION_PREFIX = "question_"


class RegistrationForm(forms.Form):
    """Field names follow ``register_attendee``'s arguments; questions become ``question_<identifier>`` fields."""

    ticket_type = forms.TypedChoiceField(
        label=_("Ticket"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a ticket."),
            "invalid_choice": _("This ticket is not available. Please choose another one."),
        },
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    voucher = forms.CharField(label=_("Voucher code (optional)"), max_length=40, required=False)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms and conditions and the privacy policy."),
        error_messages={"required": _("Please accept the terms and conditions to register.")},
    )
    share_contact_with_exhibitors = forms.BooleanField(
        label=_("Exhibitors whose staff scan my badge may receive my name, organization and e-mail address."),
        required=False,
    )
    newsletter = forms.BooleanField(label=_("Send me the convention's newsletter."), required=False)

    def __init__(self, *args, ticket_types: list[TicketType], questions: list[Question], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket_types = {ticket_type.pk: ticket_type for ticket_type in ticket_types}
        self.fields["ticket_type"].choices = [
            (ticket_type.pk, ticket_type.name_in(language))
            for ticket_type in ticket_types
            if not is_sold_out(ticket_type)
        ]
        if len(self.fields["ticket_type"].choices) == 1:
            self.fields["ticket_type"].initial = self.fields["ticket_type"].choices[0][0]
        self.questions = questions
        for question in questions:
            self.fields[QUESTION_PREFIX + question.identifier] = _question_field(question, language)
        # Order: ticket, person, questions, voucher, consents.
        order = ["ticket_type", "first_name", "last_name", "email", "organization", "job_title"]
        order += [QUESTION_PREFIX + question.identifier for question in questions]
        order += ["voucher", "accept_terms", "share_contact_with_exhibitors", "newsletter"]
        self.order_fields(order)

    def answers(self) -> dict[str, object]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(QUESTION_PREFIX + question.identifier)
            if question.kind == QuestionKind.BOOLEAN:
                answers[question.identifier] = bool(value)
            elif value not in (None, ""):
                answers[question.identifier] = value
        return answers

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("first_name", "last_name", "email", "organization", "job_title")]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[QUESTION_PREFIX + question.identifier] for question in self.questions]


def is_sold_out(ticket_type: TicketType) -> bool:
    return ticket_type.quota is not None and ticket_type.quota_used >= ticket_type.quota


def _question_field(question: Question, language: str) -> forms.Field:
    label = field_in(question, "label", language)
    if question.kind == QuestionKind.BOOLEAN:
        return forms.BooleanField(label=label, required=question.required)
    if question.kind == QuestionKind.CHOICE:
        choices = [(choice, choice) for choice in question.choices]
        if not question.required:
            choices = [("", _("No answer")), *choices]
        return forms.ChoiceField(label=label, required=question.required, choices=choices)
    return forms.CharField(label=label, required=question.required, max_length=1000)


class WithdrawConsentForm(forms.Form):
    consent = forms.ChoiceField(choices=[("share_contact", "share_contact"), ("newsletter", "newsletter")])
