"""Signals of the accounts app. The audit app listens; accounts never imports audit (it sits
below it in the dependency order)."""

from django.dispatch import Signal

# Sent with: user, token, request (may be None).
token_created = Signal()
token_revoked = Signal()
