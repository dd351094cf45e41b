"""Pages of the boards app, under /o/<org_slug>/boards/."""

from django.urls import URLPattern, URLResolver

from officina.boards.urls_boards import urlpatterns as board_patterns
from officina.boards.urls_cards import urlpatterns as card_patterns
from officina.boards.urls_exports import urlpatterns as export_patterns

app_name = "boards"

urlpatterns: list[URLPattern | URLResolver] = [*board_patterns, *card_patterns, *export_patterns]
