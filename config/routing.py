"""WebSocket URL patterns: what `config/urls.py` is for pages, this is for sockets.

Project level, like the URL configuration: it imports the apps' consumers, so that
`officina.realtime` knows no domain app.
"""

from django.urls import URLPattern, path

from officina.boards.consumers import BoardConsumer
from officina.scrum.consumers_poker import PokerConsumer

websocket_urlpatterns: list[URLPattern] = [
    path(
        "ws/o/<slug:org_slug>/boards/<int:board_id>/",
        BoardConsumer.as_asgi(),
        name="board-live",
    ),
    path(
        "ws/o/<slug:org_slug>/boards/<int:board_id>/poker/",
        PokerConsumer.as_asgi(),
        name="poker-live",
    ),
]
