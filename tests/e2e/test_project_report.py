"""``qawl report --project`` against the real Label Studio, then the report opened offline in headless Chromium.

Runs after ``test_label_studio.py`` (file order) on the same project, which by
then has nine annotations started from the shipped model's predictions and a
second model version from "Start training". This test annotates the one task
left (the showcase) from the new version's prediction, deleting one region,
pulls the project through the SDK with ``qawl report``, and checks the
report's numbers against what it knows: which version each annotation started
from, which annotations were submitted unchanged, which tasks each version's
forecast may score. Then Chromium opens the file with the network switched off
and checks that every chart drew, that nothing was fetched, and that the
Arabic cells run right to left: computed ``direction`` and the first letter of
a name drawn to the right of its last.

The screenshot goes to docs/report.png when ``QAWL_SCREENSHOT_REPORT`` is set
(or to the path it names, if it ends in ``.png``), else beside the session's logs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from e2e_chrome import Chromium
from e2e_gold import correction_for
from e2e_processes import wait_until
from e2e_project import ROOT, latest, stored_predictions

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

READ_REPORT = r"""
(() => {
  const table = id => [...document.querySelectorAll('#' + id + ' tbody tr')]
      .map(r => [...r.cells].map(c => c.textContent.trim()));
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg'), img = f.querySelector('img'), canvas = f.querySelector('canvas');
    const box = (svg || img || canvas) ? (svg || img || canvas).getBoundingClientRect() : {width: 0, height: 0};
    const inner = svg ? svg.getBBox() : {width: 0, height: 0};
    return {id: f.id, kind: svg ? 'svg' : img ? 'img' : canvas ? 'canvas' : null, width: box.width,
            height: box.height, drawnWidth: inner.width, drawnHeight: inner.height,
            shapes: svg ? svg.querySelectorAll('path, rect, use').length : 0,
            imgLoaded: img ? img.complete && img.naturalWidth > 0 : null};
  });
  const arabic = [...document.querySelectorAll('[lang="ar"]')].map(e => {
    const node = [...e.childNodes].find(n => n.nodeType === 3 && n.textContent.trim().length > 1);
    let firstRight = null;
    if (node) {
      const text = node.textContent, range = document.createRange();
      const start = text.search(/\S/), end = text.trimEnd().length;
      range.setStart(node, start); range.setEnd(node, start + 1);
      const first = range.getBoundingClientRect();
      range.setStart(node, end - 1); range.setEnd(node, end);
      const last = range.getBoundingClientRect();
      firstRight = first.left > last.left;
    }
    return {text: e.textContent.trim(), direction: getComputedStyle(e).direction, firstRight};
  });
  return {ready: document.readyState, title: document.querySelector('h1').textContent, charts, arabic,
          resources: performance.getEntriesByType('resource').map(r => r.name),
          edits: table('edits-by-version'), byLabel: table('edits-by-label'), forecast: table('forecast'),
          sources: table('sources'), labels: table('labels')};
})()
"""


def screenshot_path(e2e_dir: Path) -> Path:
    wanted = os.environ.get("QAWL_SCREENSHOT_REPORT", "").strip()
    if not wanted:
        return e2e_dir / "report.png"
    path = Path(wanted) if wanted.lower().endswith(".png") else Path("docs/report.png")
    return path if path.is_absolute() else ROOT / path


def _versions_by_age(ls_client, task_ids) -> list[str]:
    first: dict[str, str] = {}
    for task_id in task_ids:
        for prediction in stored_predictions(ls_client, task_id):
            version, made = prediction["model_version"], str(prediction["created_at"])
            first[version] = min(first.get(version, made), made)
    return sorted(first, key=first.get)


def _content(result: list[dict]) -> tuple:
    """What an annotator sees of a result: labelled spans, and relations as pairs of spans."""
    spans = {item["id"]: (item["value"]["start"], item["value"]["end"], item["value"]["labels"][0])
             for item in result if item.get("type") != "relation"}
    links = sorted((spans[item["from_id"]], spans[item["to_id"]]) for item in result if item.get("type") == "relation")
    return sorted(spans.values()), links


def test_report_of_the_project_reads_right_and_opens_offline(ls_client, project, label_studio, chromium, e2e_dir):
    task_ids = sorted(project.texts)
    annotated = {task_id: [a for a in ls_client.annotations.list(id=task_id) if not a.was_cancelled]
                 for task_id in task_ids}
    versions = _versions_by_age(ls_client, task_ids)
    if len(versions) < 2 or sum(map(len, annotated.values())) == 0:
        pytest.skip("needs the annotations and the training of test_label_studio.py (run the e2e directory)")
    old, new = versions[0], versions[-1]
    assert old == project.model_version

    # The one task left unannotated is annotated now, from the new version's prediction, one region deleted.
    left = [task_id for task_id, found in annotated.items() if not found]
    assert left == [project.showcase_task()], left
    showcase = left[0]
    prediction = next(p for p in stored_predictions(ls_client, showcase) if p["model_version"] == new)
    regions = [item for item in prediction["result"] if item.get("type") != "relation"]
    linked = {item[end] for item in prediction["result"] if item.get("type") == "relation"
              for end in ("from_id", "to_id")}
    doomed = next(r for r in regions if r["id"] not in linked)  # an unlinked region: no relation is lost
    result = [{k: v for k, v in item.items() if k != "score"} for item in prediction["result"]
              if item.get("id") != doomed["id"]]
    time.sleep(1.1)  # Label Studio's times have microseconds; keep the annotation clearly after the prediction
    ls_client.annotations.create(id=showcase, result=result, parent_prediction=prediction["id"], lead_time=9.0)

    out_dir = e2e_dir / "report"
    qawl = Path(sys.executable).parent / "qawl"
    argv = [str(qawl)] if qawl.exists() else [sys.executable, "-m", "qawl.cli"]
    env = dict(os.environ, LABEL_STUDIO_URL=label_studio.url, LABEL_STUDIO_API_KEY=label_studio.token)
    started = time.perf_counter()
    done = subprocess.run([*argv, "report", "--project", str(project.id), "-o", str(out_dir / "report.html"),
                           "--progress"], capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{len(task_ids)}/{len(task_ids)}" in done.stderr and "100%" in done.stderr  # the progress bar
    summary = json.loads(done.stdout)

    from_old = len(task_ids) - 1
    unchanged = sum(1 for task_id in task_ids if task_id != showcase
                    for annotation in annotated[task_id]
                    if _content(annotation.result) == _content(latest(project.predictions[task_id])["result"]))
    assert unchanged >= from_old - sum(1 for task_id in task_ids if correction_for(project.texts[task_id]))
    assert summary["versions"] == [old, new]
    assert (summary["tasks"], summary["annotated_tasks"], summary["annotations"]) == ((len(task_ids),) * 3)
    assert summary["forecast_tasks"] == {old: len(task_ids), new: 1}
    assert summary["edit_rate"][new] == round(1 / len(regions), 4)
    assert 0 < summary["edit_rate"][old] < 1
    assert summary["sources"] > 0 and summary["quotes"] > 0
    assert seconds < 60, f"the report of {len(task_ids)} tasks took {seconds:.1f} s"

    browser = Chromium(chromium, e2e_dir / "report-browser")
    browser.start()
    try:
        page = browser.page()
        try:
            page.viewport(1280, 1120, scale=1.25)
            page.send("Network.enable")
            page.send("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                      uploadThroughput=-1)
            page.navigate((out_dir / "report.html").resolve().as_uri())
            wait_until(lambda: page.evaluate("document.readyState") == "complete", 30, "the report to load")
            shown = page.evaluate(READ_REPORT)
            time.sleep(0.5)
            shot = page.screenshot(screenshot_path(e2e_dir))
        finally:
            page.close()
    finally:
        browser.stop()

    assert shown["title"] == "qawl end-to-end"
    assert [chart["id"] for chart in shown["charts"]] == [
        "chart-edits", "chart-f1", "chart-learning", "chart-distribution", "chart-sources"]
    for chart in shown["charts"]:
        assert chart["kind"] == "svg" and chart["width"] > 200 and chart["height"] > 100, chart
        assert chart["drawnWidth"] > 100 and chart["drawnHeight"] > 50 and chart["shapes"] > 10, chart
    assert all(url.startswith(("file:", "data:")) for url in shown["resources"]), shown["resources"]

    arabic = [cell for cell in shown["arabic"] if any("\u0600" <= ch <= "\u06ff" for ch in cell["text"])]
    assert len(arabic) >= 3 * len(shown["sources"]) > 0
    assert all(cell["direction"] == "rtl" for cell in shown["arabic"])
    assert all(cell["firstRight"] for cell in arabic if cell["firstRight"] is not None)
    assert sum(cell["firstRight"] is True for cell in arabic) >= len(shown["sources"])

    rows = {row[0]: row for row in shown["edits"]}
    assert list(rows) == [old, new]
    assert rows[old][1:3] == [str(from_old), str(unchanged)]  # annotations, submitted unchanged
    assert rows[new][1:3] == ["1", "0"]
    assert rows[new][3] == str(len(regions)) and rows[new][4] == str(len(regions) - 1)  # predicted, accepted
    assert rows[new][5:9] == ["0", "0", "1", "0"]  # moved, relabelled, deleted, added
    assert rows[new][-1] == "9.0"  # the mean time the annotation says it took
    forecast = {row[0]: row for row in shown["forecast"]}
    assert forecast[old][2:4] == ["0", str(len(task_ids))] and forecast[new][2:4] == [str(from_old), "1"]
    labels = dict((row[0], int(row[1].replace(",", ""))) for row in shown["labels"])
    assert labels["QUOTE"] > 0 and labels["SPEAKER"] > 0
    assert shot.stat().st_size > 50_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
