"""The board page rendered fast: card faces and the board body, cached (decision 0015).

Each card's face is rendered by Jinja2 and cached under a key that changes with everything the
face shows (card version, board structure, language, today's date, whether the viewer may
edit), so an unchanged card costs one entry of a single `get_many`. The facts a face needs are
read (`selectors/display.py`) only for the faces that are not in the cache. No query is written
here: every read goes through the selectors.
"""

import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markupsafe import Markup

from officina.boards.card_fields import CardField, face_fields
from officina.boards.models import Board, Column, Label, Stage
from officina.boards.selectors.display import BoardDisplay, face_facts
from officina.boards.selectors.patch import BoardPatch

FACE_CACHE_SECONDS = 36 * 3600  # the key holds today's date: older entries are never read again
TEMPLATE_DIR = Path(__file__).resolve().parent / "jinja2"
_SENTINEL = 987654321
# Card fields the face template lays out itself; any other field marked `on_face` shows as a
# line "label: value" of its own.
LAID_OUT_ON_FACE = frozenset(
    {"title", "assignees", "labels", "due_date", "estimate", "class_of_service"}
)


FACE_CACHE_ALIAS = "board_faces"
FRAGMENT_CACHE_ALIAS = "board_fragments"
FRAGMENT_CACHE_SECONDS = 600
# Where the viewer's CSRF token goes in a cached body: escaping turns any "<" of user text into
# "&lt;", so this can only come from the template.
CSRF_SLOT = "<csrf-token-slot>"


class LocalFaces:
    """The faces this process rendered or fetched lately, as plain strings (no pickling, no
    network): a key names one version of a face, so an entry never needs invalidating."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, str]:
        with self.lock:
            found = {key: self.entries[key] for key in keys if key in self.entries}
            for key in found:
                self.entries.move_to_end(key)
        return found

    def set_many(self, faces: dict[str, str]) -> None:
        with self.lock:
            self.entries.update(faces)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_faces = LocalFaces(size=30_000)


@cache
def face_cache() -> BaseCache | None:
    """The shared cache behind `local_faces`: a `board_faces` cache when configured, else the
    default one when it is shared (Redis); none with the embedded local-memory default, whose
    300 entries would hold less than one board."""
    if FACE_CACHE_ALIAS in caches:
        return caches[FACE_CACHE_ALIAS]
    default = caches["default"]
    return None if isinstance(default, LocMemCache) else default


def clear_face_caches() -> None:
    """Forget every face (tests: ids repeat across rolled-back tests)."""
    local_faces.clear()
    local_fragments.clear()
    for shared in {face_cache(), fragment_cache()}:
        if shared is not None:
            shared.clear()


@cache
def fragment_cache() -> BaseCache | None:
    """Where rendered board fragments are shared between processes, behind `local_fragments`:
    like `face_cache`, a `board_fragments` cache when configured, else the default one when it is
    shared (Redis); none with the embedded local-memory default (one process)."""
    if FRAGMENT_CACHE_ALIAS in caches:
        return caches[FRAGMENT_CACHE_ALIAS]
    default = caches["default"]
    return None if isinstance(default, LocMemCache) else default


class LocalFragments:
    """Board fragments this process rendered or fetched lately, kept as they are (no pickling,
    no network): a key names one board version, so an entry never needs invalidating. Bounded
    by the characters it holds, since one body of a 3,000-card board is about 2 MB."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self.entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        with self.lock:
            found = {key: self.entries[key][0] for key in keys if key in self.entries}
            for key in found:
                self.entries.move_to_end(key)
        return found

    def set_many(self, fragments: dict[str, Any]) -> None:
        with self.lock:
            for key, value in fragments.items():
                if key in self.entries:
                    self.chars -= self.entries.pop(key)[1]
                size = _chars(value)
                self.entries[key] = (value, size)
                self.chars += size
            while self.chars > self.max_chars and len(self.entries) > 1:
                self.chars -= self.entries.popitem(last=False)[1][1]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.chars = 0


def _chars(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_chars(item) for item in value.values())
    return 64


local_fragments = LocalFragments(max_chars=48_000_000)
# One renderer per missing fragment and process: after a move, every open view of the board asks
# for its new body at once, and the 500-card body takes tens of milliseconds of the one CPU the
# process has; the others wait for it instead of rendering it again (decision 0033). Striped:
# two boards rarely share a lock, and nothing needs cleaning up.
_RENDER_LOCKS = tuple(threading.Lock() for _ in range(64))


def kept_fragments(
    keys: list[str], render: Callable[[list[str]], dict[str, Any]]
) -> dict[str, Any]:
    """The fragments named by `keys`: from this process, else from the shared fragment cache,
    else rendered by `render(missing keys)` once, while other requests for them wait."""
    found = _kept(keys)
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    with _RENDER_LOCKS[hash(missing[0]) % len(_RENDER_LOCKS)]:
        found.update(_kept(missing))  # rendered by the request this one waited for
        missing = [key for key in keys if key not in found]
        if missing:
            rendered = render(missing)
            local_fragments.set_many(rendered)
            shared = fragment_cache()
            if shared is not None:
                shared.set_many(rendered, timeout=FRAGMENT_CACHE_SECONDS)
            found.update(rendered)
    return found


def _kept(keys: list[str]) -> dict[str, Any]:
    found = local_fragments.get_many(keys)
    shared = fragment_cache()
    if shared is not None and len(found) < len(keys):
        from_shared = shared.get_many([key for key in keys if key not in found])
        local_fragments.set_many(from_shared)
        found.update(from_shared)
    return found


def board_controls_key(*, board: Board, fingerprint: str) -> str:
    return f"bct:{_face_revision()}:{board.pk}:{board.structure_version}:{fingerprint}"


def board_fragments_key(*, board: Board, fingerprint: str) -> str:
    return (
        f"bfb:{_face_revision()}:{board.pk}:{board.version}:{board.structure_version}:{fingerprint}"
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )


@cache
def _face_revision() -> str:
    """Changes when a board template changes, so a deploy never serves an old rendering."""
    digest = hashlib.blake2s(digest_size=4)
    for path in sorted(TEMPLATE_DIR.glob("boards/*.jinja")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def jinja_template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


def card_url_builder(*, board: Board, name: str) -> Callable[[int], str]:
    """`number → URL` for a card URL of the board, reversed once instead of once per card."""
    kwargs = {"org_slug": board.organisation.slug, "board_id": board.pk, "number": _SENTINEL}
    head, tail = reverse(name, kwargs=kwargs).split(str(_SENTINEL))
    return lambda number: f"{head}{number}{tail}"


def face_key(
    row: dict[str, Any], *, board: Board, language: str, today: date, editable: bool
) -> str:
    return (
        f"bf:{_face_revision()}:{row['id']}:{row['version']}:{str(row['stamp']).replace(' ', 'T')}:"
        f"{board.structure_version}:{language}:{today.isoformat()}:{int(editable)}"
    )


def _short_date(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def card_faces(
    *,
    board: Board,
    rows: list[dict[str, Any]],
    columns: dict[int, Column],
    labels: list[Label],
    editable: bool,
    today: date,
) -> dict[int, Markup]:
    """The HTML face of each card row, from the cache or rendered now (and cached)."""
    language = translation.get_language() or "it"
    keys = {
        row["id"]: face_key(row, board=board, language=language, today=today, editable=editable)
        for row in rows
    }
    cached = local_faces.get_many(list(keys.values()))
    shared = face_cache()
    if shared is not None and len(cached) < len(keys):
        from_shared = shared.get_many([key for key in keys.values() if key not in cached])
        local_faces.set_many(from_shared)
        cached.update(from_shared)
    # Both caches hold only faces this module rendered with autoescaping on.
    faces = {card_id: Markup(cached[key]) for card_id, key in keys.items() if key in cached}  # noqa: S704
    missing = [row for row in rows if row["id"] not in faces]
    if missing:
        rendered = _render_faces(
            board=board,
            rows=missing,
            columns=columns,
            labels=labels,
            editable=editable,
            today=today,
        )
        new_faces = {keys[card_id]: str(html) for card_id, html in rendered.items()}
        local_faces.set_many(new_faces)
        if shared is not None:
            shared.set_many(new_faces, timeout=FACE_CACHE_SECONDS)
        faces.update(rendered)
    return faces


def _render_faces(
    *,
    board: Board,
    rows: list[dict[str, Any]],
    columns: dict[int, Column],
    labels: list[Label],
    editable: bool,
    today: date,
) -> dict[int, Markup]:
    facts = face_facts(
        organisation_id=board.organisation_id, card_ids=[row["id"] for row in rows], labels=labels
    )
    extra_fields = [field for field in face_fields() if field.name not in LAID_OUT_ON_FACE]
    module = jinja_template("boards/card_face.jinja").make_module(
        {
            "t": face_texts(),
            "card_url": card_url_builder(board=board, name="boards:card-detail"),
            "move_url": card_url_builder(board=board, name="boards:card-move"),
            "ngettext": ngettext,
            "editable": editable,
            # The short date of the person's language: "05/12/2026" in Italian, ISO in English.
            "short_date": _short_date,
            # Bootstrap Italia's icons, not emoji that a tablet's system may lack.
            "sprite": static("svg/sprites.svg"),
        }
    )
    render: Callable[..., Markup] = module.card_face  # type: ignore[attr-defined]
    faces = {}
    for row in facts.cards:
        column = columns.get(row["column_id"])
        in_progress = column is not None and column.stage == Stage.IN_PROGRESS
        started = row["started_at"]
        age = (today - timezone.localtime(started).date()).days if in_progress and started else None
        age_text = (
            ngettext("%(days)s day in progress", "%(days)s days in progress", age) % {"days": age}
            if age is not None
            else ""
        )
        due = row["due_date"]
        overdue = due is not None and due < today and not (column and column.stage == Stage.DONE)
        faces[row["id"]] = render(
            card=row,
            age_text=age_text,
            overdue=overdue,
            assignees=facts.assignees.get(row["id"], ()),
            labels=facts.labels.get(row["id"], ()),
            checklist=facts.checklist.get(row["id"]),
            comments=facts.comments.get(row["id"], 0),
            attachments=facts.attachments.get(row["id"], 0),
            extras=_extra_lines(extra_fields, row),
        )
    return faces


def _extra_lines(fields: list[CardField], row: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of the face's other card fields that have a value."""
    lines = []
    for field in fields:
        text = field.as_text(row.get(field.name))
        if text:
            lines.append((field.label, text))
    return lines


def attach_faces(display: BoardDisplay) -> None:
    """Fill the display's cells with the faces of its rows, in order."""
    board = display.seen.board
    faces = card_faces(
        board=board,
        rows=display.rows,
        columns={view.column.pk: view.column for view in display.columns},
        labels=display.labels,
        editable=display.access.can_edit_cards,
        today=display.today,
    )
    cells: dict[tuple[int, int], list[tuple[Any, bool]]] = defaultdict(list)
    for row in display.rows:
        cells[(row["column_id"], row["swimlane_id"])].append((faces[row["id"]], row["is_ready"]))
    display.cells = dict(cells)


def face_texts() -> dict[str, str]:
    """The words of a card face, in the active language (Jinja2 templates hold no msgids)."""
    return {
        "move": _("Move…"),
        "blocked": _("Blocked"),
        "due": _("Due"),
        "overdue": _("overdue"),
        "points": _("points"),
        "checklist": _("Checklist"),
        "comments": _("Comments"),
        "attachments": _("Attachments"),
        "labels": _("Labels"),
        "urgent": _("Urgent"),
        "fixed_date": _("Fixed date"),
        "intangible": _("Intangible"),
    }


def body_texts() -> dict[str, str]:
    return {
        "cards": _("cards"),
        "wip_limit": _("WIP limit"),
        "hard_limit": _("Hard limit"),
        "at_limit": _("WIP limit reached"),
        "over_limit": _("WIP limit exceeded"),
        "closed": _("Closed"),
        "column_policy": _("Column rules"),
        "collapse": _("Collapse or expand the column"),
        "show_more": _("show more"),
        "new_card": _("New card…"),
        "new_card_in": _("Title of a new card in"),
        "lane_of_new_card": _("Swimlane of the new card"),
        "add": _("Add"),
        "to_column": _("to"),
        "in_progress": _("in progress"),
        "ready": _("ready"),
    }


COLLAPSED_WIDTH = "3.5rem"
COLUMN_WIDTH = "minmax(15rem,1fr)"


def render_board_body(
    display: BoardDisplay,
    *,
    csrf_token: str,
    quick_add_url: str,
    more_url: Callable[[int], str],
) -> Markup:
    """The board body (#board-body) as HTML, ready for the page or for an HTMX swap."""
    grid = " ".join(
        COLLAPSED_WIDTH if view.column.is_collapsed else COLUMN_WIDTH for view in display.columns
    )
    if not display.cells and display.rows:
        attach_faces(display)
    html = jinja_template("boards/board_body.jinja").render(
        board=display.seen.board,
        columns=display.columns,
        lanes=display.lanes,
        cells=display.cells,
        lane_counts=display.lane_counts,
        editable=display.access.can_edit_cards,
        stages={value: str(label) for value, label in Stage.choices},
        grid=grid,
        t=body_texts(),
        csrf_token=csrf_token,
        quick_add_url=quick_add_url,
        more_url=more_url,
    )
    return Markup(html)  # noqa: S704 - rendered by an autoescaping environment


def board_patch_data(patch: BoardPatch) -> dict[str, Any]:
    """The patch as the page applies it (board.js `applyPatch`): each card's face and the card
    it stands above, the ids gone, the header row and the lane counts."""
    board = patch.seen.board
    faces = card_faces(
        board=board,
        rows=patch.rows,
        columns={view.column.pk: view.column for view in patch.columns},
        labels=patch.labels,
        editable=patch.seen.access.can_edit_cards,
        today=patch.today,
    )
    parts = jinja_template("boards/board_parts.jinja").module
    headers = parts.column_headers(  # type: ignore[attr-defined]
        patch.columns, body_texts(), {value: str(label) for value, label in Stage.choices}
    )
    return {
        "version": board.version,
        "cards": [
            {
                "id": row["id"],
                "version": row["version"],
                "column": row["column_id"],
                "lane": row["swimlane_id"],
                "ready": row["is_ready"],
                "before": row["before"],
                "html": str(faces[row["id"]]),
            }
            for row in patch.rows
        ],
        "gone": patch.gone,
        "headers": str(headers),
        "lanes": {str(lane_id): count for lane_id, count in patch.lane_counts.items()},
    }
