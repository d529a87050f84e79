"""Auto-Annotation on Label Studio's labeling page (issue 24), in headless Chromium.

An annotator turns Auto-Annotation on, picks a label and draws a region. Label Studio posts the drawn region to
qawl (``/api/ml/{id}/interactive-annotating``) and shows what comes back. The test reads the page the labeling
frontend draws (the highlights with their labels and offsets, the relation arrows, the frontend's error box) and
the annotation store behind it (``window.Htx``: the regions, the relations with their two ends). The text is
selected with a DOM Range and the ``mouseup`` the text tag listens to, as a mouse drag ends. The screenshot
goes to ``$QAWL_SCREENSHOT_INTERACTIVE`` (docs/interactive.png for the README), else next to the session's logs.

Three drawings: an entity, which qawl proposes at the name's other occurrences (the model's ``said`` relations
between its suggested regions are drawn as arrows); a SPEAKER the model missed, whose quotes qawl proposes and
takes from the speaker the model had given them to; and a name inside a quote, around which the quote, its speaker
and its arrow stay (and the tagger's shorter LOC inside the drawn name is not proposed). The ``said`` relations
from the drawn SPEAKER itself are not asked for here: Label Studio 1.23.2 suffixes both ends of every suggested
relation with the annotation's id (``<id>#<annotation>``), which a region drawn a moment ago does not carry, so a
relation that ends on the drawn region cannot be resolved and the labeling page shows a mobx-state-tree error
instead of the text. qawl leaves such relations out by default (``QAWL_LINK_DRAWN_REGIONS``); the e2e test over
Label Studio's interactive API checks them.

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
from test_interactive import EVEREST, MISSED

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGE_TIMEOUT = 90.0
STEP_TIMEOUT = 20.0
SUGGESTION_TIMEOUT = 60.0
DRAWN_TIMEOUT = 5.0
DRAW_ATTEMPTS = 3

DRAWN = "إيفِرِست"  # the mountain, with diacritics; the model does not tag it
OCCURRENCES = [("ايفرست", 0), ("إيفرست", 0)]  # (spelling, which one): where qawl proposes it too
SPEAKER = "النقيب مروان العلي"  # the model misses him and gives his quotes to the minister
MINISTER = "وزير المالية"
SPEAKER_QUOTES = ["لن نتراجع عن مطالبنا مهما كانت الضغوط علينا", "الإضراب سيستمر حتى تحقيق المطالب"]
MINISTER_QUOTE = "العجز سيتراجع هذا العام"
# A name inside a quote: the annotator draws it, the quote around it stays, with its speaker and arrow.
FESTIVAL = "وقال رئيس البلدية إن مهرجان قرطاج الدولي سيفتتح الأسبوع المقبل بحفل كبير. وأضاف أن التذاكر نفدت."
FESTIVAL_NAME = "مهرجان قرطاج الدولي"

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
  if (!root) return null;  // the page is rendering the annotation again
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


def screenshot_path(e2e_dir: Path, suffix: str = "") -> Path:
    """Where a test's picture goes: ``$QAWL_SCREENSHOT_INTERACTIVE`` (its stem + ``suffix``), else the logs."""
    wanted = os.environ.get("QAWL_SCREENSHOT_INTERACTIVE")
    path = Path(wanted) if wanted else e2e_dir / "interactive.png"
    path = path if path.is_absolute() else ROOT / path
    return path.with_name(f"{path.stem}{suffix}{path.suffix}")


@pytest.fixture(scope="module")
def browser_project(ls_client, project, backend):
    """(project id, {text: task id}) of a project connected for Auto-Annotation, holding EVEREST, MISSED and
    FESTIVAL."""
    created = ls_client.projects.create(title="qawl interactive (browser)", label_config=project.label_config,
                                        show_collab_predictions=False)
    ls_client.ml.create(project=created.id, url=backend.url, title="qawl", is_interactive=True,
                        auth_method="BASIC_AUTH", basic_auth_user=backend.auth[0], basic_auth_pass=backend.auth[1])
    ls_client.projects.import_tasks(id=created.id, request=[{"data": {"text": text}}
                                                            for text in (EVEREST, MISSED, FESTIVAL)])
    tasks = list(ls_client.tasks.list(project=created.id, fields="all"))
    return created.id, {task.data["text"]: task.id for task in tasks}


@pytest.fixture(scope="module")
def interactive_browser(chromium, e2e_dir):
    """A Chromium of its own (its own profile): test_browser's is session-scoped and may still run."""
    instance = Chromium(chromium, e2e_dir / "interactive-browser")
    try:
        yield instance.start()
    finally:
        instance.stop()


def _state(page, control: str = "entity") -> dict:
    return page.evaluate(f"{READ_STATE}({json.dumps(control)})")


def _step(page, check, timeout: float, what: str, interval: float = 0.3, control: str = "entity") -> dict:
    """Wait until ``check(state)``; fail at once if the frontend shows an error box, else after ``timeout`` s,
    with the last state of the page."""
    deadline = time.monotonic() + timeout
    state: dict = {}
    while True:
        try:
            state = _state(page, control)
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


def _set_auto_annotation(page, on: bool) -> None:
    """Click the Auto-Annotation toggle unless it already is ``on`` (the bottom bar may render again between
    a read and a click: click when it is there)."""
    click = ("((on) => { const t = document.querySelector('[data-testid=\"bottombar-auto-annotation-toggle\"]');"
             " if (!t) return false; if (t.checked !== on) t.click(); return true; })")
    deadline = time.monotonic() + STEP_TIMEOUT
    while not page.evaluate(f"{click}({json.dumps(on)})"):
        assert time.monotonic() < deadline, "the Auto-Annotation toggle went away and did not come back"
        time.sleep(0.2)


def _draw_with_auto_annotation(page, label_studio, project_id: int, task_id: int, text: str, label: str,
                               control: str, start: int, end: int) -> None:
    """Open the task's labeling page, turn Auto-Annotation on, pick ``label`` and draw ``text[start:end]``."""
    page.viewport(1280, 720, scale=1.5)
    page.set_cookies(login_cookies(label_studio), "127.0.0.1")
    url = f"{label_studio.url}/projects/{project_id}/data?task={task_id}"
    page.navigate(url)
    loaded = _step(page, lambda s: s["ready"] and s["text"] and s["text"].split() == text.split(),
                   PAGE_TIMEOUT, f"the labeling page of task {task_id} with its text and the Auto-Annotation toggle",
                   control=control)
    if loaded["toggleChecked"]:
        # Auto-Annotation stays on from an earlier page and then asks for the whole prediction as the page
        # opens: turn it off and open the page again, so that the annotation starts empty
        _set_auto_annotation(page, False)
        _step(page, lambda s: not s["toggleChecked"], STEP_TIMEOUT, "Auto-Annotation off", control=control)
        page.navigate(url)
        loaded = _step(page, lambda s: s["ready"] and s["text"] and s["text"].split() == text.split()
                       and not s["toggleChecked"], PAGE_TIMEOUT, f"the labeling page of task {task_id} again",
                       control=control)
    assert loaded["regions"] == [], f"the annotation should start empty: {loaded['regions']}"

    _set_auto_annotation(page, True)
    _step(page, lambda s: s["autoAnnotation"] and s["toggleChecked"], STEP_TIMEOUT, "Auto-Annotation on",
          control=control)

    # The page may render the annotation again a moment after it opens (when Label Studio's own request for
    # the task's predictions returns), which clears the chosen label and loses a selection made meanwhile:
    # an annotator would pick the label and draw again, and so does the test, until the region is there.
    for attempt in range(DRAW_ATTEMPTS):
        deadline = time.monotonic() + STEP_TIMEOUT
        while not page.evaluate(f"{CLICK_LABEL}({json.dumps(label)})"):
            shown = page.evaluate("[...document.querySelectorAll('.lsf-label')].map(e => e.textContent)")
            assert time.monotonic() < deadline, f"no {label} label on the page: {shown}"
            time.sleep(0.3)
        _step(page, lambda s: label in s["selectedLabels"], STEP_TIMEOUT, f"the {label} label selected",
              control=control)

        selected = page.evaluate(f"{DRAW}({start}, {end})")
        assert selected in (None, text[start:end]), f"the selection is {selected!r}, not {text[start:end]!r}"
        try:
            _step(page, lambda s: any(r["label"] == label and r["text"] == text[start:end] and r["origin"] == "manual"
                                      for r in s["regions"]), DRAWN_TIMEOUT, f"the drawn {label} region",
                  control=control)
            return
        except AssertionError:
            if attempt == DRAW_ATTEMPTS - 1:
                raise


def _draw_and_read(browser, label_studio, project_id: int, task_id: int, text: str, label: str, control: str,
                   start: int, end: int, suggested, what: str, shot_path: Path) -> tuple[dict, list, Path]:
    """Draw the region with Auto-Annotation on, wait until ``suggested(state)`` holds with the drawn region
    still in the annotation, and read the page: (the store's state, the highlights, the screenshot taken
    whatever happened).

    Label Studio's page sometimes renders the annotation again just after the drawing (a late answer to one of
    its own requests). The drawn region is then gone, and Label Studio asks for suggestions again, with no
    drawn region in the context, so qawl rightly proposes the whole prediction; or that late request's answer
    arrives after the drawing, and the predicted region lies under the drawn one. An annotator would draw
    again; so does the test, on a fresh page, at most ``DRAW_ATTEMPTS`` times."""
    def kept(s):
        return [r["origin"] for r in s["regions"] if r["label"] == label and r["text"] == text[start:end]] \
            == ["manual"]

    for _ in range(DRAW_ATTEMPTS):
        page = browser.page()
        try:
            try:
                _draw_with_auto_annotation(page, label_studio, project_id, task_id, text, label, control, start,
                                           end)
                state = _step(page, lambda s: suggested(s) or not kept(s), SUGGESTION_TIMEOUT, what,
                              control=control)
                if kept(state):
                    state, highlights = _settled(page, control, what)
                    time.sleep(1.0)  # let the arrows settle before the picture
                    return state, highlights, page.screenshot(shot_path)
                page.screenshot(shot_path)
            except BaseException:
                page.screenshot(shot_path)
                raise
        finally:
            page.close()
    raise AssertionError(f"the drawn {label} region went away {DRAW_ATTEMPTS} times after it was drawn; last "
                         f"state: {json.dumps(state, ensure_ascii=False)[:3000]}")


def _settled(page, control: str, what: str) -> tuple[dict, list]:
    """The store's state and the page's highlights once every region in the store is highlighted: the
    frontend draws the suggested regions again after it takes them, and for a moment the drawn one may be
    in the store but not yet on the page."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while True:
        state, highlights = _state(page, control), page.evaluate(READ_HIGHLIGHTS)
        shown = {(label, text) for label, text, _, _ in shown_regions(highlights)}
        missing = {(r["label"], r["text"]) for r in state["regions"]} - shown
        if not missing:
            return state, highlights
        if time.monotonic() > deadline:  # _sound_page says which region is missing
            return state, highlights
        time.sleep(0.3)


def _sound_page(state: dict, highlights: list, shot: Path, label: str, text: str, start: int, end: int):
    """What every drawing must leave on the page: no error box, the drawn region highlighted once, by hand,
    with its label; every relation resolved, labelled said and drawn as an arrow; a real screenshot.
    Returns the highlighted regions and the store's regions by id."""
    assert not state["errors"], state["errors"]
    shown = shown_regions(highlights)
    assert (label, text[start:end], start, end) in shown, f"the drawn region is not highlighted: {shown}"
    drawn = [r for r in state["regions"] if r["text"] == text[start:end]]
    assert [(r["label"], r["origin"]) for r in drawn] == [(label, "manual")], \
        f"the drawn region is repeated, relabelled or lost: {drawn}"
    assert not [r for r in state["relations"] if "broken" in r], state["relations"]
    assert all(r["labels"] == ["said"] for r in state["relations"]), state["relations"]
    assert state["arrows"] == ["said"] * len(state["relations"])
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return shown, {r["cleanId"]: r for r in state["regions"]}


def test_drawing_an_entity_with_auto_annotation_on_proposes_it_elsewhere_and_draws_the_said_arrows(
        interactive_browser, browser_project, label_studio, e2e_dir):
    project_id, tasks = browser_project
    start = EVEREST.index(DRAWN)
    end = start + len(DRAWN)
    expected = [("MISC", spelling, *_offsets(spelling, n)) for spelling, n in OCCURRENCES]

    def suggested(s):
        shown = {(r["label"], r["text"]) for r in s["regions"]}
        return (("MISC", DRAWN) in shown and all(("MISC", spelling) in shown for spelling, _ in OCCURRENCES)
                and s["relations"] and len(s["arrows"]) >= len(s["relations"]))

    state, highlights, shot = _draw_and_read(
        interactive_browser, label_studio, project_id, tasks[EVEREST], EVEREST, "MISC", "entity", start, end,
        suggested, "the drawn name, its suggested occurrences and the suggested said arrows",
        screenshot_path(e2e_dir))

    shown, by_id = _sound_page(state, highlights, shot, "MISC", EVEREST, start, end)
    for region in expected:
        assert region in shown, f"no suggested highlight {region}: {shown}"
    for relation in state["relations"]:
        assert (by_id[relation["from"]]["label"], by_id[relation["to"]]["label"]) == ("SPEAKER", "QUOTE")


def test_drawing_a_missed_speaker_with_auto_annotation_on_proposes_his_quotes_and_takes_them_from_the_minister(
        interactive_browser, browser_project, label_studio, e2e_dir):
    project_id, tasks = browser_project
    start = MISSED.index(SPEAKER)
    end = start + len(SPEAKER)

    def suggested(s):
        quotes = {r["text"] for r in s["regions"] if r["label"] == "QUOTE"}
        return set(SPEAKER_QUOTES) <= quotes and s["relations"] and len(s["arrows"]) >= len(s["relations"])

    state, highlights, shot = _draw_and_read(
        interactive_browser, label_studio, project_id, tasks[MISSED], MISSED, "SPEAKER", "attribution", start, end,
        suggested, "the drawn speaker's quotes and the minister's said arrow", screenshot_path(e2e_dir, "-speaker"))

    shown, by_id = _sound_page(state, highlights, shot, "SPEAKER", MISSED, start, end)
    for quote in SPEAKER_QUOTES:
        begin = MISSED.index(quote)
        assert ("QUOTE", quote, begin, begin + len(quote)) in shown, f"no QUOTE highlight on {quote!r}: {shown}"
    said = sorted((by_id[r["from"]]["text"], by_id[r["to"]]["text"]) for r in state["relations"])
    # the minister keeps his own quote and no longer has the striker's; the drawn speaker's arrows are the
    # annotator's to draw on Label Studio 1.23.2 (see the module's docstring)
    assert said == [(MINISTER, MINISTER_QUOTE)], said


def test_drawing_a_name_inside_a_quote_keeps_the_quote_its_speaker_and_arrow(
        interactive_browser, browser_project, label_studio, e2e_dir):
    project_id, tasks = browser_project
    start = FESTIVAL.index(FESTIVAL_NAME)
    end = start + len(FESTIVAL_NAME)
    quote = FESTIVAL_NAME + " سيفتتح الأسبوع المقبل بحفل كبير"

    def suggested(s):
        return any(r["label"] == "QUOTE" and r["text"] == quote for r in s["regions"]) and s["relations"] \
            and len(s["arrows"]) >= len(s["relations"])

    state, highlights, shot = _draw_and_read(
        interactive_browser, label_studio, project_id, tasks[FESTIVAL], FESTIVAL, "MISC", "entity", start, end,
        suggested, "the quote around the drawn name, its speaker and the said arrow",
        screenshot_path(e2e_dir, "-inside-quote"))

    shown, by_id = _sound_page(state, highlights, shot, "MISC", FESTIVAL, start, end)
    begin = FESTIVAL.index(quote)
    assert ("QUOTE", quote, begin, begin + len(quote)) in shown, f"the quote around it is gone: {shown}"
    said = sorted((by_id[r["from"]]["text"], by_id[r["to"]]["text"]) for r in state["relations"])
    assert ("رئيس البلدية", quote) in said, said
