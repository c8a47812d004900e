"""Charts drawn on the server as SVG: no script, no library, nothing
fetched. Every text that goes into the markup (title, labels, unit) is
escaped here or by the template, so the result is safe to put in a page as
it is. The reports' bar charts, and the process chart of a case."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from viewflow.workflow import flow

from casework.web import labels

WIDTH = 640
HEIGHT = 260
LEFT = 64  # room for the value axis labels
RIGHT = 12
TOP = 46  # room for the title and the unit
BOTTOM = 30  # room for the month labels
TICKS = 4  # about this many steps on the value axis


def bar_chart(series: list[tuple[str, Decimal | int]], *, title: str, unit: str) -> SafeString:
    """A bar chart of ``series`` (label, value) pairs, in order. A bar is
    drawn for each non-zero value, with its label and value in a ``<title>``
    (the tooltip); the value axis starts at zero and ends at a round number
    at or above the largest value."""
    integers = all(isinstance(v, int) or v == v.to_integral_value() for _, v in series)
    step, steps = _scale(max((Decimal(v) for _, v in series), default=Decimal(0)), integers)
    parts = [*_frame(title), *_value_axis(step, steps, unit), *_bars(series, step * steps, unit)]
    parts.append(mark_safe("</svg>"))
    # every piece above is either a literal or went through format_html
    return mark_safe("".join(parts))  # noqa: S308


PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
BASE = TOP + PLOT_H  # the zero line


def _frame(title: str) -> list[SafeString]:
    """The opening tag with the accessible name, and the title."""
    return [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}"'
            ' role="img" aria-label="{}" class="cw-bar-chart">',
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            title,
        ),
        format_html("<title>{}</title>", title),
        format_html(
            '<text x="{}" y="20" font-size="14" font-weight="500" fill="#263238">{}</text>',
            LEFT,
            title,
        ),
    ]


def _value_axis(step: Decimal, steps: int, unit: str) -> list[SafeString]:
    """The grid lines with their values, the two axes and the unit."""
    top = step * steps
    parts = []
    for i in range(steps + 1):
        tick = step * i
        y = _fmt(BASE - PLOT_H * float(tick / top))
        parts.append(
            format_html(
                '<line class="cw-grid-line" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e0e0e0"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#546e7a">{}</text>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                LEFT - 6,
                y,
                _number(tick),
            )
        )
    parts.append(
        format_html(
            '<line class="cw-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#546e7a"/>'
            '<line class="cw-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#546e7a"/>',
            LEFT,
            TOP,
            LEFT,
            BASE,
            LEFT,
            BASE,
            WIDTH - RIGHT,
            BASE,
        )
    )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#546e7a">{}</text>',
            LEFT - 6,
            TOP - 14,
            unit,
        )
    )
    return parts


def _bars(series: list[tuple[str, Decimal | int]], top: Decimal, unit: str) -> list[SafeString]:
    """Each label under its slot, and a bar for each non-zero value."""
    slot = PLOT_W / max(len(series), 1)
    bar_w = slot * 0.6
    parts = []
    for i, (label, value) in enumerate(series):
        centre = LEFT + slot * (i + 0.5)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#546e7a">{}</text>',
                _fmt(centre),
                BASE + 18,
                label,
            )
        )
        if not value:
            continue
        # a small value still shows as a sliver, not as nothing
        height = max(PLOT_H * float(Decimal(value) / top), 1.0)
        parts.append(
            format_html(
                '<rect class="cw-bar" x="{}" y="{}" width="{}" height="{}" fill="#3f51b5">'
                "<title>{}: {} {}</title></rect>",
                _fmt(centre - bar_w / 2),
                _fmt(BASE - height),
                _fmt(bar_w),
                _fmt(height),
                label,
                value,
                unit,
            )
        )
    return parts


def _scale(peak: Decimal, integers: bool) -> tuple[Decimal, int]:
    """A round step (1, 2 or 5 × 10ⁿ; at least 1 for counts) and how many of
    them reach ``peak``."""
    if peak <= 0:
        return Decimal(1), TICKS
    raw = peak / TICKS
    magnitude = Decimal(10) ** raw.adjusted()
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if integers:
        step = max(step, Decimal(1))
    return step, max(math.ceil(peak / step), 1)


def _number(value: Decimal) -> str:
    """An axis label: ``2000``, ``0.5``."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _fmt(x: float) -> str:
    return f"{x:.1f}"


# the process chart of a case (viewflow's layout, drawn by our template)


def flow_chart_svg(grid: Any) -> str:
    """viewflow's laid-out ``grid`` of a flow as SVG in the reader's
    language: the steps by their titles, the gates by what they decide
    ("Senior approval needed?", "Outcome of Approval"), the start and end,
    the timers by their declared title, and the yes / no of a gate's
    branches, all translated and at a size one can read (viewflow writes the
    node names and an 11 px English "yes" / "no")."""
    places: dict[str, str] = {}
    for cell in grid.cells:
        title = _node_title(cell.node)
        if title is not None:
            cell.title = title
        if not cell.shape.text:
            places[cell.node.name] = _label_place(cell.node)
    for edge in grid.edges:
        if edge.label:
            edge.label = labels.label(edge.label, "value")
    return render_to_string("web/flow_chart.svg", {"grid": grid, "places": places})


def _label_place(node: Any) -> str:
    """Where a node drawn without words gets them: a question gate above
    itself, the start, the end and a timer below; a gate that only follows a
    step's outcome none (its words are its tooltip: the step is beside it)."""
    if isinstance(node, flow.If):
        return "above"
    if isinstance(node, flow.Switch):
        return ""
    return "below"


def _node_title(node: Any) -> str | None:
    """The words of a node that is no step (a step's title is already its
    ``task_title``); None to keep viewflow's."""
    if isinstance(node, flow.StartHandle | flow.Start):
        return str(_("Start"))
    if isinstance(node, flow.End):
        return str(_("End"))
    if isinstance(node, flow.If) and node._on_true is not None:
        return str(_("%(step)s needed?") % {"step": _step_title(node._on_true)})
    if isinstance(node, flow.Switch):
        before = [edge.src for edge in node._incoming()]
        if len(before) == 1:
            return str(_("Outcome of %(step)s") % {"step": _step_title(before[0])})
        return str(_("Decision"))
    if node.task_title:
        return str(node.task_title)
    return None


def _step_title(node: Any) -> str:
    return str(node.task_title or labels.label(node.name, "step"))
