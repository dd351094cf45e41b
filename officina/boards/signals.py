"""Signals the boards app sends, for other parts to react without being imported by it."""

from django.dispatch import Signal

# Sent by `history.record` with `events`: the card events just saved (in the transaction of
# the change). Receivers must not query per event.
card_events_recorded = Signal()
