"""Panels other apps add to the card page (a sprint, documents, meeting actions), without the
boards app importing them.

An app registers its panel in its `AppConfig.ready()`:

    register_card_panel(CardPanel(key="sprint", template="sprints/card_panel.html",
                                  context=sprint_panel_context, order=10))

`context(actor, card, seen)` reads what the panel shows through the app's own selectors and
answers the template's context, or None to show nothing for this card. Each panel is rendered
in the card page's side column, in `order`, inside a section headed by its template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from officina.boards.models import WorkItem
from officina.boards.selectors.boards import BoardWithAccess
from officina.organisations.actor import Actor

PanelContext = Callable[[Actor, WorkItem, BoardWithAccess], dict[str, Any] | None]


@dataclass(frozen=True)
class CardPanel:
    key: str  # unique, also the id of the panel's section on the page
    template: str
    context: PanelContext
    order: int = 100


_PANELS: dict[str, CardPanel] = {}


def register_card_panel(panel: CardPanel) -> None:
    """Add (or replace) a panel of the card page."""
    _PANELS[panel.key] = panel


def unregister_card_panel(key: str) -> None:
    _PANELS.pop(key, None)


def card_panels(
    request: HttpRequest, *, actor: Actor, card: WorkItem, seen: BoardWithAccess
) -> list[tuple[str, SafeString]]:
    """(key, HTML) of each panel that has something to show for this card, in order."""
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.context(actor, card, seen)
        if context is None:
            continue
        html = render_to_string(
            panel.template,
            {"card": card, "board": seen.board, "access": seen.access, **context},
            request=request,
        )
        rendered.append((panel.key, SafeString(html)))
    return rendered
