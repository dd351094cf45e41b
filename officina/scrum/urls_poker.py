"""The live estimation's pages, under …/scrum/poker/ (added to the Scrum URLs by `urls.py`)."""

from django.urls import path

from officina.scrum.views import poker

urlpatterns = [
    path("poker/", poker.poker, name="poker"),
    path("poker/open/", poker.poker_start, name="poker-open"),
    path("poker/story/", poker.poker_story, name="poker-story"),
    path("poker/vote/", poker.poker_vote_view, name="poker-vote"),
    path("poker/reveal/", poker.poker_reveal_view, name="poker-reveal"),
    path("poker/revote/", poker.poker_revote_view, name="poker-revote"),
    path("poker/accept/", poker.poker_accept_view, name="poker-accept"),
    path("poker/close/", poker.poker_close_view, name="poker-close"),
]
