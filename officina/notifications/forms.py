"""The person's e-mail choices."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from officina.notifications.models import Notification, NotificationPreference

KIND_FIELDS = [str(kind) for kind in Notification.Kind.values]


class NotificationPreferenceForm(forms.ModelForm):  # type: ignore[type-arg]
    """One choice per kind, the language, and the quiet hours (both times or neither)."""

    class Meta:
        model = NotificationPreference
        fields = ["language", *KIND_FIELDS, "quiet_start", "quiet_end", "quiet_weekends"]
        widgets = {
            **dict.fromkeys(KIND_FIELDS, forms.RadioSelect),
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in KIND_FIELDS:
            self.fields[field].label = str(self.fields[field].label).capitalize()
        self.fields["language"].widget.attrs["class"] = "form-select"
        for field in ("quiet_start", "quiet_end"):
            self.fields[field].widget.attrs["class"] = "form-control"
            self.fields[field].help_text = _("For example 19:00 and 08:00 (across midnight).")
        self.fields["quiet_weekends"].widget.attrs["class"] = "form-check-input"
        self.fields["quiet_weekends"].label = _("No e-mail on Saturdays and Sundays")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(
                _("Give both the start and the end of the quiet hours, or neither.")
            )
        if start is not None and start == end:
            raise forms.ValidationError(_("The quiet hours must start and end at different times."))
        return cleaned
