from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def sprint_cards(sprint_id: int) -> Q:
    """The cards of one sprint, as a condition on the board's cards (the sprint board)."""
    return Q(backlog_item__sprint_id=sprint_id)


class ScrumConfig(AppConfig):
    name = "officina.scrum"
    verbose_name = _("Scrum")

    def ready(self) -> None:
        # The sprint board is the board page filtered to a sprint's cards (decision 0046):
        # moves, WIP limits, live updates and keyboard moves stay the boards' own.
        from officina.boards.card_panels import CardPanel, register_card_panel
        from officina.boards.selectors.display import register_card_scope
        from officina.scrum.panels import done_panel_context

        register_card_scope("sprint", sprint_cards)
        # A card leaving for another board leaves its backlog facts behind (decision 0049).
        from officina.boards.services.transfer import register_transfer_hook
        from officina.scrum.services.backlog import backlog_item_leave_board

        register_transfer_hook(backlog_item_leave_board)
        # A board made from the "Sprint" template uses Scrum from the start.
        from officina.boards.signals import board_created
        from officina.scrum.services.settings import scrum_on_for_new_board

        board_created.connect(scrum_on_for_new_board, dispatch_uid="scrum-on-for-new-board")
        # A card in a done column of a Scrum board shows the Definition of Done to tick.
        register_card_panel(
            CardPanel(
                key="definition-of-done",
                template="scrum/partials/_done_panel.html",
                context=done_panel_context,
                order=20,
            )
        )
