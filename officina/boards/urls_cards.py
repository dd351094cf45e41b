"""Card pages, under /o/<org_slug>/boards/<board_id>/cards/ (namespace "boards")."""

from django.urls import URLPattern, URLResolver, path

from officina.boards.views import card_actions, cards, transfer

CARD = "<int:board_id>/cards/<int:number>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:board_id>/cards/new/", cards.card_create, name="card-create"),
    path(CARD, cards.card_detail, name="card-detail"),
    path(f"{CARD}edit/", cards.card_edit, name="card-edit"),
    path(f"{CARD}block/", card_actions.card_block, name="card-block"),
    path(f"{CARD}archive/", card_actions.card_archive, name="card-archive"),
    path(f"{CARD}ready/", card_actions.card_ready, name="card-ready"),
    path(f"{CARD}transfer/", transfer.card_transfer, name="card-transfer"),
    path(f"{CARD}watch/", card_actions.card_watch, name="card-watch"),
    path(f"{CARD}checklist/", card_actions.checklist_add, name="card-checklist-add"),
    path(
        f"{CARD}checklist/<int:item_id>/toggle/",
        card_actions.checklist_toggle,
        name="card-checklist-toggle",
    ),
    path(
        f"{CARD}checklist/<int:item_id>/delete/",
        card_actions.checklist_delete,
        name="card-checklist-delete",
    ),
    path(f"{CARD}comments/", card_actions.comment_add, name="card-comment-add"),
    path(
        f"{CARD}comments/<int:comment_id>/edit/",
        card_actions.comment_edit,
        name="card-comment-edit",
    ),
    path(f"{CARD}attachments/", card_actions.attachment_upload, name="card-attachment-add"),
    path(
        f"{CARD}attachments/<int:attachment_id>/",
        card_actions.attachment_download,
        name="attachment-download",
    ),
    path(
        f"{CARD}attachments/<int:attachment_id>/delete/",
        card_actions.attachment_remove,
        name="card-attachment-delete",
    ),
    path(f"{CARD}links/", card_actions.link_add, name="card-link-add"),
    path(f"{CARD}links/<int:link_id>/delete/", card_actions.link_remove, name="card-link-delete"),
]
