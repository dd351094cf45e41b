"""Forms of the organisations app: input shape and field validation only."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from officina.common.forms import IdField
from officina.organisations.models import TeamMembership
from officina.organisations.people_files import (
    ACCEPTED_EXTENSIONS,
    MAX_FILE_SIZE,
    ImportFileError,
    ParsedFile,
    read_people_file,
)


class PeopleImportForm(forms.Form):
    """The file of people to import; a valid form holds the rows read from it in `parsed`."""

    file = forms.FileField(
        label=_("File of people (CSV or Excel .xlsx)"),
        help_text=_(
            "Columns: nome, cognome (or “nome e cognome”), email, ente, ufficio, qualifica, team. "
            "Separate several teams with “;”. At most 5,000 rows and 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ",".join(
                    [
                        *ACCEPTED_EXTENSIONS,
                        "text/csv",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ]
                )
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: ParsedFile | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: split it into smaller files.")
            )
        try:
            self.parsed = read_people_file(name=upload.name or "", content=upload.read())
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from error
        return upload


class PeopleImportConfirmForm(forms.Form):
    """Confirms the import of the file shown in the preview (identified by its hash)."""

    file_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


ROLE_CHOICES = TeamMembership.Role.choices


class TeamMemberAddForm(forms.Form):
    """A person of the organisation (chosen from the search results) and their role."""

    user = IdField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial="member")


class TeamMemberRoleForm(forms.Form):
    """A member's new role in the team."""

    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class PersonDeactivateForm(forms.Form):
    """Who takes over the leaver's open work, and the confirmation that they leave."""

    successor = IdField(label=_("Colleague who takes over the open cards"), required=False)
    confirm = forms.BooleanField(
        label=_("I confirm: this person leaves the organisation"),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )
