"""Charts drawn on the server as SVG: plain data in, SVG markup out, no JavaScript, nothing fetched.

One job: drawing. The overview pages (:mod:`hisab.web.overview`) decide what to show; these functions
only place it, and never make a figure or a date more certain than it is given:

- a lower bound ("at least") is a bar with an open, arrowed end, labelled ``≥ N``; an approximation a bar
  with a blurred end, labelled ``≈ N``; an exact figure a plain bar labelled ``N``;
- a part of a total is drawn *inside* its total: from the same zero, thinner, under it, labelled
  "of which" — never stacked on the total or on its sibling parts, so no bar is ever a sum;
- a figure whose perpetrator is undetermined is hatched and labelled "undetermined";
- on the time axis a day is a mark, a month-only date a band as wide as its month, a year-only date a
  band as wide as its year; an agreement whose end no source dates is a bar that fades out towards the
  right edge and ends in an arrow, so that it is visibly open.

Every chart is an ``<svg class="chart" role="group">`` (a group, not an image: its bars and lanes are
links a keyboard reaches) with a ``<title>`` and a ``<desc>`` it is labelled by, a legend, and text labels
(shapes and patterns, not colour alone, tell the kinds apart). Colours pass WCAG contrast on white
(text 4.5:1, shapes 3:1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

EXACT = "exact"
AT_LEAST = "at least"
APPROXIMATELY = "approximately"

INK = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#d0d0d0"
BAR = "#1f4e79"  # 8.8:1 on white
PART = "#4f7db0"  # 4.3:1 on white
UNDETERMINED = "#4d4d4d"
INCIDENT = "#7a1f1f"
AGREEMENT = "#1d5e2a"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
CHAR_WIDTH = 6.7  # average advance of a 13 px glyph, to cut labels to their column


def written(count: int, qualifier: str) -> str:
    """A figure as the source states it: ``≥ 98`` for a lower bound, ``≈ 15`` for an approximation."""
    sign = {AT_LEAST: "≥ ", APPROXIMATELY: "≈ "}.get(qualifier, "")
    return f"{sign}{count:,}"


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _text(value: object) -> str:
    return escape(str(value))


def _cut(text: str, width: float, size: float = 13) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    room = max(4, int(width / (CHAR_WIDTH * size / 13)))
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _svg_open(chart_id: str, title: str, description: str, width: float, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_attr(chart_id)}-svg" role="group" '
        f'aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" font-family="{_attr(FONT)}" font-size="13" fill="{INK}">',
        f'<title id="{_attr(chart_id)}-title">{_text(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{_text(description)}</desc>',
    ]


def _defs(chart_id: str) -> str:
    """Patterns and markers, with ids local to the chart (several charts share one page)."""
    c = _attr(chart_id)
    return (
        "<defs>"
        f'<pattern id="{c}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="{UNDETERMINED}"/></pattern>'
        f'<pattern id="{c}-month" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="4" height="4" fill="#ffffff"/><rect width="2" height="4" fill="{INCIDENT}"/></pattern>'
        f'<pattern id="{c}-month-agreement" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
        f'<rect width="2" height="4" fill="{AGREEMENT}"/></pattern>'
        f'<linearGradient id="{c}-fade" x1="0" x2="1" y1="0" y2="0">'
        f'<stop offset="0" stop-color="{AGREEMENT}" stop-opacity="0.85"/>'
        f'<stop offset="1" stop-color="{AGREEMENT}" stop-opacity="0.08"/></linearGradient>'
        f'<marker id="{c}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
        "</defs>"
    )


# --- bar charts ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    """One figure in a bar chart."""

    key: str  # the figure's IRI: kept on the drawn bar (data-figure) for tests and tools
    label: str  # what it counts, shown at the left
    count: int
    qualifier: str = EXACT  # exact | at least | approximately, as the source states it
    note: str = ""  # a second, muted line: period, source …
    href: str = ""  # where the bar links to
    depth: int = 0  # 0: a figure on its own; 1, 2 …: a part drawn inside the figure above it
    part_of: str = ""  # the key of the figure it is drawn inside ("" when depth is 0)
    undetermined: bool = False  # the perpetrator is undetermined


@dataclass(frozen=True)
class Panel:
    """A group of bars with one heading and its own scale."""

    title: str
    bars: tuple[Bar, ...]
    note: str = ""
    undetermined: bool = False


BAR_WIDTH = 1100
LABEL_X = 8
BARS_X = 500
BARS_END = 960  # the longest bar ends here; the value and the open end follow it
ROW = 36
PANEL_HEAD = 46


def nice_ticks(top: float, most: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``top``."""
    if top <= 0:
        return [0, 1]
    raw = top / max(1, most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))


def bar_chart(chart_id: str, title: str, description: str, panels: Sequence[Panel]) -> str:
    """A chart of figures in panels, each panel with its own scale: the SVG markup.

    A bar at depth ≥ 1 is a part of the bar it follows: it starts from the same zero and is drawn thinner,
    under it; its length is its own figure, never a sum or a remainder."""
    legend_h = 64
    height = legend_h + sum(PANEL_HEAD + ROW * max(1, len(p.bars)) + 10 for p in panels) + 10
    out = _svg_open(chart_id, title, description, BAR_WIDTH, height)
    out.append(_defs(chart_id))
    out.append(_bar_legend(chart_id))
    y = legend_h
    for number, panel in enumerate(panels):
        out.append(_panel(chart_id, number, panel, y))
        y += PANEL_HEAD + ROW * max(1, len(panel.bars)) + 10
    if not panels:
        out.append(f'<text x="{LABEL_X}" y="{legend_h + 20}" fill="{MUTED}">No figures to draw.</text>')
    out.append("</svg>")
    return "\n".join(out)


def _bar_legend(chart_id: str) -> str:
    c = _attr(chart_id)
    items = [
        (f'<rect x="0" y="-9" width="26" height="12" fill="{BAR}"/>', "exact figure: N"),
        (f'<rect x="0" y="-9" width="18" height="12" fill="{BAR}"/><line x1="18" y1="-3" x2="34" y2="-3" '
         f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="3 2" marker-end="url(#{c}-arrow)"/>',
         "≥ N: at least N (lower bound, open end: may be more)"),
        (f'<rect x="0" y="-9" width="22" height="12" fill="{BAR}"/><line x1="22" y1="-12" x2="22" y2="6" '
         f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 2"/>', "≈ N: approximately N"),
    ]
    second = [
        (f'<rect x="0" y="-11" width="30" height="14" fill="{BAR}"/><rect x="0" y="4" width="16" height="7" '
         f'fill="{PART}"/>', "of which: a part, drawn from zero inside its total (never added to it)"),
        (f'<rect x="0" y="-9" width="26" height="12" fill="url(#{c}-hatch)" stroke="{UNDETERMINED}"/>',
         "hatched: perpetrator undetermined"),
    ]
    return _legend((items, second), top=20, step=24, text_y=1)


def _legend(rows: tuple[list[tuple[str, str]], ...], top: float, step: float, text_y: float) -> str:
    """A legend: rows of (glyph, label) entries, laid out left to right (hidden from screen readers: the
    chart's description and the table say the same)."""
    parts = ['<g class="legend" aria-hidden="true" font-size="12">']
    for row, entries in enumerate(rows):
        x = LABEL_X
        for glyph, label in entries:
            parts.append(f'<g transform="translate({x},{top + row * step})">{glyph}'
                         f'<text x="42" y="{text_y}" fill="{INK}">{_text(label)}</text></g>')
            x += 42 + len(label) * 6.0 + 22
    parts.append("</g>")
    return "".join(parts)


def _panel(chart_id: str, number: int, panel: Panel, top: float) -> str:
    top_value = max([b.count for b in panel.bars] or [1])
    ticks = nice_ticks(top_value)
    scale = (BARS_END - BARS_X) / ticks[-1]
    flag = ' data-undetermined="true"' if panel.undetermined else ""
    out = [f'<g class="panel" data-panel="{number}"{flag}>']
    out.append(f'<text x="{LABEL_X}" y="{top + 18}" font-weight="700" font-size="14">'
               f'{_text(_cut(panel.title, BARS_X - LABEL_X - 10, 14))}<title>{_text(panel.title)}</title></text>')
    if panel.note:
        out.append(f'<text x="{LABEL_X}" y="{top + 35}" fill="{MUTED}" font-size="12">'
                   f'{_text(_cut(panel.note, BARS_X - LABEL_X - 10, 12))}<title>{_text(panel.note)}</title></text>')
    bottom = top + PANEL_HEAD + ROW * max(1, len(panel.bars))
    for tick in ticks:
        x = BARS_X + tick * scale
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top + PANEL_HEAD - 6}" x2="{x:.1f}" y2="{bottom}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{top + PANEL_HEAD - 10}" text-anchor="middle" font-size="11" '
                   f'fill="{MUTED}">{tick:,}</text>')
    for row, bar in enumerate(panel.bars):
        out.append(_bar(chart_id, bar, top + PANEL_HEAD + row * ROW, scale))
    out.append("</g>")
    return "\n".join(out)


def _bar(chart_id: str, bar: Bar, y: float, scale: float) -> str:
    c = _attr(chart_id)
    indent = 16 * bar.depth
    prefix = "of which: " if bar.depth else ""
    label = prefix + bar.label
    value = written(bar.count, bar.qualifier)
    if bar.undetermined:
        value += " (perpetrator undetermined)"
    length = max(2.0, bar.count * scale)
    thick = 16 if bar.depth == 0 else max(7, 12 - 3 * bar.depth)
    bar_y = y + 4 + (0 if bar.depth == 0 else 2)
    fill = f"url(#{c}-hatch)" if bar.undetermined else (BAR if bar.depth == 0 else PART)
    stroke = f' stroke="{UNDETERMINED}" stroke-width="1"' if bar.undetermined else ""
    role = "total" if bar.depth == 0 else "part"
    tooltip = f"{label}: {value}" + (f" — {bar.note}" if bar.note else "")
    attrs = (f'class="bar" data-figure="{_attr(bar.key)}" data-count="{bar.count}" '
             f'data-qualifier="{_attr(bar.qualifier)}" data-depth="{bar.depth}" data-part-of="{_attr(bar.part_of)}"')
    out = [f"<g {attrs}><title>{_text(tooltip)}</title>"]
    if bar.href:
        out.append(f'<a href="{_attr(bar.href)}">')
    width = BARS_X - LABEL_X - indent - 12
    out.append(f'<text x="{LABEL_X + indent}" y="{y + 14}">{_text(_cut(label, width))}</text>')
    if bar.note:
        out.append(f'<text x="{LABEL_X + indent}" y="{y + 29}" font-size="11.5" fill="{MUTED}">'
                   f'{_text(_cut(bar.note, width, 11.5))}</text>')
    out.append(f'<rect class="bar-{role}" data-role="{role}" x="{BARS_X}" y="{bar_y:.1f}" width="{length:.1f}" '
               f'height="{thick}" fill="{fill}"{stroke}/>')
    end = BARS_X + length
    mid = bar_y + thick / 2
    if bar.qualifier == AT_LEAST:
        out.append(f'<line class="open-end" x1="{end:.1f}" y1="{mid:.1f}" x2="{end + 24:.1f}" y2="{mid:.1f}" '
                   f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="3 2" marker-end="url(#{c}-arrow)"/>')
        end += 26
    elif bar.qualifier == APPROXIMATELY:
        out.append(f'<line class="approximate-end" x1="{end:.1f}" y1="{bar_y - 3:.1f}" x2="{end:.1f}" '
                   f'y2="{bar_y + thick + 3:.1f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 2"/>')
        end += 3
    weight = 400 if bar.depth else 700
    out.append(f'<text class="value" x="{end + 6:.1f}" y="{mid + 4.5:.1f}" font-weight="{weight}">'
               f'{_text(value)}</text>')
    if bar.href:
        out.append("</a>")
    out.append("</g>")
    return "".join(out)


# --- the time axis ------------------------------------------------------------------------------------

_DAY = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(-?\d{4})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$")
_YEAR = re.compile(r"^(-?\d{4})(?:Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class When:
    """A date at the precision the source gives it: the first and last day it may be."""

    text: str
    first: dt.date
    last: dt.date
    precision: str  # day | month | year


def when(text: str) -> When | None:
    """``2017-05-06`` (a day), ``2016-09`` (a month), ``2013`` (a year); None for anything else."""
    text = str(text).strip()
    try:
        if m := _DAY.match(text):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return When(text, day, day, "day")
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return When(text, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]),
                        "month")
        if m := _YEAR.match(text):
            return When(text, dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31), "year")
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class TimeMark:
    """A date on a lane: an incident's date, start or end, an agreement's conclusion."""

    date: str  # as the source gives it
    kind: str = "date"  # date | start date | end date | date of conclusion
    note: str = ""  # who states it, where
    approximate: bool = False  # the source qualifies the date (about, around)


@dataclass(frozen=True)
class InForce:
    """An agreement's period in force, from its entry into force to its end when a source dates it."""

    start: str
    end: str = ""  # "" when no source dates the end: the bar is drawn open
    note: str = ""  # who states it; the status a source gives without a date ("collapsed")


@dataclass(frozen=True)
class Lane:
    """One row of the time axis: one incident or one agreement."""

    key: str
    label: str
    href: str = ""
    group: str = "incident"  # incident | agreement
    marks: tuple[TimeMark, ...] = ()
    in_force: tuple[InForce, ...] = ()


TIME_WIDTH = 1100
LANE_LABEL = 380
PLOT_X = 392
PLOT_END = 1080
LANE = 28


def _domain(lanes: Iterable[Lane]) -> tuple[dt.date, dt.date]:
    days: list[dt.date] = []
    for lane in lanes:
        for text in [m.date for m in lane.marks] + [p.start for p in lane.in_force] + [p.end for p in lane.in_force]:
            found = when(text) if text else None
            if found:
                days += [found.first, found.last]
    if not days:
        today = dt.date(2000, 1, 1)
        return today, dt.date(2001, 1, 1)
    return dt.date(min(days).year, 1, 1), dt.date(max(days).year + 1, 1, 1)


def timeline_chart(chart_id: str, title: str, description: str, lanes: Sequence[Lane]) -> str:
    """Incidents and agreements on one time axis: the SVG markup. Lanes are drawn in the order given,
    agreements (with their periods in force) first, under a heading per group."""
    lanes = [lane for lane in lanes if lane.marks or lane.in_force]
    start, stop = _domain(lanes)
    span = max(1, (stop - start).days)

    def x(day: dt.date) -> float:
        return PLOT_X + (day - start).days / span * (PLOT_END - PLOT_X)

    groups = [(g, [lane for lane in lanes if lane.group == g]) for g in ("agreement", "incident")]
    groups = [(g, members) for g, members in groups if members]
    legend_h = 70
    axis_h = 28
    height = legend_h + axis_h + sum(30 + LANE * len(m) for _, m in groups) + 30
    out = _svg_open(chart_id, title, description, TIME_WIDTH, height)
    out.append(_defs(chart_id))
    out.append(_time_legend(chart_id))
    top = legend_h + axis_h
    bottom = height - 24
    out.append('<g class="axis">')
    for year in range(start.year, stop.year + 1):
        xx = x(dt.date(year, 1, 1))
        out.append(f'<line x1="{xx:.1f}" y1="{top - 6}" x2="{xx:.1f}" y2="{bottom}" stroke="{GRID}"/>')
        if year < stop.year:
            mid = x(dt.date(year, 7, 1))
            for yy in (top - 10, bottom + 16):
                out.append(f'<text x="{mid:.1f}" y="{yy}" text-anchor="middle" font-size="12" fill="{MUTED}">'
                           f'{year}</text>')
    out.append("</g>")
    y = top
    for group, members in groups:
        heading = ("Agreements: date of conclusion, and period in force from the entry into force"
                   if group == "agreement" else "Incidents: dates as each source gives them")
        out.append(f'<text x="{LABEL_X}" y="{y + 20}" font-weight="700" font-size="14">{_text(heading)}</text>')
        y += 30
        for lane in members:
            out.append(_lane(chart_id, lane, y, x, PLOT_END))
            y += LANE
    out.append("</svg>")
    return "\n".join(out)


def _time_legend(chart_id: str) -> str:
    c = _attr(chart_id)
    first = [
        (f'<circle cx="8" cy="-4" r="5" fill="{INCIDENT}"/>', "incident date (a day)"),
        (f'<rect x="0" y="-10" width="18" height="12" fill="url(#{c}-month)" stroke="{INCIDENT}"/>',
         "month-only date: a band as wide as the month"),
        (f'<circle cx="5" cy="-4" r="5" fill="{INCIDENT}"/><line x1="10" y1="-4" x2="30" y2="-4" stroke="{INCIDENT}" '
         f'stroke-width="1.5" stroke-dasharray="3 2" marker-end="url(#{c}-arrow)"/>', "start date, end not given"),
    ]
    second = [
        (f'<circle cx="8" cy="-4" r="5" fill="#ffffff" stroke="{INCIDENT}" stroke-width="1.5" '
         'stroke-dasharray="2 1.5"/>',
         "≈ approximate date"),
        (f'<path d="M8,-11 L14,-4 L8,3 L2,-4 z" fill="{AGREEMENT}"/>', "agreement concluded"),
        (f'<rect x="0" y="-10" width="12" height="12" fill="{AGREEMENT}"/>', "in force (dated end)"),
        (f'<rect x="0" y="-10" width="26" height="12" fill="url(#{c}-fade)"/><line x1="26" y1="-4" x2="34" y2="-4" '
         f'stroke="{INK}" stroke-width="1.5" marker-end="url(#{c}-arrow)"/>', "in force, end not given: open"),
    ]
    return _legend((first, second), top=22, step=26, text_y=0)


def _lane(chart_id: str, lane: Lane, y: float, x, right: float) -> str:
    c = _attr(chart_id)
    mid = y + LANE / 2
    colour = AGREEMENT if lane.group == "agreement" else INCIDENT
    out = [f'<g class="lane" data-lane="{_attr(lane.key)}" data-group="{_attr(lane.group)}">']
    label = _text(_cut(lane.label, LANE_LABEL - LABEL_X))
    title = f"<title>{_text(lane.label)}</title>"
    if lane.href:
        out.append(f'<a href="{_attr(lane.href)}"><text x="{LABEL_X}" y="{mid + 4:.1f}">{label}{title}</text></a>')
    else:
        out.append(f'<text x="{LABEL_X}" y="{mid + 4:.1f}">{label}{title}</text>')
    out.append(f'<line x1="{PLOT_X}" y1="{mid:.1f}" x2="{right}" y2="{mid:.1f}" stroke="#ececec"/>')
    for period in lane.in_force:
        begin = when(period.start)
        if begin is None:
            continue
        end = when(period.end) if period.end else None
        tip = f"in force from {period.start}" + (f" to {period.end}" if end else ", end not given")
        tip += f" — {period.note}" if period.note else ""
        x0 = x(begin.first)
        after = x(begin.last + dt.timedelta(days=1))
        out.append(f'<g class="in-force" data-start="{_attr(period.start)}" data-end="{_attr(period.end)}" '
                   f'data-open="{"false" if end else "true"}"><title>{_text(tip)}</title>')
        if begin.precision != "day":  # the month (or year) it took effect in: a band, not a day
            out.append(f'<rect class="band" data-precision="{begin.precision}" x="{x0:.1f}" y="{mid - 7:.1f}" '
                       f'width="{max(3.0, after - x0):.1f}" height="14" fill="url(#{c}-month-agreement)" '
                       f'stroke="{AGREEMENT}"/>')
            x0 = after
        if end is not None:
            x1 = x(end.last + dt.timedelta(days=1))
            out.append(f'<rect class="period" x="{x0:.1f}" y="{mid - 5:.1f}" width="{max(2.0, x1 - x0):.1f}" '
                       f'height="10" fill="{AGREEMENT}"/>')
        else:
            x1 = right - 10
            out.append(f'<rect class="period open" x="{x0:.1f}" y="{mid - 5:.1f}" width="{max(8.0, x1 - x0):.1f}" '
                       f'height="10" fill="url(#{c}-fade)"/>')
            out.append(f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{right:.1f}" y2="{mid:.1f}" stroke="{INK}" '
                       f'stroke-width="1.5" marker-end="url(#{c}-arrow)"/>')
            out.append(f'<text x="{right - 14:.1f}" y="{mid - 7:.1f}" text-anchor="end" font-size="11" '
                       f'fill="{MUTED}">end not given</text>')
        out.append("</g>")
    for mark in lane.marks:
        out.append(_mark(chart_id, mark, mid, x, colour, lane.group))
    out.append("</g>")
    return "".join(out)


def _mark(chart_id: str, mark: TimeMark, mid: float, x, colour: str, group: str) -> str:
    c = _attr(chart_id)
    found = when(mark.date)
    if found is None:
        return ""
    sign = "≈ " if mark.approximate else ""
    tip = f"{mark.kind}: {sign}{mark.date}" + (" (month only)" if found.precision == "month" else "") + \
        (" (year only)" if found.precision == "year" else "") + (f" — {mark.note}" if mark.note else "")
    out = [f'<g class="mark" data-date="{_attr(mark.date)}" data-kind="{_attr(mark.kind)}" '
           f'data-precision="{found.precision}" data-approximate="{"true" if mark.approximate else "false"}">'
           f"<title>{_text(tip)}</title>"]
    dash = ' stroke-dasharray="2 1.5"' if mark.approximate else ""
    if found.precision == "day":
        cx = x(found.first) + (x(found.first + dt.timedelta(days=1)) - x(found.first)) / 2
        right = cx + 6
        if mark.kind == "date of conclusion":
            fill = "#ffffff" if mark.approximate else colour
            out.append(f'<path class="point" d="M{cx:.1f},{mid - 7:.1f} L{cx + 7:.1f},{mid:.1f} '
                       f'L{cx:.1f},{mid + 7:.1f} L{cx - 7:.1f},{mid:.1f} z" fill="{fill}" stroke="{colour}" '
                       f'stroke-width="1.5"{dash}/>')
        else:
            fill = "#ffffff" if mark.approximate else colour
            out.append(f'<circle class="point" cx="{cx:.1f}" cy="{mid:.1f}" r="5.5" fill="{fill}" stroke="{colour}" '
                       f'stroke-width="1.5"{dash}/>')
    else:
        x0 = x(found.first)
        x1 = x(found.last + dt.timedelta(days=1))
        pattern = f"url(#{c}-month-agreement)" if group == "agreement" else f"url(#{c}-month)"
        out.append(f'<rect class="band" data-precision="{found.precision}" x="{x0:.1f}" y="{mid - 7:.1f}" '
                   f'width="{max(3.0, x1 - x0):.1f}" height="14" fill="{pattern}" stroke="{colour}" '
                   f'stroke-width="1.2"{dash}/>')
        right = max(x1, x0 + 3)
    if mark.kind == "start date":
        out.append(f'<line class="from" x1="{right + 1:.1f}" y1="{mid:.1f}" x2="{right + 26:.1f}" y2="{mid:.1f}" '
                   f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="3 2" marker-end="url(#{c}-arrow)"/>')
    out.append("</g>")
    return "".join(out)
