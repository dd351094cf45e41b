"""Comments on cards, with @mentions that notify the person mentioned (in the app)."""

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, Comment, WorkItem
from officina.boards.permissions import require_comment
from officina.boards.selectors.boards import board_access_for_actor, board_member_list
from officina.boards.services.cards import work_item_touch
from officina.boards.services.locking import lock_board
from officina.common.exceptions import PermissionDeniedError
from officina.common.markdown import render_markdown
from officina.notifications.models import Notification
from officina.notifications.services import notification_create_many
from officina.organisations.actor import Actor

MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]*[\w]|[\w])", re.UNICODE)
MAX_COMMENT_LENGTH = 10_000


def mention_handle(user: User) -> str:
    """The handle people type to mention someone: "@giulia.ferrari" (accents dropped)."""
    name = f"{user.first_name}.{user.last_name}".strip(".").lower().replace(" ", "")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name or user.email.split("@")[0].lower()


def mentioned_members(*, board: Board, body: str) -> list[User]:
    """Board members named in `body` by handle or by the local part of their e-mail address."""
    handles = {match.lower().rstrip(".") for match in MENTION.findall(body)}
    if not handles:
        return []
    found = []
    for member in board_member_list(board=board):
        if mention_handle(member) in handles or member.email.split("@")[0].lower() in handles:
            found.append(member)
    return found


def mention_marker(members: list[User]) -> Callable[[str], str]:
    """A text filter for `render_markdown` that wraps the @mentions of these members in
    <strong class="mention">; other @words stay as written."""
    handles = {mention_handle(member) for member in members} | {
        member.email.split("@")[0].lower() for member in members
    }

    def mark(match: re.Match[str]) -> str:
        if match.group(1).lower() not in handles:
            return match.group(0)
        return f'<strong class="mention">{match.group(0)}</strong>'

    def marked(text: str) -> str:
        return MENTION.sub(mark, text) if handles else text

    return marked


def card_url(work_item: WorkItem, *, org_slug: str) -> str:
    return reverse(
        "boards:card-detail",
        kwargs={"org_slug": org_slug, "board_id": work_item.board_id, "number": work_item.number},
    )


def card_about(work_item_id: int) -> str:
    """What a notification about the card is about (`Notification.about`)."""
    return f"card:{work_item_id}"


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise BoardRuleError(_("The comment is empty."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise BoardRuleError(
            _("A comment can be at most %(limit)s characters long.") % {"limit": MAX_COMMENT_LENGTH}
        )
    return body


@transaction.atomic
def comment_create(
    *, actor: Actor, work_item: WorkItem, body: str, at: datetime | None = None
) -> Comment:
    """A comment on the card; the people it @mentions are notified."""
    require_comment(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    body = _checked_body(body)
    locked = lock_board(work_item.board_id)
    at = at or timezone.now()
    mentioned = mentioned_members(board=locked, body=body)
    comment = Comment.objects.create(
        organisation_id=work_item.organisation_id,
        work_item=work_item,
        author=actor.user,
        body=body,
        body_html=render_markdown(body, text_filter=mention_marker(mentioned)),
        created_at=at,
    )
    if mentioned:
        comment.mentions.set(mentioned)
        notification_create_many(
            organisation=actor.organisation,
            recipients=mentioned,
            actor=actor.user,
            kind=Notification.Kind.MENTION,
            title=_("%(name)s mentioned you on #%(number)s %(title)s")
            % {
                "name": str(actor.user),  # the name, or the address of someone without one
                "number": work_item.number,
                "title": work_item.title,
            },
            url=f"{card_url(work_item, org_slug=actor.organisation.slug)}#comment-{comment.pk}",
            about=card_about(work_item.pk),
        )
    history.record(history.commented(work_item, by=actor.user, at=at, comment_id=comment.pk))
    work_item_touch(locked_board=locked, work_item=work_item)
    return comment


@transaction.atomic
def comment_update(
    *, actor: Actor, comment: Comment, body: str, at: datetime | None = None
) -> Comment:
    """Authors edit their own comments; the edit is marked as such."""
    work_item = comment.work_item
    require_comment(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    if comment.author_id != actor.user.pk:
        raise PermissionDeniedError(_("Only the author can edit a comment."))
    body = _checked_body(body)
    locked = lock_board(work_item.board_id)
    comment.body = body
    mentioned = mentioned_members(board=locked, body=body)
    comment.body_html = render_markdown(body, text_filter=mention_marker(mentioned))
    comment.edited_at = at or timezone.now()
    comment.save()
    return comment
