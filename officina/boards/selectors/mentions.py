"""Who an @mention may name on a board, for the comment box's suggestions."""

import unicodedata
from dataclasses import dataclass

from officina.boards.selectors.boards import BoardWithAccess, board_member_list
from officina.boards.services.comments import mention_handle

MAX_SUGGESTIONS = 8


@dataclass(frozen=True)
class MentionSuggestion:
    handle: str
    name: str


def folded(text: str) -> str:
    """Lower case without accents: "Niccolò" and "nicco" meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def mention_suggestion_list(*, seen: BoardWithAccess, query: str) -> list[MentionSuggestion]:
    """The board's people (who may be mentioned, and who see the board) whose first name,
    last name, full name, handle or e-mail name starts with `query` (accents ignored); the
    first few, by surname. One query."""
    wanted = folded(query.strip().lstrip("@"))
    found = []
    for member in board_member_list(board=seen.board):
        handle = mention_handle(member)
        full_name = member.get_full_name()
        words = [
            folded(member.first_name),
            folded(member.last_name),
            folded(full_name),
            handle,
            member.email.split("@")[0].lower(),
            *folded(full_name).split(),
        ]
        if any(word.startswith(wanted) for word in words):
            found.append(MentionSuggestion(handle=handle, name=full_name or member.email))
            if len(found) == MAX_SUGGESTIONS:
                break
    return found
