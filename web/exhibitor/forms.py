"""Forms of the exhibitor portal. They validate the shape of the input; the rules live in the services."""

import datetime as dt

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from events.enums import QuestionKind

MAX_LINKS = 10


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    password = forms.CharField(
        label=_("Password (optional)"),
        required=False,
        min_length=10,
        max_length=128,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Without a password you sign in with a link sent to your e-mail address."),
    )
    accept_terms = forms.BooleanField(label=_("I accept the convention's terms and conditions."))


class ProfileForm(forms.Form):
    """The booth content. Locked fields are shown disabled; the service refuses them whatever is posted."""

    name = forms.CharField(label=_("Name"), max_length=200)
    profile_de = forms.CharField(label=_("Profile (German)"), required=False, max_length=5000, widget=forms.Textarea)
    profile_en = forms.CharField(label=_("Profile (English)"), required=False, max_length=5000, widget=forms.Textarea)
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact e-mail for the organizers"), required=False)
    links = forms.CharField(
        label=_("Further links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One link a line: title | https://…"),
    )
    logo = forms.FileField(label=_("Logo (PNG, JPEG or WebP)"), required=False)

    def __init__(self, *args, locked: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = set(locked)
        for name in self.locked & set(self.fields):
            self.fields[name].disabled = True

    def clean_links(self) -> list[dict[str, str]]:
        value = self.cleaned_data["links"]
        if isinstance(value, list):  # a disabled field keeps its initial value
            return value
        links = []
        for line in value.splitlines():
            if not line.strip():
                continue
            title, separator, url = line.rpartition("|")
            if not separator:
                title, url = "", title
            url = url.strip()
            try:
                URLValidator(schemes=["http", "https"])(url)
            except forms.ValidationError as error:
                raise forms.ValidationError(_("Not a web address: %(url)s") % {"url": url}) from error
            links.append({"title": title.strip()[:100] or url, "url": url})
        if len(links) > MAX_LINKS:
            raise forms.ValidationError(_("At most %(count)s links.") % {"count": MAX_LINKS})
        return links


def links_as_text(links: list[dict[str, str]]) -> str:
    return "\n".join(f"{link.get('title', '')} | {link.get('url', '')}" for link in links or [])


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF or image)"), required=False)
    url = forms.URLField(label=_("…or a link"), required=False, max_length=200, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Upload a file or enter a link (one of the two)."))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=[("de", "Deutsch"), ("en", "English")])
    is_manager = forms.BooleanField(label=_("Manager (may change content and staff)"), required=False)


class CoExhibitorForm(forms.Form):
    name = forms.CharField(label=_("Name of the co-exhibitor"), max_length=200)
    slug = forms.SlugField(label=_("Short name in the address"), max_length=100)
    email = forms.EmailField(label=_("E-mail address of its manager"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=[("de", "Deutsch"), ("en", "English")])


class PartnerInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of its manager"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=[("de", "Deutsch"), ("en", "English")])


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("Name of the device"), max_length=100)


class LeadFilterForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any"))] + [(str(n), str(n)) for n in range(6)],
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    scanned_by = forms.ChoiceField(label=_("Scanned by"), required=False)

    def __init__(self, *args, days=(), tags=(), scanners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"] = forms.TypedChoiceField(
            label=_("Day"),
            required=False,
            coerce=dt.date.fromisoformat,
            empty_value=None,
            choices=[("", _("any"))] + [(day.isoformat(), day.isoformat()) for day in days],
        )
        self.fields["tag"].choices = [("", _("any"))] + [(tag, tag) for tag in tags]
        self.fields["scanned_by"].choices = [("", _("anyone")), *scanners]


class LeadForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea)
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–")] + [(str(n), str(n)) for n in range(6)],
    )
    tags = forms.CharField(label=_("Tags (comma-separated)"), required=False, max_length=1000)

    def __init__(self, *args, questions=(), language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            label = question.label_in(language)
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label, required=False, choices=[("", "–")] + [(c, c) for c in question.choices]
                )
            elif question.kind == QuestionKind.BOOLEAN:
                field = forms.ChoiceField(
                    label=label, required=False, choices=[("", "–"), ("yes", _("yes")), ("no", _("no"))]
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=500)
            self.fields[f"answer_{question.identifier}"] = field

    def answers(self) -> dict[str, str]:
        return {q.identifier: self.cleaned_data.get(f"answer_{q.identifier}") or "" for q in self.questions}

    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class LeadQuestionForm(forms.Form):
    identifier = forms.SlugField(label=_("Key (for the export)"), max_length=50)
    label_de = forms.CharField(label=_("Question (German)"), max_length=300)
    label_en = forms.CharField(label=_("Question (English)"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=[
            (QuestionKind.TEXT, _("Text")),
            (QuestionKind.CHOICE, _("Choice")),
            (QuestionKind.BOOLEAN, _("Yes/no")),
        ],
    )
    choices = forms.CharField(label=_("Choices (comma-separated)"), required=False, max_length=1000)

    def choice_list(self) -> list[str]:
        return [choice.strip() for choice in self.cleaned_data["choices"].split(",") if choice.strip()]


class TalkProposalForm(forms.Form):
    title_de = forms.CharField(label=_("Title (German)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    abstract_de = forms.CharField(label=_("Abstract (German)"), required=False, widget=forms.Textarea, max_length=3000)
    abstract_en = forms.CharField(label=_("Abstract (English)"), required=False, widget=forms.Textarea, max_length=3000)
    speaker_names = forms.CharField(label=_("Speakers"), max_length=300, required=False)
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=5, max_value=120, initial=20)

    def clean(self):
        data = super().clean()
        if not (data.get("title_de") or data.get("title_en")):
            raise forms.ValidationError(_("Give the talk a title in at least one language."))
        return data
