"""The estimate scales a Scrum board may use, as (label, points) pairs.

The card keeps a number (`WorkItem.estimate`), so burndowns and velocity add points whatever
the scale; a t-shirt size is shown by its label and stored as the number it maps to.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from officina.scrum.models import EstimateScale

SCALES: dict[str, tuple[tuple[str, Decimal], ...]] = {
    EstimateScale.FIBONACCI: tuple(
        (str(points), Decimal(points)) for points in (0, 1, 2, 3, 5, 8, 13, 21)
    ),
    EstimateScale.TSHIRT: (
        ("XS", Decimal(1)),
        ("S", Decimal(2)),
        ("M", Decimal(3)),
        ("L", Decimal(5)),
        ("XL", Decimal(8)),
    ),
}


def scale_choices(scale: str) -> list[tuple[str, str]]:
    """Form choices: the points as value, the label as text (t-shirt: "M (3)")."""
    choices = []
    for label, points in SCALES[scale]:
        text = label if scale == EstimateScale.FIBONACCI else f"{label} ({points})"
        choices.append((str(points), text))
    return choices


def is_on_scale(scale: str, points: Decimal | None) -> bool:
    return points is None or any(value == points for _label, value in SCALES[scale])


def estimate_label(scale: str, points: Decimal | None) -> str:
    """How an estimate reads on this scale ("M", "5"); the number itself when off the scale
    (an estimate set before the board used Scrum)."""
    if points is None:
        return ""
    for label, value in SCALES[scale]:
        if value == points:
            return label
    return f"{points.normalize():f}"


def off_scale_message(scale: str) -> str:
    labels = ", ".join(label for label, _points in SCALES[scale])
    return _("The estimate must be one of the board's scale: %(values)s.") % {"values": labels}
