"""The report's charts: matplotlib figures written as SVG to inline in one HTML file.

matplotlib (3.11 and later) lays text out with libraqm, HarfBuzz and SheenBidi, which
it bundles: Arabic letters are joined and runs of Arabic read right to left in
the charts themselves (the top sources chart carries Arabic names), with no
reshaping library. Glyphs are written as SVG paths (``svg.fonttype = path``)
from the DejaVu Sans font matplotlib ships, so a chart needs no font on the
reader's machine and the file opens offline. Each chart's SVG ids are prefixed
with the chart's name, so several charts inline in one page never share one.

matplotlib is imported only when a chart is drawn; without it (or with a
version older than 3.11) :class:`ChartsUnavailable` says what to install.
"""

from __future__ import annotations

import io
import re
from typing import Sequence

__all__ = ["COLOURS", "ChartsUnavailable", "edits_chart", "f1_chart", "labels_chart", "learning_curve",
           "short_version", "sources_chart"]

INSTALL_HINT = "pip install 'qawl[report]' (or: pip install 'matplotlib>=3.11,<4')"

# Okabe-Ito colours, told apart by colour-blind readers too.
COLOURS = {"accepted": "#009E73", "moved": "#E69F00", "relabelled": "#56B4E9", "deleted": "#D55E00",
           "added": "#CC79A7", "entities_overlap": "#0072B2", "entities_exact": "#56B4E9",
           "quotes_overlap": "#E69F00", "attribution": "#009E73", "direct": "#E69F00", "indirect": "#F3CD7A",
           "bar": "#0072B2", "grey": "#777777", "accepted_line": "#333333"}
EDIT_OUTCOMES = ("accepted", "moved", "relabelled", "deleted", "added")


class ChartsUnavailable(RuntimeError):
    """matplotlib is missing or too old to draw the report's charts."""


def _figure(width: float = 6.4, height: float = 3.4):
    try:
        import matplotlib
        from matplotlib import ft2font
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable(f"qawl report draws its charts with matplotlib, which is not installed: "
                                f"{INSTALL_HINT}") from None
    if not getattr(ft2font, "__libraqm_version__", None):
        raise ChartsUnavailable(f"matplotlib {matplotlib.__version__} cannot lay out Arabic (3.11 or later "
                                f"can): {INSTALL_HINT}")
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure


def _svg(figure, name: str, title: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # no XML declaration or DOCTYPE inside HTML
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\bid="', f'id="{name}-', svg)
    svg = svg.replace('href="#', f'href="#{name}-').replace("url(#", f"url(#{name}-")
    svg = re.sub(r'<svg\b', f'<svg role="img" aria-label="{_attribute(title)}" class="chart-svg"', svg, count=1)
    return svg


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _empty(name: str, title: str, message: str) -> str:
    figure = _figure(6.4, 2.2)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_title(title, loc="left", fontsize=11)
    axes.text(0.5, 0.5, message, ha="center", va="center", color=COLOURS["grey"], fontsize=10,
              transform=axes.transAxes, wrap=True)
    return _svg(figure, name, title)


def short_version(version: str, limit: int = 22) -> str:
    """A model version short enough for an axis tick (the tables give it whole)."""
    return version if len(version) <= limit else version[:limit // 2 - 1] + "…" + version[-(limit // 2 - 1):]


def _style(axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def edits_chart(versions: Sequence[str], counts: Sequence) -> str:
    """A 100 % bar per version: the share of regions accepted, moved, relabelled, deleted and added.

    ``counts`` are :class:`qawl.report.edits.EditCounts`, one per version."""
    name, title = "edits", "What annotators did with each version's regions"
    if not versions:
        return _empty(name, title, "No annotation started from a prediction yet.")
    figure = _figure(6.4, 3.6)
    axes = figure.add_subplot()
    positions = range(len(versions))
    bottom = [0.0] * len(versions)
    for outcome in EDIT_OUTCOMES:
        shares = []
        for count in counts:
            touched = count.predicted + count.added
            shares.append(100.0 * getattr(count, outcome) / touched if touched else 0.0)
        axes.bar(positions, shares, bottom=bottom, color=COLOURS[outcome], label=outcome, width=0.6)
        bottom = [b + s for b, s in zip(bottom, shares)]
    for position, count in zip(positions, counts):
        if count.edit_rate is not None:
            axes.text(position, 101.5, f"edit rate {100 * count.edit_rate:.0f} %", ha="center", va="bottom",
                      fontsize=8.5)
    axes.set_xticks(list(positions), [short_version(v) for v in versions], fontsize=8.5)
    axes.set_ylim(0, 112)
    axes.set_ylabel("share of regions (%)")
    axes.set_title(title, loc="left", fontsize=11)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5, frameon=False, reverse=True)
    _style(axes)
    return _svg(figure, name, title)


def f1_chart(versions: Sequence[str], series: dict[str, Sequence[float | None]], tasks: Sequence[int]) -> str:
    """Grouped bars: each score of each version on the tasks annotated after it was published.

    ``series`` maps a score's name (a key of ``COLOURS``) to one value per version (None: not scored)."""
    name, title = "f1", "Each version against later gold (forecast F1)"
    if not versions or not any(tasks):
        return _empty(name, title, "No version has tasks annotated after it was published yet.")
    figure = _figure(6.4, 3.6)
    axes = figure.add_subplot()
    width = 0.8 / max(1, len(series))
    labels = {"entities_overlap": "entities F1 (overlap)", "entities_exact": "entities F1 (exact)",
              "quotes_overlap": "quotes F1 (overlap)", "attribution": "attribution accuracy"}
    for index, (key, values) in enumerate(series.items()):
        xs = [p + (index - (len(series) - 1) / 2) * width for p in range(len(versions))]
        heights = [0.0 if v is None else v for v in values]
        bars = axes.bar(xs, heights, width=width * 0.95, color=COLOURS.get(key, COLOURS["bar"]),
                        label=labels.get(key, key))
        for bar, value in zip(bars, values):
            if value is not None:
                axes.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.01, f"{value:.2f}",
                          ha="center", va="bottom", fontsize=7)
    axes.set_xticks(range(len(versions)),
                    [f"{short_version(v)}\n{n} task{'s' if n != 1 else ''}" for v, n in zip(versions, tasks)],
                    fontsize=8.5)
    axes.set_ylim(0, 1.12)
    axes.set_ylabel("score")
    axes.set_title(title, loc="left", fontsize=11)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5, frameon=False)
    _style(axes)
    return _svg(figure, name, title)


def learning_curve(points: Sequence[tuple[str, int, dict[str, float | None]]]) -> str:
    """Scores against the number of tasks annotated before each version was published.

    ``points``: ``(version, trained on, {score name: value})``, oldest version first."""
    name, title = "learning", "Learning curve: scores against the gold a version could learn from"
    drawn = [(v, n, s) for v, n, s in points if any(value is not None for value in s.values())]
    if not drawn:
        return _empty(name, title, "No scored version yet: the curve starts once a version has later gold.")
    figure = _figure(6.4, 3.6)
    axes = figure.add_subplot()
    labels = {"entities_overlap": "entities F1 (overlap)", "quotes_overlap": "quotes F1 (overlap)",
              "attribution": "attribution accuracy", "accepted": "regions accepted unchanged"}
    keys = [key for key in labels if any(s.get(key) is not None for _, _, s in drawn)]
    for key in keys:
        xs = [n for _, n, s in drawn if s.get(key) is not None]
        ys = [s[key] for _, _, s in drawn if s.get(key) is not None]
        colour = COLOURS["accepted_line"] if key == "accepted" else COLOURS.get(key, COLOURS["bar"])
        axes.plot(xs, ys, marker="o", color=colour, label=labels[key],
                  linestyle="--" if key == "accepted" else "-")
    for index, (version, n, _) in enumerate(drawn):  # each version named just above the x axis
        align = "left" if index == 0 and len(drawn) > 1 else "right" if index == len(drawn) - 1 else "center"
        axes.axvline(n, color="#e4e4e4", linewidth=0.8, zorder=0)
        axes.annotate(short_version(version, 18), (n, 0.0), textcoords="offset points", xytext=(0, 4),
                      ha=align if len(drawn) > 1 else "center", fontsize=7.5, color=COLOURS["grey"])
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("tasks annotated before the version was published")
    axes.set_ylabel("score")
    axes.set_ylim(0, 1.1)
    axes.margins(x=0.15)
    axes.set_title(title, loc="left", fontsize=11)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5, frameon=False)
    _style(axes)
    return _svg(figure, name, title)


def labels_chart(labels: dict[str, int], direct: int, indirect: int) -> str:
    """Regions per label in the gold; the QUOTE bar split into direct and indirect quotes."""
    name, title = "distribution", "Regions per label in the annotated tasks"
    if not labels:
        return _empty(name, title, "No annotated task yet.")
    figure = _figure(6.4, 3.4)
    axes = figure.add_subplot()
    order = [label for label in ("PER", "ORG", "LOC", "MISC", "SPEAKER", "QUOTE") if label in labels]
    order += sorted(label for label in labels if label not in order)
    values = [labels[label] for label in order]
    split = "QUOTE" in order and direct + indirect == labels["QUOTE"] and labels["QUOTE"] > 0
    plain = [p for p, label in enumerate(order) if not (split and label == "QUOTE")]
    axes.bar(plain, [values[p] for p in plain], color=COLOURS["bar"], width=0.6)
    if split:
        position = order.index("QUOTE")
        axes.bar([position], [direct], color=COLOURS["direct"], width=0.6, label="direct quotes")
        axes.bar([position], [indirect], bottom=[direct], color=COLOURS["indirect"], width=0.6,
                 label="indirect quotes")
        axes.legend(fontsize=8.5, frameon=False)
    for position, value in enumerate(values):
        axes.text(position, value, f"{value}", ha="center", va="bottom", fontsize=8)
    axes.set_xticks(range(len(order)), order, fontsize=9)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylabel("regions")
    axes.margins(y=0.12)
    axes.set_title(title, loc="left", fontsize=11)
    _style(axes)
    return _svg(figure, name, title)


def sources_chart(sources: Sequence[tuple[str, int, int]], limit: int = 10) -> str:
    """The sources quoted most, as horizontal bars of direct and indirect quotes (names in Arabic)."""
    name, title = "sources", "Who is quoted most"
    if not sources:
        return _empty(name, title, "No quote with a speaker yet.")
    top = list(sources[:limit])[::-1]
    figure = _figure(6.4, 0.6 + 0.32 * len(top) + 0.6)
    axes = figure.add_subplot()
    names = [source for source, _, _ in top]
    direct = [d for _, d, _ in top]
    indirect = [i for _, _, i in top]
    axes.barh(range(len(top)), direct, color=COLOURS["direct"], label="direct", height=0.6)
    axes.barh(range(len(top)), indirect, left=direct, color=COLOURS["indirect"], label="indirect", height=0.6)
    axes.set_yticks(range(len(top)), [n if len(n) <= 40 else n[:39] + "…" for n in names], fontsize=9)
    axes.set_xlabel("quotes")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_title(title, loc="left", fontsize=11)
    axes.legend(loc="lower right", fontsize=8.5, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return _svg(figure, name, title)
