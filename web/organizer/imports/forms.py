from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import ImportKind, TicketType

KIND_LABELS = {
    ImportKind.PROGRAMME: _("Whole programme (schedule.json or schedule.xml from pretalx or frab)"),
    ImportKind.EXHIBITORS: _("Exhibitors (CSV or XLSX)"),
    ImportKind.SPEAKERS: _("Speakers (CSV or XLSX)"),
    ImportKind.SESSIONS: _("Sessions (CSV or XLSX)"),
    ImportKind.REGISTRATIONS: _("Pre-registered guests (CSV or XLSX)"),
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV, XLSX, schedule.json or schedule.xml, at most 10 MB. Nothing is imported before you confirm."),
    )
    invite_managers = forms.BooleanField(
        label=_("Invite each exhibitor's manager (column manager_email) by e-mail"), required=False
    )
    invite_speakers = forms.BooleanField(label=_("Invite the speakers of imported sessions by e-mail"), required=False)
    ticket_type = forms.ChoiceField(label=_("Ticket type of guests whose row names none"), required=False)

    def __init__(self, *args, convention, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ticket_types = TicketType.objects.filter(convention=convention)
        self.fields["ticket_type"].choices = [("", "—")] + [(t.name_en, t.name_en) for t in ticket_types]


class ConfirmForm(forms.Form):
    skip_refused = forms.BooleanField(label=_("Import the other rows and leave out the refused ones"), required=False)
