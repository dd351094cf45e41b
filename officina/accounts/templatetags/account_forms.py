"""Render form widgets with Bootstrap Italia classes; Django adds the ARIA attributes."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CHECK_INPUTS = frozenset({"checkbox", "radio"})


@register.filter
def is_check_input(field: forms.BoundField) -> bool:
    """True for check boxes and radio buttons, which Bootstrap Italia lays out differently."""
    return getattr(field.field.widget, "input_type", "") in _CHECK_INPUTS


@register.simple_tag
def bootstrap_widget(field: forms.BoundField) -> SafeString:
    """The field's widget with `form-control`/`form-check-input`, and `is-invalid` on errors.

    Django 5.2 already sets `aria-invalid` and points `aria-describedby` at
    `<id>_helptext` and `<id>_error`, the ids the field template gives those elements.
    """
    classes = [field.field.widget.attrs.get("class", "")]
    classes.append("form-check-input" if is_check_input(field) else "form-control")
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
