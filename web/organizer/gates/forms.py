"""Forms of the organizers' operations pages. They check the shape of the input and offer only the convention's
own objects; the rules (days of the convention, capacity against the people inside, audiences) live in the
services, whose field errors the views put on these forms."""

import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events.enums import AnnouncementKind, AudiencePresence, Language, SessionFormat
from events.models import CheckinList, Convention, RegistrationStatus, Session, TicketType
from events.selectors.outbox import DISPLAY_STATUSES


def convention_days(convention: Convention) -> list[dt.date]:
    days, day = [], convention.start_date
    while day <= convention.end_date:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def day_label(day: dt.date) -> str:
    return f"{formats.date_format(day, 'l')}, {formats.date_format(day, 'DATE_FORMAT')}"


class TicketTypeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TicketType) -> str:
        from django.utils import translation

        return obj.name_in(translation.get_language() or "de")


def ticket_type_field(convention: Convention, *, label, help_text="") -> TicketTypeChoice:
    return TicketTypeChoice(
        label=label,
        queryset=TicketType.objects.filter(convention=convention).order_by("pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class CheckinListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    days = forms.MultipleChoiceField(
        label=_("Days admitted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every day of the convention."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text=_("Empty: no limit. With a capacity, scans are refused while the area is full."),
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [(day.isoformat(), day_label(day)) for day in convention_days(convention)]
        self.fields["ticket_types"] = ticket_type_field(
            convention, label=_("Ticket types admitted"), help_text=_("None ticked: every ticket type.")
        )
        self.order_fields(["name", "days", "ticket_types", "capacity"])


class CheckinListChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CheckinList) -> str:
        return obj.name


class GateDeviceForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the device"), max_length=100, help_text=_("For example: Entrance hub27, phone 3")
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkin_lists"] = CheckinListChoice(
            label=_("Check-in lists it scans on"),
            queryset=CheckinList.objects.filter(convention=convention).order_by("name", "pk"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one check-in list.")},
        )


class RefusedScanFilterForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    checkin_list = forms.ModelChoiceField(label=_("Check-in list"), queryset=CheckinList.objects.none(), required=False)

    def __init__(self, *args, convention: Convention, reasons: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", _("All reasons")), *reasons.items()]
        self.fields["checkin_list"].queryset = CheckinList.objects.filter(convention=convention).order_by("name")
        self.fields["checkin_list"].empty_label = _("All lists")


class PrintJobForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Registrations"),
        choices=[
            (RegistrationStatus.CONFIRMED, _("Confirmed")),
            (RegistrationStatus.PENDING_PAYMENT, _("Waiting for payment")),
        ],
        initial=RegistrationStatus.CONFIRMED,
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_types"] = ticket_type_field(
            convention, label=_("Ticket types"), help_text=_("None ticked: every ticket type.")
        )


class OutboxFilterForm(forms.Form):
    recipient = forms.EmailField(label=_("Recipient (e-mail address)"), required=False, max_length=254)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, kinds: dict[str, str], statuses: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds.items()]
        self.fields["status"].choices = [("", _("Every status")), *((s, statuses[s]) for s in DISPLAY_STATUSES)]


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:
        from django.utils import timezone, translation

        start = timezone.localtime(obj.start)
        when = f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {formats.time_format(start, 'H:i')}"
        return f"{obj.title_in(translation.get_language() or 'de')} ({when})"


class AnnouncementForm(forms.Form):
    """The text in German and English and the audience; every filter that is set must hold."""

    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect, initial=AnnouncementKind.OPERATIONAL)
    subject_de = forms.CharField(label=_("Subject (German)"), max_length=200, required=False)
    body_de = forms.CharField(label=_("Text (German)"), max_length=20_000, required=False, widget=forms.Textarea)
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    body_en = forms.CharField(label=_("Text (English)"), max_length=20_000, required=False, widget=forms.Textarea)
    day = forms.TypedChoiceField(
        label=_("Ticket valid on"), required=False, coerce=dt.date.fromisoformat, empty_value=None
    )
    presence = forms.ChoiceField(label=_("Checked in"), required=False)
    language = forms.ChoiceField(label=_("Language of the attendee"), required=False)

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (AnnouncementKind.OPERATIONAL, _("Operational: reaches everyone in the audience")),
            (AnnouncementKind.MARKETING, _("Marketing: only attendees with newsletter consent")),
        ]
        self.fields["ticket_types"] = ticket_type_field(
            convention, label=_("Ticket types"), help_text=_("None ticked: every ticket type.")
        )
        self.fields["day"].choices = [("", _("Any day"))] + [
            (day.isoformat(), day_label(day)) for day in convention_days(convention)
        ]
        self.fields["checkin_list"] = forms.ModelChoiceField(
            label=_("Check-in list"),
            queryset=CheckinList.objects.filter(convention=convention).order_by("name", "pk"),
            required=False,
            empty_label=_("No check-in filter"),
        )
        self.fields["presence"].choices = [
            (AudiencePresence.ANY, _("No check-in filter")),
            (AudiencePresence.INSIDE_NOW, _("Checked in there now")),
            (AudiencePresence.EVER, _("Checked in there at least once")),
        ]
        sessions = Session.objects.filter(convention=convention).order_by("start", "pk")
        self.fields["workshop"] = SessionChoice(
            label=_("Signed up for the workshop"),
            queryset=sessions.filter(format=SessionFormat.WORKSHOP),
            required=False,
            empty_label=_("Any or none"),
        )
        self.fields["bookmarked_session"] = SessionChoice(
            label=_("Has the session in their agenda"), queryset=sessions, required=False, empty_label=_("Any or none")
        )
        self.fields["language"].choices = [
            ("", _("Any language")),
            (Language.GERMAN, _("German")),
            (Language.ENGLISH, _("English")),
        ]
        self.order_fields(
            [
                "kind",
                "subject_de",
                "body_de",
                "subject_en",
                "body_en",
                "ticket_types",
                "day",
                "checkin_list",
                "presence",
                "workshop",
                "bookmarked_session",
                "language",
            ]
        )

    TEXT = ("kind", "subject_de", "body_de", "subject_en", "body_en")
    AUDIENCE = ("ticket_types", "day", "checkin_list", "presence", "workshop", "bookmarked_session", "language")


class SendAnnouncementForm(forms.Form):
    expected_recipients = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
