import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from web.public.programme import FORMAT_LABELS, LANGUAGE_LABELS, ProgrammePage


class ProgrammeFilterForm(forms.Form):
    """The GET filters of the programme page; every choice comes from the release shown."""

    view = forms.ChoiceField(
        label=_("View"), required=False, choices=[("grid", _("Grid")), ("list", _("List"))], initial="grid"
    )
    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=dt.date.fromisoformat, empty_value=None)
    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language of the session"), required=False)

    def __init__(self, data, *, page: ProgrammePage):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["day"].choices = every + [
            (day.isoformat(), f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT')}") for day in page.dates
        ]
        self.fields["track"].choices = every + [(str(track["id"]), track["name"]) for track in page.tracks]
        self.fields["format"].choices = every + list(FORMAT_LABELS.items())
        self.fields["language"].choices = every + list(LANGUAGE_LABELS.items())


class ExhibitorFilterForm(forms.Form):
    """The GET filters of the exhibitor directory: free text and hall."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    hall = forms.TypedChoiceField(label=_("Hall"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, halls: list[tuple[int, str]]):
        super().__init__(data)
        self.fields["hall"].choices = [("", _("All"))] + [(str(pk), name) for pk, name in halls]
