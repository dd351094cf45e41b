"""Why a change to a board was refused. Every message is written for the person who tried it."""

from django.core.exceptions import ValidationError


class BoardRuleError(ValidationError):
    """A change that breaks a board rule (hard WIP limit, closed column, wrong board): nothing
    was changed. The message names the rule, in the user's language."""


class EditConflictError(Exception):
    """The card changed since the person opened it: their change was not applied.

    Carries the card as it is now so the page can show both versions and lose nothing.
    """

    def __init__(self, message: str, *, current: object) -> None:
        super().__init__(message)
        self.message = message
        self.current = current
