"""Why a change to a board was refused. Every message is written for the person who tried it."""

from officina.common.exceptions import ConflictError, DomainError


class BoardRuleError(DomainError):
    """A change that breaks a board rule (hard WIP limit, closed column, wrong board): nothing
    was changed. The message names the rule, in the user's language."""


class EditConflictError(ConflictError):
    """The card changed since the person opened it: their change was not applied."""
