"""Form fields that refuse, with a message, numbers no database column can hold.

SQLite raises `OverflowError` (a server error) on an integer beyond 64 bits; PostgreSQL raises
a `DataError` on one beyond its column's type. Every integer a person or a client sends goes
through these, so bad input is a validation message, never a 500 (tests/test_bounded_inputs.py).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The largest id a database column holds (64-bit signed).
MAX_ID = 2**63 - 1
# The largest number other integer fields of the forms take (positions, limits, versions).
MAX_SMALL = 2**31 - 1


def is_id(value: Any) -> bool:
    """A positive whole number an id column can hold, given as int or digits."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return False
    return 0 < number <= MAX_ID


class IdField(forms.IntegerField):
    """An id: a whole number from 1 to the database's largest."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class BoundedIntegerField(forms.IntegerField):
    """A whole number that fits a database integer (default: 0 to 2^31 - 1)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_SMALL)
        super().__init__(**kwargs)


class ModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Django's, refusing an id out of range before the database sees it."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Django's, refusing an id out of range before the database sees it."""

    def clean(self, value: Any) -> Any:
        for item in value or ():
            if not is_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:30]},
                )
        return super().clean(value)


OUT_OF_RANGE = _("This number is out of range.")
