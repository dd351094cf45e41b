"""Boards, their structure, work items and the append-only history analytics read.

A work item ("scheda") is the unit of work that Kanban, Scrum and the flow analytics share: the
board shows its current state, and the history (`WorkItemEvent`, `BoardEvent`) records every
change, so cycle time, throughput, burndowns and the audit can be recomputed from the log alone.
"""

from officina.boards.models.boards import Board, BoardTemplate, Column, Label, Stage, Swimlane
from officina.boards.models.card_templates import CardRecurrence, CardTemplate
from officina.boards.models.cards import (
    Attachment,
    BlockedInterval,
    CardWatch,
    ChecklistItem,
    Comment,
    WorkItem,
    WorkItemAddress,
    WorkItemLink,
    _attachment_path,
)
from officina.boards.models.history import (
    BoardEvent,
    ImmutableEvent,
    ImmutableQuerySet,
    WorkItemEvent,
)

__all__ = [
    "Attachment",
    "BlockedInterval",
    "CardRecurrence",
    "CardTemplate",
    "CardWatch",
    "Board",
    "BoardEvent",
    "BoardTemplate",
    "ChecklistItem",
    "Column",
    "Comment",
    "ImmutableEvent",
    "ImmutableQuerySet",
    "Label",
    "Stage",
    "Swimlane",
    "WorkItem",
    "WorkItemAddress",
    "WorkItemEvent",
    "WorkItemLink",
    "_attachment_path",
]
