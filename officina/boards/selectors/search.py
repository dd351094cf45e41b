"""Searching the cards of every board the actor may see: number, title, description, comments.

Ranked: a card whose number is the query first, then matches in the title, in the description,
in the comments. On PostgreSQL the words are matched with Italian full-text search (stemming:
"delibere" finds "delibera"; `websearch` syntax: "frase esatta", -escluso, OR); on the embedded
SQLite database, by case-insensitive containment of every word. Visibility is decided in the
same query as the search (`board_visibility_q`), so a card of a board the actor may not see is
never a result, not even counted.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Count,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable

from officina.boards.models import Comment, WorkItem
from officina.boards.selectors.boards import board_list_for_actor
from officina.organisations.actor import Actor

RESULTS = 50
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchResults:
    query: str
    cards: Sequence[WorkItem]  # with `board` (and its team) and `column`
    total: int  # matches, of which at most RESULTS are shown
    full_text: bool  # Italian stemming (PostgreSQL) or plain containment (SQLite)


def _visible_cards(actor: Actor) -> QuerySet[WorkItem]:
    boards = board_list_for_actor(actor=actor).values("pk")
    return WorkItem.objects.filter(organisation=actor.organisation, board__in=boards)


def _number_of(query: str) -> int | None:
    text = query.strip().lstrip("#")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def work_item_search_for_actor(*, actor: Actor, query: str) -> SearchResults:
    """The best cards for `query` on every board the actor may see, most relevant first."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResults(query, [], 0, False)
    cards = _visible_cards(actor)
    number = _number_of(query)
    number_first = Case(
        When(number=number, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    full_text = connection.vendor == "postgresql"
    # Comments of this organisation only: the cards are filtered anyway, but the search of the
    # comments then reads one organisation's rows, not the installation's.
    comments = Comment.objects.filter(organisation=actor.organisation)
    if full_text:
        organisation_cards = WorkItem.objects.filter(organisation=actor.organisation)
        matches, rank = _postgres(organisation_cards, comments, query)
    else:
        matches, rank = _contains(comments, query)
    if number is not None:
        matches = matches | Q(number=number)
    # One scan of the cards: the best RESULTS, each carrying how many matched in all.
    ranked = list(
        cards.filter(matches)
        .annotate(exact=number_first, relevance=rank, total=Window(Count("pk")))
        .select_related("board", "board__team", "column")
        .order_by("-exact", "-relevance", "archived_at", "-updated_at", "pk")[:RESULTS]
    )
    total = ranked[0].total if ranked else 0
    return SearchResults(query, ranked, total, full_text)


def _postgres(
    cards: QuerySet[WorkItem], comments: QuerySet[Comment], query: str
) -> tuple[Q, Combinable]:
    """Italian full-text search of title (weight A) and description (B), and of the comments.

    Every match is found through a GIN index (migration 0009 has the same expressions): the
    matching cards are one UNION of two index scans, never an OR that computes every card's
    vector. `cards` are the organisation's (the caller keeps the visible ones), which keeps the
    subqueries small to plan. Ranking only looks matches up too: title first, then description,
    then comments (ties: the latest change first), so no vector is computed again for a common
    word's thousands of matches."""
    search = SearchQuery(query, config="italian", search_type="websearch")
    document = SearchVector("title", weight="A", config="italian") + SearchVector(
        "description", weight="B", config="italian"
    )
    in_text = cards.annotate(document=document).filter(document=search).order_by().values("pk")
    in_title = (
        cards.annotate(title_document=SearchVector("title", config="italian"))
        .filter(title_document=search)
        .order_by()
        .values("pk")
    )
    in_comments = (
        comments.annotate(document=SearchVector("body", config="italian"))
        .filter(document=search)
        .order_by()
        .values("work_item_id")
    )
    rank = Case(
        When(Q(pk__in=in_title), then=Value(1.0)),
        When(Q(pk__in=in_text), then=Value(0.5)),
        default=Value(0.25),
        output_field=FloatField(),
    )
    return Q(pk__in=in_text.union(in_comments)), rank


def _contains(comments: QuerySet[Comment], query: str) -> tuple[Q, Combinable]:
    """Every word in the title, the description or a comment; ranked by where they are."""
    words = query.split()[:10]
    in_title = Q()
    in_text = Q()
    anywhere = Q()
    for word in words:
        # The cards with the word in a comment, found once (not a subquery per card).
        commented = comments.filter(body__icontains=word).values("work_item_id")
        in_title &= Q(title__icontains=word)
        in_text &= Q(title__icontains=word) | Q(description__icontains=word)
        anywhere &= Q(title__icontains=word) | Q(description__icontains=word) | Q(pk__in=commented)
    rank = Case(
        When(in_title, then=Value(1.0)),
        When(in_text, then=Value(0.5)),
        default=Value(0.25),
        output_field=FloatField(),
    )
    return anywhere, rank
