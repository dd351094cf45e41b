"""The formats of a retrospective (decision 0047): each one a template of columns, as
(column key, label, prompt). The labels and prompts are English msgids, shown translated.

A retrospective keeps its format's key; its notes keep a column key of that format, so a
format is never changed once a retrospective uses it (add a new key instead).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RetroColumn:
    key: str
    label: str | Promise
    prompt: str | Promise


@dataclass(frozen=True)
class RetroFormat:
    key: str
    name: str | Promise
    columns: tuple[RetroColumn, ...]

    def column(self, key: str) -> RetroColumn | None:
        return next((column for column in self.columns if column.key == key), None)


DEFAULT_FORMAT = "classic"

_TEMPLATES: dict[str, tuple[str | Promise, list[tuple[str, str | Promise, str | Promise]]]] = {
    DEFAULT_FORMAT: (
        _("Went well / To improve / Ideas"),
        [
            ("went_well", _("Went well"), _("What helped us in this sprint?")),
            ("to_improve", _("To improve"), _("What slowed us down or got in the way?")),
            ("ideas", _("Ideas"), _("What could we try next time?")),
        ],
    ),
    "start_stop_continue": (
        _("Start, Stop, Continue"),
        [
            ("start", _("Start doing"), _("What should we begin doing?")),
            ("stop", _("Stop doing"), _("What should we stop doing?")),
            ("continue", _("Keep doing"), _("What works and should we keep doing?")),
        ],
    ),
    "4l": (
        _("4L: Liked, Learned, Lacked, Longed for"),
        [
            ("liked", _("Liked"), _("What did you enjoy?")),
            ("learned", _("Learned"), _("What did you learn?")),
            ("lacked", _("Lacked"), _("What was missing?")),
            ("longed_for", _("Longed for"), _("What did you wish for?")),
        ],
    ),
    "mad_sad_glad": (
        _("Mad, Sad, Glad"),
        [
            ("mad", _("Mad"), _("What made you angry or frustrated?")),
            ("sad", _("Sad"), _("What disappointed you?")),
            ("glad", _("Glad"), _("What made you happy?")),
        ],
    ),
}

FORMATS: dict[str, RetroFormat] = {
    key: RetroFormat(key, name, tuple(RetroColumn(*column) for column in columns))
    for key, (name, columns) in _TEMPLATES.items()
}

FORMAT_CHOICES = [(key, fmt.name) for key, fmt in FORMATS.items()]
COLUMN_KEY_LENGTH = 20


def format_of(key: str) -> RetroFormat:
    """The format of a retrospective (the default one for a key no longer known)."""
    return FORMATS.get(key, FORMATS[DEFAULT_FORMAT])
