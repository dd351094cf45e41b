"""Admin of the boards app: the organisation's board templates only (the work stays on boards)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from officina.boards.exceptions import BoardRuleError
from officina.boards.models import BoardTemplate
from officina.boards.services.boards import validate_template_structure
from officina.common.admin import TenantAdminForm, TenantScopedAdmin


class BoardTemplateForm(TenantAdminForm):
    class Meta:
        model = BoardTemplate
        fields = ("organisation", "name", "description", "structure", "position")

    def clean_structure(self) -> Any:
        structure = self.cleaned_data["structure"]
        try:
            validate_template_structure(structure)
        except BoardRuleError as error:
            raise ValidationError(error.messages) from error
        return structure


@admin.register(BoardTemplate)
class BoardTemplateAdmin(TenantScopedAdmin):
    """IT administrators add their organisation's templates; the built-in ones (no organisation)
    are maintained by the installation's staff only."""

    form = BoardTemplateForm
    list_display = ("name", "organisation", "position")
    search_fields = ("name",)
    list_select_related = ("organisation",)

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:  # type: ignore[type-arg]
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.is_global_admin(request) and "organisation" in form.base_fields:
            form.base_fields["organisation"].required = True
        return form
