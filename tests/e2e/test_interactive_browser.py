"""Auto-Annotation on Label Studio's labeling page (issue 24), in headless Chromium.

An annotator turns Auto-Annotation on, picks a label and draws a region. Label Studio posts the drawn region to
qawl (``/api/ml/{id}/interactive-annotating``) and shows what comes back. The test reads the page the labeling
frontend draws (the highlights with their labels and offsets, the relation arrows, the frontend's error box) and
the annotation store behind it (``window.Htx``: the regions, the relations with their two ends). The text is
selected with a DOM Range and the ``mouseup`` the text tag listens to, as a mouse drag ends. The screenshot
goes to ``$QAWL_SCREENSHOT_INTERACTIVE`` (docs/interactive.png for the README), else next to the session's logs.

The drawing is an entity: qawl proposes the name at its other occurrences and the model's ``said`` relations
between its suggested regions are drawn as arrows. A drawn SPEAKER is not tested here: Label Studio 1.23.2
suffixes every id of a suggestion relation with the annotation's id (``<id>#<annotation>``), which a region
drawn a moment ago does not carry, so a ``said`` relation that points at the drawn region cannot be resolved and
the labeling page shows a mobx-state-tree error instead of the text.

The project is its own (interactive, and without "use predictions to pre-label", so the annotation starts empty
and everything in it besides the drawn region came from Auto-Annotation).
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from e2e_chrome import Chromium
from e2e_project import ROOT
from test_browser import READ_HIGHLIGHTS, login_cookies, shown_regions
from test_interactive import EVEREST

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGE_TIMEOUT = 90.0
STEP_TIMEOUT = 20.0
SUGGESTION_TIMEOUT = 60.0

DRAWN = "إيفِرِست"  # the mountain, with diacritics; the model does not tag it
OCCURRENCES = [("ايفرست", 0), ("إيفرست", 0)]  # (spelling, which one): where qawl proposes it too

# The labeling frontend's state, read defensively: any piece may not exist yet while the page loads.
READ_STATE = r"""
((controlName) => {
  const store = window.Htx;
  const annotation = store && store.annotationStore && store.annotationStore.selected;
  const toggle = document.querySelector('[data-testid="bottombar-auto-annotation-toggle"]');
  const text = document.querySelector('.lsf-richtext__container');
  const control = annotation && annotation.names && annotation.names.get(controlName);
  const regions = annotation ? annotation.regionStore.regions.map(r => ({
    id: r.id, cleanId: r.cleanId, label: r.labelName, text: r.text, origin: r.origin})) : [];
  const relations = annotation ? annotation.relationStore.relations.map(r => {
    try { return {from: r.node1.cleanId, to: r.node2.cleanId, labels: [...(r.labels || [])]}; }
    catch (error) { return {broken: String(error).slice(0, 300)}; }
  }) : [];
  const errors = [...document.querySelectorAll('.lsf-error-message, [class*="error-message"], [class*="lsf-errors"]')]
    .map(e => e.textContent).filter(t => t && t.trim());
  return {
    ready: !!(annotation && toggle && text),
    text: text ? text.textContent : null,
    autoAnnotation: !!(store && store.autoAnnotation),
    toggleChecked: !!(toggle && toggle.checked),
    selectedLabels: control ? control.selectedLabels.map(l => l.value) : [],
    regions, relations, errors,
    arrows: [...document.querySelectorAll('svg.relations-overlay [class*="relationItem"]')]
      .map(a => [...a.querySelectorAll('text')].map(t => t.textContent).join(' ')),
  };
})
"""

CLICK_LABEL = r"""
((label) => {
  const found = [...document.querySelectorAll('.lsf-label')]
    .find(el => (el.querySelector('.lsf-label__text') || {}).textContent === label);
  if (!found) return false;
  found.click();
  return true;
})
"""

# Select [start, end) of the text the text tag shows (its text nodes walked in order) and end the drag.
DRAW = r"""
((start, end) => {
  const root = document.querySelector('.lsf-richtext__container');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (!started && start >= pos && start < pos + length) { range.setStart(node, start - pos); started = true; }
    if (started && end > pos && end <= pos + length) {
      range.setEnd(node, end - pos);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      const chosen = range.toString();  // the frontend replaces the selected text nodes on mouseup
      const box = range.getBoundingClientRect();
      range.endContainer.parentElement.dispatchEvent(new MouseEvent('mouseup', {
        bubbles: true, cancelable: true, view: window, button: 0,
        clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
      return chosen;
    }
    pos += length;
  }
  return null;
})
"""


def screenshot_path(e2e_dir: Path) -> Path:
    wanted = os.environ.get("QAWL_SCREENSHOT_INTERACTIVE")
    if not wanted:
        return e2e_dir / "interactive.png"
    path = Path(wanted)
    return path if path.is_absolute() else ROOT / path


@pytest.fixture(scope="module")
def browser_project(ls_client, project, backend):
    """(project id, task id) of a project connected for Auto-Annotation, holding the EVEREST text only."""
    created = ls_client.projects.create(title="qawl interactive (browser)", label_config=project.label_config,
                                        show_collab_predictions=False)
    ls_client.ml.create(project=created.id, url=backend.url, title="qawl", is_interactive=True,
                        auth_method="BASIC_AUTH", basic_auth_user=backend.auth[0], basic_auth_pass=backend.auth[1])
    ls_client.projects.import_tasks(id=created.id, request=[{"data": {"text": EVEREST}}])
    [task] = list(ls_client.tasks.list(project=created.id, fields="all"))
    return created.id, task.id


@pytest.fixture(scope="module")
def interactive_browser(chromium, e2e_dir):
    """A Chromium of its own (its own profile): test_browser's is session-scoped and may still run."""
    instance = Chromium(chromium, e2e_dir / "interactive-browser")
    try:
        yield instance.start()
    finally:
        instance.stop()


def _state(page) -> dict:
    return page.evaluate(f"{READ_STATE}('entity')")


def _step(page, check, timeout: float, what: str, interval: float = 0.3) -> dict:
    """Wait until ``check(state)``; fail at once if the frontend shows an error box, else after ``timeout`` s,
    with the last state of the page."""
    deadline = time.monotonic() + timeout
    state: dict = {}
    while True:
        try:
            state = _state(page)
        except RuntimeError as error:  # the page is still navigating: its JavaScript context may go away
            state = {"unreadable": str(error)[:300]}
        if state.get("errors"):
            raise AssertionError(f"the labeling page shows an error while waiting for {what}: {state['errors']}; "
                                 f"relations in the store: {state['relations']}")
        if "unreadable" not in state and check(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout:.0f} s; last state of the page: "
                                 f"{json.dumps(state, ensure_ascii=False)[:3000]}")
        time.sleep(interval)


def _offsets(spelling: str, occurrence: int) -> tuple[int, int]:
    """Where the ``occurrence``-th ``spelling`` stands in EVEREST as a whole name (after a clitic at most)."""
    found = [m for m in re.finditer(rf"(?<![\w]{{2}}){re.escape(spelling)}(?!\w)", EVEREST)]
    start = found[occurrence].start()
    return start, start + len(spelling)


def test_drawing_an_entity_with_auto_annotation_on_proposes_it_elsewhere_and_draws_the_said_arrows(
        interactive_browser, browser_project, label_studio, e2e_dir):
    project_id, task_id = browser_project
    start = EVEREST.index(DRAWN)
    end = start + len(DRAWN)
    expected = [("MISC", spelling, *_offsets(spelling, n)) for spelling, n in OCCURRENCES]

    page = interactive_browser.page()
    try:
        page.viewport(1280, 720, scale=1.5)
        page.set_cookies(login_cookies(label_studio), "127.0.0.1")
        page.navigate(f"{label_studio.url}/projects/{project_id}/data?task={task_id}")
        try:
            state = _step(page, lambda s: s["ready"] and s["text"] and s["text"].split() == EVEREST.split(),
                          PAGE_TIMEOUT, f"the labeling page of task {task_id} with its text and the "
                                        "Auto-Annotation toggle")
            assert state["regions"] == [], f"the annotation should start empty: {state['regions']}"

            if not state["toggleChecked"]:
                # the bottom bar may render again between the read and the click: click when it is there
                click = ("(() => { const t = document.querySelector('[data-testid=\"bottombar-auto-annotation-toggle\"]');"
                         " if (!t) return false; if (!t.checked) t.click(); return true; })()")
                deadline = time.monotonic() + STEP_TIMEOUT
                while not page.evaluate(click):
                    assert time.monotonic() < deadline, "the Auto-Annotation toggle went away and did not come back"
                    time.sleep(0.2)
            _step(page, lambda s: s["autoAnnotation"] and s["toggleChecked"], STEP_TIMEOUT, "Auto-Annotation on")

            assert page.evaluate(f"{CLICK_LABEL}({json.dumps('MISC')})"), "no MISC label on the page"
            _step(page, lambda s: "MISC" in s["selectedLabels"], STEP_TIMEOUT, "the MISC label selected")

            selected = page.evaluate(f"{DRAW}({start}, {end})")
            assert selected == DRAWN, f"the selection is {selected!r}, not the name"

            def suggested(s):
                shown = {(r["label"], r["text"]) for r in s["regions"]}
                return (("MISC", DRAWN) in shown and all(("MISC", spelling) in shown for spelling, _ in OCCURRENCES)
                        and s["relations"] and len(s["arrows"]) >= len(s["relations"]))

            _step(page, suggested, SUGGESTION_TIMEOUT,
                  "the drawn name, its suggested occurrences and the suggested said arrows")
            time.sleep(1.0)  # let the arrows settle before the picture
            state = _state(page)
            highlights = page.evaluate(READ_HIGHLIGHTS)
        finally:
            shot = page.screenshot(screenshot_path(e2e_dir))
    finally:
        page.close()

    assert not state["errors"], state["errors"]
    shown = shown_regions(highlights)
    assert ("MISC", DRAWN, start, end) in shown, f"the drawn name is not highlighted: {shown}"
    for region in expected:
        assert region in shown, f"no suggested highlight {region}: {shown}"
    drawn = [r for r in state["regions"] if r["text"] == DRAWN]
    assert [r["origin"] for r in drawn] == ["manual"], f"the drawn region is repeated or lost: {drawn}"
    assert not [r for r in state["relations"] if "broken" in r], state["relations"]
    by_id = {r["cleanId"]: r for r in state["regions"]}
    for relation in state["relations"]:
        assert relation["labels"] == ["said"]
        assert (by_id[relation["from"]]["label"], by_id[relation["to"]]["label"]) == ("SPEAKER", "QUOTE")
    assert state["arrows"] == ["said"] * len(state["relations"])
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
