"""The editor's report charts, as SVG text to put inline in the page.

Pictures people would rather look at than read: how hard each domain is to read
before and after rewriting, and which rules fire where. matplotlib draws them
(a plotting library rather than hand-drawn SVG: axes, ticks and box plots are its
job). Everything that could vary between runs is fixed so the report is
byte-for-byte deterministic: the Agg/SVG canvas is used directly (no pyplot global
state), ``svg.hashsalt`` fixes the clip-path ids, the ``Date`` metadata is dropped,
and text is drawn as paths in the DejaVu Sans that ships with matplotlib, so no
system font can change the output. Each SVG's ids get a prefix, so two charts in
one page never share an id, and each has a ``<title>`` as its accessible name.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from functools import lru_cache, wraps
from html import escape
from pathlib import Path
from typing import Callable, Mapping, Sequence

# Okabe & Ito's palette: told apart by people with any common colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER_COLOUR = "#8C8C8C"
BEFORE_COLOUR = "#8C8C8C"
AFTER_COLOUR = "#0072B2"
TARGET_COLOUR = "#D55E00"
MAX_RULE_COLOURS = len(PALETTE)

RC = {
    "svg.hashsalt": "easyread-report",
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "path.simplify": False,
    "text.parse_math": False,   # a heading with "$" in it is words, not TeX to typeset (nor a crash)
}


def _styled(function: Callable[..., str]) -> Callable[..., str]:
    """Draw inside our own rc settings, leaving matplotlib's global settings alone."""
    @wraps(function)
    def wrapper(*args, **kwargs) -> str:
        import matplotlib

        with matplotlib.rc_context(RC):
            return function(*args, **kwargs)
    return wrapper


@_styled
def grade_distribution(labels: Sequence[str], before: Sequence[Sequence[float]],
                       after: Sequence[Sequence[float]], target: float, *, chart_id: str = "grades",
                       title: str = "") -> str:
    """Box plots of the reading grade of each domain's competences, before and after.

    One row per domain (first domain at the top), the source in grey and the Easy
    Read text in blue, with the profile's highest grade as a dashed line, so the
    editor sees at once which domains are still far from Easy Read.
    """
    figure, axes = _figure(height=0.5 * max(len(labels), 1) + 1.4)
    rows = range(len(labels))
    for offset, series, colour, name in ((-0.17, before, BEFORE_COLOUR, "Before (source)"),
                                         (0.17, after, AFTER_COLOUR, "After (Easy Read)")):
        positions = [row + offset for row, values in zip(rows, series) if values]
        data = [list(values) for values in series if values]
        if data:
            axes.boxplot(data, positions=positions, orientation="horizontal", widths=0.28,
                         patch_artist=True, manage_ticks=False,
                         boxprops={"facecolor": colour, "edgecolor": "#222222", "alpha": 0.9},
                         medianprops={"color": "#000000", "linewidth": 1.6},
                         whiskerprops={"color": "#222222"}, capprops={"color": "#222222"},
                         flierprops={"marker": "o", "markersize": 3, "markerfacecolor": colour,
                                     "markeredgecolor": "#222222", "alpha": 0.8})
        axes.plot([], [], "s", color=colour, markersize=9, label=name)
    axes.axvline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.4,
                 label=f"Easy Read target (grade {target:g})")
    axes.set_yticks(list(rows), [_short(label) for label in labels])
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.set_xlabel("Flesch-Kincaid grade of each competence (lower is easier)")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    axes.set_axisbelow(True)
    figure.legend(loc="outside lower center", ncols=3, frameon=False)
    if title:
        axes.set_title(title)
    return _svg(figure, chart_id, title or "Reading grade per domain, before and after rewriting")


@_styled
def findings_by_rule(labels: Sequence[str], before: Sequence[Mapping[str, int]],
                     after: Sequence[Mapping[str, int]], *, chart_id: str = "rules",
                     title: str = "") -> str:
    """Stacked bars of findings per domain, by rule, for the source and the Easy Read text.

    The two panels share their scale, so what the rewriting fixed shows as shorter
    bars. The most frequent rules get their own colour; the rest are "other".
    """
    colours = rule_colours([*before, *after])
    shown = [rule for rule, colour in colours.items() if colour != OTHER_COLOUR]
    figure, (left, right) = _figure(height=0.42 * max(len(labels), 1) + 1.9, panels=2)
    widest = max([sum(c.values()) for c in (*before, *after)] or [1]) or 1
    for axes, series, name in ((left, before, "Source"), (right, after, "Easy Read text")):
        lefts = [0] * len(labels)
        for rule in [*shown, "other"]:
            if rule == "other":
                values = [sum(n for r, n in counts.items() if r not in shown) for counts in series]
                colour = OTHER_COLOUR
            else:
                values = [counts.get(rule, 0) for counts in series]
                colour = colours[rule]
            if rule == "other" and not any(values):
                continue
            axes.barh(range(len(labels)), values, left=lefts, color=colour, edgecolor="white",
                      linewidth=0.5, height=0.7, label=rule if axes is left else None)
            lefts = [a + b for a, b in zip(lefts, values)]
        axes.set_title(name)
        axes.set_xlim(0, widest * 1.05)
        axes.set_ylim(len(labels) - 0.5, -0.5)
        axes.grid(axis="x", color="#DDDDDD", linewidth=0.8)
        axes.set_axisbelow(True)
        axes.set_xlabel("Findings")
    left.set_yticks(range(len(labels)), [_short(label) for label in labels])
    right.tick_params(labelleft=False)
    if left.get_legend_handles_labels()[0]:
        figure.legend(loc="outside lower center", ncols=4, frameon=False)
    return _svg(figure, chart_id, title or "Findings by rule per domain, source and Easy Read text")


def cached(cache, chart: Callable[..., str], *args, **kwargs) -> str:
    """``chart(*args, **kwargs)``, kept in the analysis cache by its data and this code.

    Drawing with matplotlib (and importing it) is most of a warm report's time; the
    charts change only when their figures do. The key holds the chart's name, its
    arguments, this module's source and matplotlib's version, so a changed chart or
    library draws afresh. ``cache`` is a ``cache.AnalysisCache`` (or None: just draw).
    """
    if cache is None:
        return chart(*args, **kwargs)
    key = f"chart:{_code_version()}"
    data = json.dumps([chart.__name__, args, kwargs], sort_keys=True, default=list)
    found = cache.get(key, data, False)
    if found is not None and isinstance(found.get("svg"), str):
        return found["svg"]
    svg = chart(*args, **kwargs)
    cache.put(key, data, False, {"svg": svg})
    return svg


@lru_cache(maxsize=1)
def _code_version() -> str:
    from importlib.metadata import version

    source = Path(__file__).read_bytes()
    return hashlib.sha256(source + version("matplotlib").encode()).hexdigest()[:16]


def rule_colours(counts: Sequence[Mapping[str, int]]) -> dict[str, str]:
    """Each rule's colour, most frequent first; beyond the palette, rules share "other" grey.

    The report's tables use the same colours as the chart, so they work as its key.
    """
    totals: dict[str, int] = {}
    for table in counts:
        for rule, count in table.items():
            totals[rule] = totals.get(rule, 0) + count
    ranked = sorted(totals, key=lambda rule: (-totals[rule], rule))
    own = len(ranked) if len(ranked) <= MAX_RULE_COLOURS + 1 else MAX_RULE_COLOURS
    return {rule: PALETTE[i] if i < own and i < len(PALETTE) else OTHER_COLOUR
            for i, rule in enumerate(ranked)}


def _figure(height: float, panels: int = 1):
    """A figure on matplotlib's SVG canvas, outside pyplot (no global figure state)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9.0, height), layout="constrained")
    FigureCanvasSVG(figure)
    if panels == 1:
        return figure, figure.add_subplot()
    return figure, figure.subplots(1, panels, sharey=True)


def _short(label: str, width: int = 34) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _svg(figure, chart_id: str, title: str) -> str:
    """The figure as an inline ``<svg>`` with prefixed ids, a title, and no fixed size."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r'\bid="([^"]+)"', rf'id="{chart_id}-\1"', text)
    text = re.sub(r'(xlink:href|href)="#([^"]+)"', rf'\1="#{chart_id}-\2"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", text)
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                  rf'<svg\1 class="chart" role="img" aria-labelledby="{chart_id}-title"', text, count=1)
    head_end = text.index(">") + 1
    title_tag = f'<title id="{chart_id}-title">{escape(title)}</title>'
    text = text[:head_end] + title_tag + text[head_end:]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r"[ \t]*<!-- .*? -->\n", "", text)  # matplotlib's notes of the text drawn
    return text.strip() + "\n"
