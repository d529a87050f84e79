"""What an annotator sees: a pre-annotated Arabic task in Label Studio's labeling page, in headless Chromium.

The page is read from the DOM the labeling frontend draws: each highlight
carries its label and the offsets the frontend computed, so the test proves
that Label Studio places qawl's regions on exactly the predicted characters,
runs the text right to left and draws the ``said`` arrows. The screenshot goes
to ``$QAWL_SCREENSHOT`` (``make screenshot`` points it at docs/screenshot.png),
else next to the session's logs.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from pathlib import Path

import pytest
import requests

from e2e_project import ROOT, latest
from e2e_chrome import Chromium
from e2e_processes import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGE_TIMEOUT = 90.0

# Every highlight span: the region it belongs to (its htx-highlight-<id> class), its label and offsets, its
# text, and whether it sits inside another span of the same region (nested spans repeat their text).
READ_HIGHLIGHTS = r"""
(() => {
  const regionOf = (el) => [...el.classList].find(c => /^htx-highlight-/.test(c));
  return [...document.querySelectorAll('.htx-highlight')].map(el => {
    const region = regionOf(el);
    let nested = false;
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (up.classList && up.classList.contains(region)) { nested = true; break; }
    }
    return {region, label: el.dataset.label || '', start: el.dataset.start, end: el.dataset.end,
            text: el.textContent, nested};
  });
})()
"""

READ_PAGE = r"""
(() => {
  const text = document.querySelector('.lsf-richtext');
  const arrows = [...document.querySelectorAll('svg.relations-overlay [class*="relationItem"]')];
  return {
    direction: text ? getComputedStyle(text).direction : null,
    shownText: text ? text.textContent : null,
    relations: arrows.map(a => [...a.querySelectorAll('text')].map(t => t.textContent).join(' ')),
    body: document.body.innerText,
  };
})()
"""


def screenshot_path(e2e_dir: Path) -> Path:
    wanted = os.environ.get("QAWL_SCREENSHOT")
    if not wanted:
        return e2e_dir / "screenshot.png"
    path = Path(wanted)
    return path if path.is_absolute() else ROOT / path


def login_cookies(label_studio) -> dict[str, str]:
    """Log in through Label Studio's own login form and keep its cookies (session and CSRF)."""
    session = requests.Session()
    login = f"{label_studio.url}/user/login/"
    session.get(login, timeout=30).raise_for_status()
    response = session.post(login, data={"email": label_studio.username, "password": label_studio.password,
                                         "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                            headers={"Referer": login}, allow_redirects=False, timeout=30)
    assert response.status_code == 302 and "sessionid" in session.cookies, (
        f"login failed: HTTP {response.status_code}, cookies {sorted(session.cookies.keys())}")
    return dict(session.cookies)


@pytest.fixture(scope="session")
def browser(chromium, e2e_dir):
    instance = Chromium(chromium, e2e_dir)
    try:
        yield instance.start()
    finally:
        instance.stop()


def shown_regions(highlights: list[dict]) -> list[tuple]:
    """(label, text, start, end) per region drawn, its spans joined in page order. A region split around
    another one's highlight carries its start on its first piece and its label and end on its last."""
    parts: dict[str, list[str]] = defaultdict(list)
    meta: dict[str, dict] = {}
    for span in highlights:
        info = meta.setdefault(span["region"], {})
        if span.get("label"):
            info["label"] = span["label"].split(":", 1)[-1]
        if span.get("start") is not None:
            info.setdefault("start", int(span["start"]))
        if span.get("end") is not None:
            info["end"] = int(span["end"])
        if not span["nested"]:
            parts[span["region"]].append(span["text"])
    return sorted((info.get("label", ""), "".join(parts[region]), info.get("start", -1), info.get("end", -1))
                  for region, info in meta.items())


def predicted_regions(result: list[dict]) -> list[tuple]:
    return sorted((",".join(r["value"]["labels"]), r["value"]["text"], r["value"]["start"], r["value"]["end"])
                  for r in result if r.get("type") != "relation")


def test_labeling_page_shows_predicted_regions_right_to_left_with_said_arrows(browser, project, label_studio,
                                                                              e2e_dir):
    task_id = project.showcase_task()
    prediction = latest(project.predictions[task_id])
    expected = predicted_regions(prediction["result"])
    said = [r for r in prediction["result"] if r.get("type") == "relation"]
    assert said, f"no example task has a said relation to show (task {task_id})"

    page = browser.page()
    try:
        page.viewport(1280, 720, scale=1.5)
        page.set_cookies(login_cookies(label_studio), "127.0.0.1")
        page.navigate(f"{label_studio.url}/projects/{project.id}/data?task={task_id}")
        wait_until(lambda: len({h["region"] for h in page.evaluate(READ_HIGHLIGHTS)}) >= len(expected),
                   PAGE_TIMEOUT, f"{len(expected)} highlighted regions on the labeling page of task {task_id}")
        wait_until(lambda: len(page.evaluate(READ_PAGE)["relations"]) >= len(said), 30,
                   f"{len(said)} relation arrows")
        time.sleep(1.0)  # let the arrows settle before the picture
        shot = page.screenshot(screenshot_path(e2e_dir))
        highlights, shown = page.evaluate(READ_HIGHLIGHTS), page.evaluate(READ_PAGE)
    finally:
        page.close()

    assert shown_regions(highlights) == expected
    assert shown["direction"] == "rtl"
    assert project.texts[task_id].split() == shown["shownText"].split(), "the page shows another text"
    assert shown["relations"] == ["said"] * len(said)
    assert project.model_version in shown["body"], "the prediction tab names the model version"
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
