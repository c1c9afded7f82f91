from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import SpeakerState

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(SpeakerState.CONFIRMED, _("I take part")), (SpeakerState.DECLINED, _("I cannot take part"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the organizers (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    bio_de = forms.CharField(label=_("Biography (German)"), max_length=5000, required=False, widget=forms.Textarea)
    bio_en = forms.CharField(label=_("Biography (English)"), max_length=5000, required=False, widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Language of our e-mails"), choices=[("de", "Deutsch"), ("en", "English")])
    photo = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP)"),
        required=False,
        help_text=_("Shown with your profile; we make it at most 800 pixels wide or high."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)


class UnavailabilityForm(forms.Form):
    start = forms.DateTimeField(
        label=_("From"), input_formats=[DATETIME_INPUT], widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Until"), input_formats=[DATETIME_INPUT], widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File (PDF or image)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )
    url = forms.URLField(label=_("…or a link"), required=False, max_length=200, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Upload a file or enter a link (one of the two)."))
        return data
