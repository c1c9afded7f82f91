from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedbackForm(forms.Form):
    """Feedback on barriers (BITV 2.0 § 7): what was hard to use, and where."""

    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Please enter your e-mail address so that the organizer can answer you."),
            "invalid": _("Please enter a valid e-mail address."),
        },
    )
    page = forms.CharField(label=_("Page or content concerned (optional)"), max_length=500, required=False)
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please describe the barrier you came across.")},
    )
