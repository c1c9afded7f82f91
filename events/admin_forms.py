"""Readable admin widgets for the JSON fields of Messe's models.

Nobody types JSON by hand in the admin: lists of words or dates are edited one per line, fixed choices are
checkboxes, and JSON that only the services write (release snapshots, changelogs, warnings, answers, print
filters) is shown as rendered lists (``events.admin_display``). ``tests/events/test_admin_json_fields.py`` walks
every registered model admin and fails when a raw JSON field appears again.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from api.serializers.ticketing import DOMAIN
from events.enums import Language
from events.errors import DomainError
from events.models import CheckinList, Convention, Exhibitor, Question, Session, TicketType
from events.services.booth_content import FIELD_LABELS, LOCKABLE_FIELDS


class LinesField(forms.CharField):
    """A list of strings, edited one per line; empty lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(self.line_of(item) for item in value)
        return value

    def line_of(self, item: Any) -> str:
        return str(item)

    def to_python(self, value: Any) -> list[Any]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        items, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                items.append(self.item_of(line))
            except ValidationError as error:
                errors.append(
                    ValidationError(
                        _("Line %(number)s: %(error)s"), params={"number": number, "error": " ".join(error.messages)}
                    )
                )
        if errors:
            raise ValidationError(errors)
        return items

    def item_of(self, line: str) -> Any:
        return line


class DateLinesField(LinesField):
    """Days, one per line as 2025-09-30 or 30.09.2025; stored as sorted ISO dates."""

    def item_of(self, line: str) -> str:
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(line, pattern).date().isoformat()
            except ValueError:
                continue
        raise ValidationError(_("“%(value)s” is not a date (2025-09-30 or 30.09.2025)."), params={"value": line})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return sorted(set(super().to_python(value)))


class DomainLinesField(LinesField):
    def item_of(self, line: str) -> str:
        domain = line.lower().lstrip("@")
        if not DOMAIN.match(domain):
            raise ValidationError(_("“%(value)s” is not a domain such as berlin.de."), params={"value": line})
        return domain


class LinkLinesField(LinesField):
    """Links as ``Title | https://…`` per line (a bare URL is its own title)."""

    def line_of(self, item: Any) -> str:
        if isinstance(item, dict):
            title, url = str(item.get("title") or ""), str(item.get("url") or "")
            return f"{title} | {url}" if title and title != url else url
        return str(item)

    def item_of(self, line: str) -> dict[str, str]:
        title, _bar, url = line.rpartition("|")
        url = url.strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(_("“%(value)s” is not a web address (https://…)."), params={"value": url}) from None
        return {"title": title.strip() or url, "url": url}


def _days_of(convention: Convention | None, days: list[str]) -> list[str]:
    if convention is None:
        return days
    outside = [day for day in days if not convention.start_date.isoformat() <= day <= convention.end_date.isoformat()]
    if outside:
        raise ValidationError(
            _("%(day)s is not a day of the convention (%(start)s to %(end)s)."),
            params={"day": outside[0], "start": convention.start_date, "end": convention.end_date},
        )
    return days


class ConventionAdminForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        choices=Language.choices, widget=forms.CheckboxSelectMultiple, help_text=_("Languages offered.")
    )

    class Meta:
        model = Convention
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields shown)

    def clean_languages(self) -> list[str]:
        chosen = self.cleaned_data["languages"]
        return [code for code, _label in Language.choices if code in chosen]


class TicketTypeAdminForm(forms.ModelForm):
    valid_days = DateLinesField(
        label=_("Valid days"), help_text=_("One day per line (2025-09-30); empty means every day of the convention.")
    )
    allowed_email_domains = DomainLinesField(
        label=_("Allowed e-mail domains"),
        help_text=_("One domain per line, e.g. berlin.de; empty means anyone may register."),
    )

    class Meta:
        model = TicketType
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields shown)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "valid_days" in cleaned and cleaned.get("convention"):
            try:
                cleaned["valid_days"] = _days_of(cleaned["convention"], cleaned["valid_days"])
            except ValidationError as error:
                self.add_error("valid_days", error)
        return cleaned


class CheckinListAdminForm(forms.ModelForm):
    days = DateLinesField(
        label=_("Days"), help_text=_("One day per line (2025-09-30); empty means every day of the convention.")
    )

    class Meta:
        model = CheckinList
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields shown)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "days" in cleaned and cleaned.get("convention"):
            try:
                cleaned["days"] = _days_of(cleaned["convention"], cleaned["days"])
            except ValidationError as error:
                self.add_error("days", error)
        return cleaned


class QuestionAdminForm(forms.ModelForm):
    choices = LinesField(label=_("Choices"), help_text=_("For choice questions: one allowed answer per line."))

    class Meta:
        model = Question
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields shown)


class ExhibitorAdminForm(forms.ModelForm):
    links = LinkLinesField(
        label=_("Further links"),
        help_text=_("One link per line: “Title | https://…” (a bare address is its own title)."),
    )
    locked_fields = forms.MultipleChoiceField(
        label=_("Locked fields"),
        choices=[(field, FIELD_LABELS[field]) for field in LOCKABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Fields the exhibitor cannot change (e.g. the name for the printed guide)."),
    )

    class Meta:
        model = Exhibitor
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields shown)

    def clean_locked_fields(self) -> list[str]:
        chosen = self.cleaned_data["locked_fields"]
        return [field for field in LOCKABLE_FIELDS if field in chosen]


# Which field a refusal of the scheduling service belongs to on the session form.
REFUSAL_FIELDS = {"room_clash": "room", "outside_opening_hours": "start", "invalid_time_range": "end"}


class SessionAdminForm(forms.ModelForm):
    """The admin's session form. Saving goes through ``events.services.schedule`` (``SessionAdmin``); when the
    service refuses, the admin shows this form again with ``refusal`` set, and the refusal is a form error.

    ``loaded_version`` is the session version the form was loaded with, as on the board and in the session editor:
    when someone saved the session since, the service refuses the edit (``stale_edit``) instead of overwriting
    theirs. (The model's ``version`` is not editable, so the form's field has a name of its own.)
    """

    refusal: DomainError | None = None
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Session
        fields = "__all__"  # noqa: DJ007  (the ModelAdmin chooses the fields shown)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.refusal is not None:
            field = REFUSAL_FIELDS.get(self.refusal.code)
            if field is None and self.refusal.fields:
                field = next(iter(self.refusal.fields))
            self.add_error(field if field in self.fields else None, str(self.refusal.message))
        return cleaned
