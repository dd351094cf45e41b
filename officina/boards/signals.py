"""Signals the boards app sends, for other parts to react without being imported by it."""

from django.dispatch import Signal

# Sent by `history.record` with `events`: the card events just saved (in the transaction of
# the change). Receivers must not query per event.
card_events_recorded = Signal()

# Sent by `board_create` with `board`, `structure` (the template's, or the copied board's) and
# `actor`, in the transaction that made the board: an app above the boards sets itself up on
# the new board (Scrum, when the template says "scrum": true).
board_created = Signal()
