"""Comments on cards, with @mentions that notify the person mentioned (in the app)."""

import re
import unicodedata

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Comment, WorkItem, WorkItemEvent
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors import board_access_for_actor, board_member_list
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


def mentioned_members(*, work_item: WorkItem, body: str) -> list[User]:
    """Board members named in `body` by handle or by the local part of their e-mail address."""
    handles = {match.lower().rstrip(".") for match in MENTION.findall(body)}
    if not handles:
        return []
    found = []
    for member in board_member_list(board=work_item.board):
        if mention_handle(member) in handles or member.email.split("@")[0].lower() in handles:
            found.append(member)
    return found


def card_url(work_item: WorkItem) -> str:
    return reverse(
        "boards:card-detail",
        kwargs={
            "org_slug": work_item.board.organisation.slug,
            "board_id": work_item.board_id,
            "number": work_item.number,
        },
    )


@transaction.atomic
def comment_create(*, actor: Actor, work_item: WorkItem, body: str) -> Comment:
    require_edit_cards(board_access_for_actor(actor=actor, board=work_item.board))
    body = body.strip()
    if not body:
        raise BoardRuleError(_("The comment is empty."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise BoardRuleError(
            _("A comment can be at most %(limit)s characters long.") % {"limit": MAX_COMMENT_LENGTH}
        )
    locked = lock_board(work_item.board_id)
    comment = Comment.objects.create(
        organisation_id=work_item.organisation_id,
        work_item=work_item,
        author=actor.user,
        body=body,
        body_html=render_markdown(body),
    )
    mentioned = mentioned_members(work_item=work_item, body=body)
    if mentioned:
        comment.mentions.set(mentioned)
        notification_create_many(
            organisation=actor.organisation,
            recipients=mentioned,
            actor=actor.user,
            kind=Notification.Kind.MENTION,
            title=_("%(name)s mentioned you on #%(number)s %(title)s")
            % {
                "name": actor.user.get_full_name(),
                "number": work_item.number,
                "title": work_item.title,
            },
            url=f"{card_url(work_item)}#comment-{comment.pk}",
        )
    WorkItemEvent(
        organisation_id=work_item.organisation_id,
        board_id=work_item.board_id,
        work_item=work_item,
        kind=WorkItemEvent.Kind.COMMENTED,
        actor=actor.user,
        occurred_at=comment.created_at,
        data={"comment": comment.pk},
    ).save()
    work_item_touch(locked_board=locked, work_item=work_item)
    return comment


@transaction.atomic
def comment_update(*, actor: Actor, comment: Comment, body: str) -> Comment:
    """Authors edit their own comments; the edit is marked as such."""
    work_item = comment.work_item
    require_edit_cards(board_access_for_actor(actor=actor, board=work_item.board))
    if comment.author_id != actor.user.pk:
        raise PermissionDeniedError(_("Only the author can edit a comment."))
    body = body.strip()
    if not body:
        raise BoardRuleError(_("The comment is empty."))
    lock_board(work_item.board_id)
    comment.body = body[:MAX_COMMENT_LENGTH]
    comment.body_html = render_markdown(comment.body)
    comment.edited_at = timezone.now()
    comment.save()
    return comment
