"""The report as one self-contained HTML file: inline CSS, inline SVG charts, no script, no external URL.

Arabic text (sources, mentions, example quotes, and any model version) sits in
elements with ``dir="rtl" lang="ar"``, so the browser runs it right to left and
shapes it, whatever the page's own direction. Every table has an ``id`` (see
``docs/report.md``), which the tests read.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from .. import __version__
from . import charts
from ..evaluation.matching import PRF
from .edits import EditCounts
from .forecast import forecast_scores

__all__ = ["render"]

SOURCES_SHOWN = 200
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 14px/1.5 system-ui, "Segoe UI", "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 6px; }
p.meta, p.note, .muted { color: var(--muted); }
p.note { max-width: 980px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--soft); }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 12.5px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 14px;
          align-items: start; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: #fff; }
figure.chart svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
th.group { text-align: center; border-bottom: 2px solid var(--line); }
div.scroll { max-width: 100%; overflow-x: auto; }
td { white-space: nowrap; }
td.ar { white-space: normal; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; background: #fbfbfc; }
[dir="rtl"] { text-align: right; unicode-bidi: isolate; }
td.ar { font-size: 15px; line-height: 1.7; }
td.quote { max-width: 520px; }
dl.defs dt { font-weight: 600; margin-top: 8px; }
dl.defs dd { margin: 2px 0 0 18px; color: var(--muted); max-width: 980px; }
a { color: var(--accent); }
"""


def _n(value) -> str:
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else escape(str(value))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _time(moment: datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _version(version: str) -> str:
    return f"<bdi>{escape(version)}</bdi>"


def _ar(text: str, extra: str = "") -> str:
    return f'<td dir="rtl" lang="ar" class="ar{(" " + extra) if extra else ""}">{escape(text)}</td>'


def _table(table_id: str, headers: list[str], rows: list[str], numeric_from: int = 1,
           groups: list[tuple[str, int]] | None = None) -> str:
    """A table; ``groups`` adds a header row above of ``(title, columns spanned)``."""
    head = "".join(f'<th class="n">{escape(h)}</th>' if i >= numeric_from else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(headers))
    top = ("<tr>" + "".join(f'<th colspan="{span}" class="group">{escape(title)}</th>' for title, span in groups)
           + "</tr>") if groups else ""
    body = "".join(rows) if rows else f'<tr><td colspan="{len(headers)}" class="muted">nothing yet</td></tr>'
    return (f'<div class="scroll"><table id="{table_id}"><thead>{top}<tr>{head}</tr></thead><tbody>{body}</tbody>'
            "</table></div>")


def _cells(values: list[str], first_text: int = 1, css: str = "") -> str:
    cells = "".join(f"<td>{v}</td>" if i < first_text else f'<td class="n">{v}</td>' for i, v in enumerate(values))
    return f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>"


def _edit_values(counts: EditCounts) -> list[str]:
    return [_n(counts.predicted), _n(counts.accepted), _n(counts.moved), _n(counts.relabelled), _n(counts.deleted),
            _n(counts.added), _pct(counts.accept_rate), _pct(counts.edit_rate)]


def _charts(report) -> dict[str, str]:
    versions = [entry.version for entry in report.edits]
    drawn = {"edits": charts.edits_chart(versions, [entry.total for entry in report.edits])}
    scored = [forecast for forecast in report.forecasts if forecast.published is not None]
    series = {key: [forecast_scores(f)[key] for f in scored]
              for key in ("entities_overlap", "entities_exact", "quotes_overlap", "attribution")}
    series = {key: values for key, values in series.items() if any(v is not None for v in values)}
    drawn["f1"] = charts.f1_chart([f.version for f in scored], series, [f.tasks for f in scored])
    drawn["learning"] = charts.learning_curve(report.learning_points())
    dataset = report.dataset
    drawn["distribution"] = charts.labels_chart(dict(dataset.labels), dataset.direct, dataset.indirect)
    drawn["sources"] = charts.sources_chart([(s.name, s.direct, s.indirect) for s in dataset.sources])
    return drawn


def _figure(svg: str, name: str) -> str:
    return f'<figure class="chart" id="chart-{name}">{svg}</figure>'


def _summary(report) -> str:
    dataset = report.dataset
    latest = report.edits[-1] if report.edits else None
    cards = [
        (f"{dataset.annotated_tasks:,} / {dataset.tasks:,}", "tasks annotated / in the project"),
        (f"{dataset.annotations:,}", f"annotations submitted ({dataset.cancelled:,} skipped)"),
        (f"{len(report.published):,}", "model versions that predicted"),
        (_pct(latest.total.accept_rate) if latest else "—",
         f"regions accepted unchanged ({escape(latest.version)})" if latest else "regions accepted unchanged"),
        (_pct(latest.total.edit_rate) if latest else "—",
         f"edit rate ({escape(latest.version)})" if latest else "edit rate"),
        (f"{len(dataset.sources):,}", f"sources quoted in {dataset.direct + dataset.indirect:,} quotes"),
    ]
    if dataset.sources:
        top = dataset.sources[0]
        cards.append((f'<bdi dir="rtl" lang="ar">{escape(top.name)}</bdi>',
                      f"quoted most: {top.quotes:,} quote{'s' if top.quotes != 1 else ''} in {len(top.tasks):,} "
                      f"task{'s' if len(top.tasks) != 1 else ''}"))
    return '<div class="cards">' + "".join(f"<div class=\"card\"><b>{value}</b><span>{label}</span></div>"
                                          for value, label in cards) + "</div>"


def _edits_section(report) -> str:
    rows, label_rows, relation_rows, relabel_rows = [], [], [], []
    for entry in report.edits:
        rows.append(_cells([_version(entry.version), _n(entry.annotations), _n(entry.unchanged),
                            *_edit_values(entry.total), _n(None if entry.mean_lead_time is None
                                                           else round(entry.mean_lead_time, 1))]))
        for label in _label_order(entry.by_label):
            label_rows.append(_cells([_version(entry.version), escape(label), *_edit_values(entry.by_label[label])],
                                     first_text=2))
        label_rows.append(_cells([_version(entry.version), "all labels", *_edit_values(entry.total)], first_text=2,
                                 css="total"))
        for label, counts in sorted(entry.links.items()):
            relation_rows.append(_cells([_version(entry.version), escape(label), _n(counts.kept), _n(counts.removed),
                                         _n(counts.added)], first_text=2))
        for (before, after), count in sorted(entry.relabels.items()):
            relabel_rows.append(_cells([_version(entry.version), escape(before), escape(after), _n(count)],
                                       first_text=3))
    edit_headers = ["predicted regions", "accepted", "moved", "relabelled", "deleted", "added by hand",
                    "accepted %", "edit rate"]
    blank = (f"<p class=\"note\">{report.blank:,} annotation{'s' if report.blank != 1 else ''} started from no "
             f"prediction (a blank task) and {'are' if report.blank != 1 else 'is'} left out of these tables.</p>"
             if report.blank else "")
    return (
        '<section id="section-edits"><h2>Is pre-annotation saving work? What annotators changed, per model version</h2>'
        '<p class="note">Each submitted annotation is compared with the prediction it started from. A region is '
        "<b>accepted</b> when the annotation has it with the same offsets and label, <b>relabelled</b> when only "
        "its label changed, <b>moved</b> when the same label overlaps with other boundaries, <b>deleted</b> when "
        "nothing pairs with it; an annotated region that pairs with none was <b>added by hand</b>. The <b>edit "
        "rate</b> is moved + relabelled + deleted + added over predicted + added: 0 % means the prediction was "
        "submitted as it was. A falling edit rate from one version to the next is the model learning.</p>"
        + blank
        + _table("edits-by-version", ["model version", "annotations", "submitted unchanged", *edit_headers,
                                      "mean time (s)"], rows)
        + "<h3>Per label</h3>"
        + _table("edits-by-label", ["model version", "label", *edit_headers], label_rows, numeric_from=2)
        + "<h3>Relations</h3>"
        + _table("relations", ["model version", "relation", "kept", "removed", "added by hand"], relation_rows,
                 numeric_from=2)
        + "<h3>Relabelled regions</h3>"
        + _table("relabels", ["model version", "predicted label", "annotated label", "regions"], relabel_rows,
                 numeric_from=3)
        + "</section>")


def _label_order(labels) -> list[str]:
    known = [label for label in (*ENTITY_LABELS, "SPEAKER", "QUOTE") if label in labels]
    return known + sorted(label for label in labels if label not in known)


def _prf(prf) -> list[str]:
    return [_score(prf.precision), _score(prf.recall), _score(prf.f1)]


def _forecast_section(report) -> str:
    rows, label_rows = [], []
    for forecast in report.forecasts:
        entities, quotes = forecast.entities, forecast.quotes
        scored = forecast.tasks > 0
        entity_cells = (_prf(sum(entities.exact.values(), PRF()))
                        + _prf(sum(entities.overlap.values(), PRF()))
                        if scored and entities is not None else ["—"] * 6)
        quote_cells = (_prf(quotes.exact) + _prf(quotes.overlap) + [_score(quotes.direct_overlap.f1),
                       _pct(quotes.attribution_accuracy) if quotes.attributed_total else "—"]
                       if scored and quotes is not None else ["—"] * 8)
        rows.append(_cells([_version(forecast.version), _time(forecast.published), _n(forecast.trained_on),
                            _n(forecast.tasks), *entity_cells, *quote_cells], first_text=2))
        if scored and entities is not None:
            for label in ENTITY_LABELS:
                exact, overlap = entities.exact[label], entities.overlap[label]
                label_rows.append(_cells([_version(forecast.version), label, _n(exact.gold), _n(exact.predicted),
                                          *_prf(exact), *_prf(overlap)], first_text=2))
    headers = ["model version", "published", "trained on (tasks)", "tasks scored", *["P", "R", "F1"] * 4,
               "direct F1", "attribution"]
    groups = [("", 4), ("entities, exact", 3), ("entities, overlap", 3), ("quotes, exact", 3),
              ("quotes, overlap", 3), ("", 2)]
    return (
        '<section id="section-forecast"><h2>Is the model getting better? Each version against gold it never saw</h2>'
        '<p class="note">A version is <b>published</b> at its first prediction in the project. It is scored on the '
        "tasks whose first annotation came <i>after</i> that moment (their latest annotation is the gold), with "
        "the annotation guidelines' scoring: <b>exact</b> spans agree after trimming whitespace, quotation marks "
        "and final punctuation, <b>overlap</b> spans share at least half of the shorter one; <b>attribution</b> is "
        "the share of gold quotes found by overlap whose predicted speaker overlaps a mention of the gold source. "
        "<b>Trained on</b> counts the tasks annotated before publication: what the version could learn from.</p>"
        + _table("forecast", headers, rows, numeric_from=2, groups=groups)
        + "<h3>Entities per label</h3>"
        + _table("forecast-labels", ["model version", "label", "gold", "predicted", *["P", "R", "F1"] * 2],
                 label_rows, numeric_from=2, groups=[("", 4), ("exact", 3), ("overlap", 3)])
        + "</section>")


def _dataset_section(report, links: dict[str, str], chart: str) -> str:
    dataset = report.dataset
    label_rows = [_cells([escape(label), _n(dataset.labels[label])]) for label in _label_order(dataset.labels)]
    label_rows.append(_cells(["said relations", _n(dataset.said)]))
    quote_rows = [_cells([_n(dataset.direct), _n(dataset.indirect), _n(dataset.direct + dataset.indirect
                                                                       - dataset.unattributed),
                          _n(dataset.unattributed)], first_text=0)]
    source_rows = []
    for source in dataset.sources[:SOURCES_SHOWN]:
        mentions = "، ".join(f"{text} ×{count}" for text, count in source.mentions.most_common())
        examples = "".join(f"<div>«{escape(example)}»</div>" for example in source.examples)
        source_rows.append(
            "<tr>" + _ar(source.name) + f'<td class="n">{_n(source.quotes)}</td><td class="n">{_n(source.direct)}'
            f'</td><td class="n">{_n(source.indirect)}</td><td class="n">{_n(len(source.tasks))}</td>'
            + _ar(mentions) + f'<td dir="rtl" lang="ar" class="ar quote">{examples}</td></tr>')
    more = len(dataset.sources) - SOURCES_SHOWN
    more_note = f"<p class=\"note\">{more:,} more sources are in the CSV and JSONL files.</p>" if more > 0 else ""
    sources_table = ('<div class="scroll"><table id="sources"><thead><tr><th>source</th><th class="n">quotes</th>'
                     '<th class="n">direct</th><th class="n">indirect</th><th class="n">tasks</th><th>mentions</th>'
                     "<th>examples</th></tr></thead><tbody>"
                     + ("".join(source_rows) or '<tr><td colspan="7" class="muted">nothing yet</td></tr>')
                     + "</tbody></table></div>")
    return (
        '<section id="section-dataset"><h2>What is in the dataset</h2>'
        '<p class="note">Each annotated task counts once, with its latest annotation. A quote is <b>direct</b> when '
        "one pair of quotation marks holds all of it, <b>indirect</b> otherwise. Speakers are gathered into "
        "sources across mentions: the name inside a SPEAKER region (its PER region, else its ORG region, else the "
        "whole mention), folded as qawl folds Arabic; a shorter mention joins the one full name that ends with the "
        'same word (<span dir="rtl" lang="ar">الأسد</span> → <span dir="rtl" lang="ar">بشار الأسد</span>).</p>'
        + '<div class="charts">' + _figure(chart, "sources") + "<div>"
        + "<h3>Regions per label</h3>" + _table("labels", ["label", "regions"], label_rows)
        + "<h3>Quotes</h3>" + _table("quotes", ["direct", "indirect", "with a speaker", "without a speaker"],
                                     quote_rows, numeric_from=0)
        + "</div></div>"
        + "<h3>Who said what</h3>"
        + f'<p class="note">One row per quote, with its source, as <a href="{escape(links["csv"])}">CSV</a> '
          f'(UTF-8, opens in a spreadsheet) and <a href="{escape(links["jsonl"])}">JSONL</a>, beside this file.</p>'
        + sources_table + more_note + "</section>")


DEFINITIONS = """
<section id="section-definitions"><h2>How the numbers are made</h2><dl class="defs">
<dt>The prediction an annotation started from</dt><dd>The one Label Studio recorded with the annotation
(<code>parent_prediction</code>); else the newest prediction of the task made before the annotation was created.
</dd>
<dt>Edit outcomes</dt><dd>Pairs are made one to one in this order: same offsets and label (accepted), same offsets
and another label of the same control (relabelled), same label overlapping (moved, most shared characters first).
A region both moved and relabelled counts as deleted and added.</dd>
<dt>Relations</dt><dd>A predicted relation is kept when the annotation links the regions paired with both its ends
with the same relation label.</dd>
<dt>Forecast</dt><dd>Scores of a version on tasks first annotated after its first prediction: work it could not
have trained on. A project whose gold has no entity region is not scored on entities, likewise for quotes.</dd>
<dt>Dataset and sources</dt><dd>The latest annotation of each task; quote types and speakers as
<code>qawl export-gold</code> writes them.</dd>
</dl><p class="note">See docs/report.md in the qawl repository for the full definitions.</p></section>
"""


def render(report, links: dict[str, str]) -> str:
    """The whole page; ``links`` holds the relative paths of the ``csv`` and ``jsonl`` files."""
    drawn = _charts(report)
    warnings = []
    if report.predictions_by_id_only:
        warnings.append(f"{report.predictions_by_id_only:,} predictions came as ids only (a plain JSON export): "
                        "those that no annotation started from are missing, so forecasts may cover fewer tasks. "
                        "Export with predictions (docs/report.md) or use qawl report --project.")
    if report.tasks_without_text:
        warnings.append(f"{report.tasks_without_text:,} tasks had no text under the data key and were left out.")
    warning_html = "".join(f'<p class="note"><b>Note:</b> {escape(w)}</p>' for w in warnings)
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.title)} · qawl report</title><style>{CSS}</style></head><body><main>"
        f"<h1>{escape(report.title)}</h1>"
        f'<p class="meta">qawl {escape(__version__)} report of <bdi>{escape(report.source)}</bdi>, '
        f"made {_time(report.generated)}</p>"
        + warning_html + _summary(report)
        + '<div class="charts">'
        + "".join(_figure(drawn[name], name) for name in ("edits", "f1", "learning", "distribution")) + "</div>"
        + _edits_section(report) + _forecast_section(report) + _dataset_section(report, links, drawn["sources"])
        + DEFINITIONS + "</main></body></html>\n")
