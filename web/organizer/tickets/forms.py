"""Forms of the organizer's ticket and registration pages. They check the shape of the input and say what is wrong
next to the field; the rules that need the database (quota below the seats taken, codes in use) live in
``events.services.ticketing`` and come back as field errors through ``web.organizer.tickets.views.fail``."""

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.enums import Language, QuestionKind, VoucherKind
from events.models import CheckinList, Convention, RegistrationStatus, TicketType

# A domain as typed into the rule: labels of letters, digits and hyphens, at least one dot (berlin.de, bund.de).
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
MAX_DOMAINS = 200
IDENTIFIER = re.compile(r"^[a-z0-9_-]+$")

VOUCHER_KINDS = [
    (VoucherKind.FREE, _("Free ticket")),
    (VoucherKind.PERCENT, _("Percentage discount")),
    (VoucherKind.AMOUNT, _("Fixed discount (EUR)")),
]
QUESTION_KINDS = [
    (QuestionKind.TEXT, _("Text")),
    (QuestionKind.CHOICE, _("Choice from a list")),
    (QuestionKind.BOOLEAN, _("Yes/no")),
]
STATUSES = [
    ("", _("Any status")),
    (RegistrationStatus.CONFIRMED, pgettext_lazy("registration status", "Confirmed")),
    (RegistrationStatus.PENDING_PAYMENT, pgettext_lazy("registration status", "Waiting for payment")),
    (RegistrationStatus.CANCELLED, pgettext_lazy("registration status", "Cancelled")),
    (RegistrationStatus.EXPIRED, pgettext_lazy("registration status", "Expired")),
]
LANGUAGES = [(Language.GERMAN, "Deutsch"), (Language.ENGLISH, "English")]


class TicketTypeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TicketType) -> str:
        return obj.name_in(translation.get_language() or "de")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; values are read and shown in the convention's time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def convention_days(convention: Convention) -> list[dt.date]:
    days, day = [], convention.start_date
    while day <= convention.end_date:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def day_choices(convention: Convention) -> list[tuple[str, str]]:
    return [(day.isoformat(), formats.date_format(day, "l, j. F Y")) for day in convention_days(convention)]


class TicketTypeForm(forms.Form):
    name_de = forms.CharField(label=_("Name (German)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    description_de = forms.CharField(
        label=_("Description (German)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    price = forms.DecimalField(
        label=_("Price (EUR)"),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0.00"),
        localize=True,
        help_text=_("0 for a free ticket."),
    )
    valid_days = forms.MultipleChoiceField(
        label=_("Valid on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("No day ticked: valid on every day of the convention."),
    )
    quota = forms.IntegerField(
        label=_("Quota"), required=False, min_value=1, max_value=10_000_000, help_text=_("Empty: unlimited.")
    )
    sale_starts_at = forms.DateTimeField(label=_("Sale starts"), required=False, widget=DateTimeInput())
    sale_ends_at = forms.DateTimeField(label=_("Sale ends"), required=False, widget=DateTimeInput())
    allowed_email_domains = forms.CharField(
        label=_("Only e-mail addresses of these domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One domain a line, e.g. berlin.de; subdomains are included. Empty: anyone may register."),
    )
    checkin_lists = forms.ModelMultipleChoiceField(
        label=_("Admitted at these check-in lists"),
        queryset=CheckinList.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Lists that admit every ticket type admit this one too and are not shown here."),
    )
    max_per_order = forms.IntegerField(
        label=_("At most per e-mail address"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How many active registrations of this ticket type one e-mail address may hold."),
    )
    refund_deadline = forms.DateTimeField(
        label=_("Refunds until"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty: until the convention's first day begins."),
    )
    is_active = forms.BooleanField(label=_("On sale (active)"), required=False, initial=True)

    def __init__(self, *args, convention: Convention, restricted_lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.fields["valid_days"].choices = day_choices(convention)
        self.fields["checkin_lists"].queryset = restricted_lists
        if not restricted_lists:
            del self.fields["checkin_lists"]

    def clean_allowed_email_domains(self) -> list[str]:
        raw = self.cleaned_data["allowed_email_domains"]
        domains: list[str] = []
        wrong: list[str] = []
        for item in re.split(r"[\n,;]+", raw):
            domain = item.strip().lower().lstrip("@").rstrip(".")
            if not domain:
                continue
            if not DOMAIN.match(domain):
                wrong.append(item.strip()[:80])
            elif domain not in domains:
                domains.append(domain)
        if wrong:
            raise forms.ValidationError(
                _("Not a domain: %(domains)s. Write domains such as berlin.de, one a line."),
                params={"domains": ", ".join(wrong[:5])},
            )
        if len(domains) > MAX_DOMAINS:
            raise forms.ValidationError(_("At most %(count)d domains."), params={"count": MAX_DOMAINS})
        return domains

    def clean(self):
        data = super().clean()
        starts, ends = data.get("sale_starts_at"), data.get("sale_ends_at")
        if starts and ends and ends <= starts:
            self.add_error("sale_ends_at", _("The sale must end after it starts."))
        return data

    def service_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "name_de": data["name_de"].strip(),
            "name_en": data["name_en"].strip(),
            "description_de": data["description_de"],
            "description_en": data["description_en"],
            "price": data["price"],
            "valid_days": sorted(data["valid_days"]),
            "quota": data["quota"],
            "sale_starts_at": data["sale_starts_at"],
            "sale_ends_at": data["sale_ends_at"],
            "allowed_email_domains": data["allowed_email_domains"],
            "max_per_order": data["max_per_order"],
            "refund_deadline": data["refund_deadline"],
            "is_active": data["is_active"],
        }

    @staticmethod
    def initial_for(ticket_type: TicketType, admitting: list[CheckinList]) -> dict[str, object]:
        return {
            "name_de": ticket_type.name_de,
            "name_en": ticket_type.name_en,
            "description_de": ticket_type.description_de,
            "description_en": ticket_type.description_en,
            "price": ticket_type.price,
            "valid_days": list(ticket_type.valid_days),
            "quota": ticket_type.quota,
            "sale_starts_at": ticket_type.sale_starts_at,
            "sale_ends_at": ticket_type.sale_ends_at,
            "allowed_email_domains": "\n".join(ticket_type.allowed_email_domains),
            "checkin_lists": [item.pk for item in admitting],
            "max_per_order": ticket_type.max_per_order,
            "refund_deadline": ticket_type.refund_deadline,
            "is_active": ticket_type.is_active,
        }


class VoucherBatchForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=1000, initial=10)
    prefix = forms.CharField(
        label=_("Code prefix"),
        required=False,
        max_length=20,
        help_text=_("Letters and digits, e.g. PRESS: codes look like PRESS-7KQ2M9XA."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=VOUCHER_KINDS, initial=VoucherKind.FREE)
    value = forms.DecimalField(
        label=_("Discount"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        help_text=_("Percent for a percentage discount, euros for a fixed discount; not used for free tickets."),
    )
    usage_limit = forms.IntegerField(
        label=_("Uses per code"),
        required=False,
        min_value=1,
        max_value=100_000,
        initial=1,
        help_text=_("Empty: unlimited."),
    )
    valid_until = forms.DateTimeField(label=_("Valid until"), required=False, widget=DateTimeInput())
    ticket_types = TicketTypeChoices(
        label=_("For these ticket types"),
        queryset=TicketType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every ticket type."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=200, help_text=_("e.g. who receives the codes.")
    )

    def __init__(self, *args, ticket_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_types"].queryset = ticket_types

    def clean_prefix(self) -> str:
        prefix = self.cleaned_data["prefix"].strip().upper()
        if prefix and not re.fullmatch(r"[A-Z0-9_]+", prefix):
            raise forms.ValidationError(_("Letters, digits and _ only."))
        return prefix

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if kind in (VoucherKind.PERCENT, VoucherKind.AMOUNT) and not value:
            self.add_error("value", _("Enter the discount."))
        if kind == VoucherKind.PERCENT and value and value > 100:
            self.add_error("value", _("At most 100 percent."))
        return data

    def service_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "count": data["count"],
            "prefix": data["prefix"],
            "ticket_types": list(data["ticket_types"]),
            "kind": data["kind"],
            "value": data["value"] or Decimal("0"),
            "usage_limit": data["usage_limit"],
            "valid_until": data["valid_until"],
            "comment": data["comment"].strip(),
        }


class QuestionForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=50,
        help_text=_("Lower-case letters, digits, - and _; the column name in the CSV export, e.g. sector."),
    )
    label_de = forms.CharField(label=_("Question (German)"), max_length=300)
    label_en = forms.CharField(label=_("Question (English)"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QUESTION_KINDS, initial=QuestionKind.TEXT)
    choices = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice from a list: one answer a line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean_identifier(self) -> str:
        identifier = self.cleaned_data["identifier"].strip()
        if not IDENTIFIER.match(identifier):
            raise forms.ValidationError(_("Lower-case letters, digits, - and _ only."))
        return identifier

    def clean_choices(self) -> list[str]:
        choices: list[str] = []
        for line in self.cleaned_data["choices"].splitlines():
            if line.strip() and line.strip() not in choices:
                choices.append(line.strip()[:200])
        return choices

    def clean(self):
        data = super().clean()
        if data.get("kind") == QuestionKind.CHOICE and len(data.get("choices") or []) < 2:
            self.add_error("choices", _("Give at least two answers to choose from."))
        if data.get("kind") != QuestionKind.CHOICE:
            data["choices"] = []
        return data


class RegistrationFilterForm(forms.Form):
    """The list's search and filters (GET). Invalid values are field errors; the list then shows nothing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    ticket_type = forms.TypedChoiceField(label=_("Ticket type"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        choices=[("", _("Either")), ("yes", _("Checked in")), ("no", _("Never checked in"))],
        required=False,
    )
    day = forms.ChoiceField(label=_("Valid on"), required=False)
    cursor = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        language = translation.get_language() or "de"
        ticket_types = TicketType.objects.filter(convention=convention).order_by("position", "pk")
        self.fields["ticket_type"].choices = [
            ("", _("Any ticket type")),
            *((ticket_type.pk, ticket_type.name_in(language)) for ticket_type in ticket_types),
        ]
        self.fields["day"].choices = [("", _("Any day")), *day_choices(convention)]

    def selector_arguments(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "search": data.get("q", ""),
            "ticket_type_id": data.get("ticket_type"),
            "status": data.get("status") or None,
            "checked_in": {"yes": True, "no": False}.get(data.get("checked_in", "")),
            "day": dt.date.fromisoformat(data["day"]) if data.get("day") else None,
        }


class AttendeeDetailsForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=LANGUAGES)

    def clean(self):
        data = super().clean()
        for name in ("first_name", "last_name"):
            if name in data and not data[name].strip():
                self.add_error(name, _("This field is required."))
        return data


class EraseForm(forms.Form):
    confirm_code = forms.CharField(label=_("Type the registration code to confirm"), max_length=12)

    def __init__(self, *args, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code

    def clean_confirm_code(self) -> str:
        typed = self.cleaned_data["confirm_code"].strip().upper()
        if typed != self.code:
            raise forms.ValidationError(_("This is not the code of this registration."))
        return typed
