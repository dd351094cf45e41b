"""Guard: every integer a person or a client sends is bounded before the database sees it.

SQLite raises OverflowError (a server error) beyond 64 bits and PostgreSQL a DataError beyond
its column: forms and API inputs refuse such numbers with a message instead (issue 8, point 6).
Forms and input serializers are found by importing every module of officina; a new one is
checked without touching this file.
"""

import importlib
import pkgutil
from collections.abc import Iterator

from django import forms
from rest_framework import serializers

import officina
from officina.common import forms as bounded_forms
from officina.common.forms import MAX_ID


def _import_everything() -> None:
    for module in pkgutil.walk_packages(officina.__path__, "officina."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)


def _subclasses(base: type) -> Iterator[type]:
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("officina.") and ".tests" not in cls.__module__


def _is_bounded(field: object) -> bool:
    max_value = getattr(field, "max_value", None)
    return max_value is not None and max_value <= MAX_ID


def test_every_integer_field_of_a_form_is_bounded():
    _import_everything()
    offences = []
    for form in filter(_ours, _subclasses(forms.Form)):
        for name, field in form.base_fields.items():  # type: ignore[attr-defined]
            if isinstance(field, forms.IntegerField) and not _is_bounded(field):
                offences.append(f"{form.__module__}.{form.__qualname__}.{name}")
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, bounded_forms.ModelChoiceField | bounded_forms.ModelMultipleChoiceField
            ):
                offences.append(f"{form.__module__}.{form.__qualname__}.{name} (choice)")
    assert offences == [], "Use officina.common.forms' fields:\n" + "\n".join(offences)


def test_every_integer_of_an_api_input_is_bounded():
    _import_everything()
    offences = []
    inputs = [
        serializer
        for serializer in filter(_ours, _subclasses(serializers.Serializer))
        # Inputs are named so (InputSerializer, FilterSerializer, CardFieldsSerializer);
        # the others only shape answers.
        if any(word in serializer.__qualname__ for word in ("Input", "Filter", "Fields"))
    ]
    assert len(inputs) > 10, "the guard finds the API's inputs"
    for serializer in inputs:
        for name, field in serializer._declared_fields.items():  # type: ignore[attr-defined]
            child = getattr(field, "child", None)
            for candidate in (field, child):
                if isinstance(candidate, serializers.IntegerField) and not _is_bounded(candidate):
                    offences.append(f"{serializer.__module__}.{serializer.__qualname__}.{name}")
    assert offences == [], "Use officina.common.api's IdField or BoundedIntegerField:\n" + (
        "\n".join(offences)
    )


def test_the_guard_sees_an_unbounded_field():
    class Careless(forms.Form):
        number = forms.IntegerField()

    assert not _is_bounded(Careless.base_fields["number"])
    assert _is_bounded(bounded_forms.IdField())
