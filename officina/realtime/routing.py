"""WebSocket URL patterns: what config/urls.py is for pages, this is for sockets.

The only module of `realtime` that imports a domain app, exactly as the URL configuration does.
"""

from django.urls import URLPattern, path

from officina.boards.consumers import BoardConsumer

websocket_urlpatterns: list[URLPattern] = [
    path(
        "ws/o/<slug:org_slug>/boards/<int:board_id>/",
        BoardConsumer.as_asgi(),
        name="board-live",
    ),
]
