"""Why a Scrum change was refused. Every message is written for the person who tried it."""

from officina.common.exceptions import DomainError


class ScrumRuleError(DomainError):
    """A change that breaks a Scrum rule (a second active sprint, a sprint closed twice, a
    story of another board): nothing was changed."""
