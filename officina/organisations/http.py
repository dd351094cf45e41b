"""The request type of tenant views."""

from officina.accounts.models import User
from officina.common.http import HtmxHttpRequest
from officina.organisations.actor import Actor


class ActorRequest(HtmxHttpRequest):
    """A request under /o/<org_slug>/: ActorMiddleware has resolved the actor."""

    actor: Actor
    user: User
