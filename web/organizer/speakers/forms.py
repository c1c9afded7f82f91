from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.enums import SessionStatus, SpeakerRole
from events.models import Convention, Session, Speaker


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:  # type: ignore[override]
        return obj.title_in(translation.get_language())


class AddSpeakerForm(forms.Form):
    """Put an existing speaker, or a new one (name and e-mail address), on a session in a role."""

    session = SessionChoice(label=_("Session"), queryset=Session.objects.none(), empty_label="—")
    speaker = forms.ModelChoiceField(
        label=_("Speaker"), queryset=Speaker.objects.none(), required=False, empty_label=_("— a new speaker —")
    )
    name = forms.CharField(label=_("Name of the new speaker"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address of the new speaker"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("de", "Deutsch"), ("en", "English")], initial="de"
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (SpeakerRole.SPEAKER, _("Speaker")),
            (SpeakerRole.MODERATOR, _("Moderator")),
            (SpeakerRole.PANELIST, _("Panelist")),
        ],
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.filter(convention=convention)
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("start", "title_en", "pk")
        )
        self.fields["speaker"].queryset = Speaker.objects.filter(convention=convention).order_by("name", "pk")

    def clean(self):
        data = super().clean()
        if not data.get("speaker") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a speaker or enter the name of a new one."))
        return data
