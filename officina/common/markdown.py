"""Markdown to safe HTML: rendered by Markdown, then sanitised by nh3 so no script ever runs."""

import re
from collections.abc import Callable

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip

# A tag of nh3's output: attribute values are always double-quoted there, and may hold ">".
_TAG = re.compile(r'(<[^"<>]*(?:"[^"]*"[^"<>]*)*>)')
# Text inside these is left as written (code, and the text of links).
_VERBATIM = {"a", "code", "pre"}


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        allowed_classes={"strong": {"mention"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, *, text_filter: Callable[[str], str] | None = None) -> SafeString:
    """Render user-written Markdown; only a small set of tags and http(s)/mailto links survive.

    `text_filter` may rewrite the text between tags (already escaped HTML, outside code and
    links), e.g. to mark @mentions; the result is sanitised again, so it cannot add a script."""
    clean = _clean(markdown.markdown(text, extensions=["tables", "sane_lists"]))
    if text_filter is not None:
        clean = _clean(_filter_text(clean, text_filter))
    return mark_safe(clean)  # noqa: S308 - nh3 has sanitised it


def _filter_text(html: str, text_filter: Callable[[str], str]) -> str:
    parts = []
    verbatim = 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(" ", 1)[0].rstrip(">").lower()
            if name in _VERBATIM:
                verbatim += -1 if part.startswith("</") else 1
            parts.append(part)
        elif verbatim > 0 or not part:
            parts.append(part)
        else:
            parts.append(text_filter(part))
    return "".join(parts)
