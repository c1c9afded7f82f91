"""Forms of the organizers' exhibitor pages. They check the input's shape; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Convention, Exhibitor, Hall, Room
from events.services import booth_content

LANGUAGES = [("de", "Deutsch"), ("en", "English")]


class ExhibitorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in the address"), max_length=100, help_text=_("Letters, digits and hyphens, e.g. govtech")
    )
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none(), required=False)
    booth_number = forms.CharField(label=_("Stand number"), max_length=20, required=False)
    size_sqm = forms.DecimalField(
        label=_("Stand size in m²"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    main_exhibitor = forms.ModelChoiceField(
        label=_("Co-exhibitor on the stand of"),
        queryset=Exhibitor.objects.none(),
        required=False,
        help_text=_("For a joint stand: the main exhibitor. A co-exhibitor has no stand of its own."),
    )
    pass_quota = forms.IntegerField(
        label=_("Exhibitor passes"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_("Leave empty: by stand size."),
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    profile_de = forms.CharField(label=_("Profile (German)"), required=False, max_length=5000, widget=forms.Textarea)
    profile_en = forms.CharField(label=_("Profile (English)"), required=False, max_length=5000, widget=forms.Textarea)
    locked_fields = forms.MultipleChoiceField(
        label=_("Locked for the exhibitor"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, booth_content.FIELD_LABELS[name]) for name in booth_content.LOCKABLE_FIELDS],
        help_text=_("The exhibitor's managers cannot change these, e.g. the name printed in the guide."),
    )

    def __init__(self, *args, convention: Convention, exhibitor: Exhibitor | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(convention=convention)
        mains = Exhibitor.objects.filter(convention=convention, main_exhibitor=None)
        if exhibitor is not None:
            mains = mains.exclude(pk=exhibitor.pk)
        self.fields["main_exhibitor"].queryset = mains.order_by("name")


class InviteManagerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the manager"))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=LANGUAGES)


class ReviewSettingForm(forms.Form):
    reviewed = forms.TypedChoiceField(
        label=_("Exhibitors' changes to their booth content"),
        coerce=lambda value: value == "review",
        choices=[("live", _("go live at once")), ("review", _("go live after an organizer's review"))],
        widget=forms.RadioSelect,
    )


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note to the exhibitor"), required=False, max_length=1000, widget=forms.Textarea)


class TalkDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    start = forms.DateTimeField(
        label=_("Start"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept":
            if not data.get("room"):
                self.add_error("room", _("Choose the room of the talk."))
            if not data.get("start"):
                self.add_error("start", _("Enter the start of the talk."))
        return data
