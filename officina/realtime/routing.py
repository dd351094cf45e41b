"""WebSocket URL patterns; empty until the boards capability adds its consumer."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
