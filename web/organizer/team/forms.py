from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import TeamRole
from events.models import Convention, Room, Track


class TrackChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Track) -> str:  # type: ignore[override]
        from django.utils import translation

        return obj.name_de if translation.get_language() == "de" else obj.name_en


class ScopeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    rooms = forms.ModelMultipleChoiceField(
        label=_("Rooms (programme curators)"),
        queryset=Room.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tracks = TrackChoices(
        label=_("Tracks (programme curators)"),
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rooms"].queryset = Room.objects.filter(convention=convention).order_by("position", "name")
        self.fields["tracks"].queryset = Track.objects.filter(convention=convention).order_by("position", "name_en")

    def clean(self):
        data = super().clean()
        if data.get("role") == TeamRole.CURATOR and not data.get("rooms") and not data.get("tracks"):
            self.add_error("rooms", _("A programme curator needs at least one room or track to curate."))
        return data


class InviteForm(ScopeForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("de", "Deutsch"), ("en", "English")], initial="de"
    )

    field_order = ["email", "role", "rooms", "tracks", "language"]
