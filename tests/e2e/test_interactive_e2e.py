"""Interactive pre-annotation through a real Label Studio 1.23.2: ``POST /api/ml/{id}/interactive-annotating``.

Label Studio expands the task, posts it to qawl's ``/predict`` with ``params.context`` and hands back
``{"data": <the prediction>}`` (contract §4.2). The tests use a project of their own, connected with
``is_interactive=true``, so the shared project of the other e2e tests keeps its tasks and predictions.
The backend runs with its defaults: no suggested relation ends on a drawn region (Label Studio 1.23.2's
labeling page cannot show one), so a drawn speaker's quotes are read as the QUOTE regions proposed.
"""

from __future__ import annotations

import pytest

from test_interactive import EVEREST, FOUND, MISSED, check_rules, drawn, labelled

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def interactive(ls_client, project, backend, label_studio):
    """(Label Studio session, ML backend id, task id by text) of a project connected for Auto-Annotation."""
    created = ls_client.projects.create(title="qawl interactive", label_config=project.label_config)
    ml = ls_client.ml.create(project=created.id, url=backend.url, title="qawl", is_interactive=True,
                             auth_method="BASIC_AUTH", basic_auth_user=backend.auth[0],
                             basic_auth_pass=backend.auth[1])
    ls_client.projects.import_tasks(id=created.id, request=[{"data": {"text": t}} for t in (FOUND, MISSED, EVEREST)])
    tasks = {task.data["text"]: task.id for task in ls_client.tasks.list(project=created.id, fields="all")}
    assert len(tasks) == 3
    return label_studio.api(), label_studio.url, ml.id, tasks, project.label_config


def auto_annotate(interactive, text: str, *context: dict) -> list[dict]:
    session, url, ml_id, tasks, label_config = interactive
    response = session.post(f"{url}/api/ml/{ml_id}/interactive-annotating",
                            json={"task": tasks[text], "context": {"result": list(context)}}, timeout=100)
    assert response.status_code == 200, response.text
    result = response.json()["data"]["result"]
    check_rules(result, text, label_config, list(context))
    return result


def unlinked_quotes(result: list[dict], drawn_id: str) -> list[str]:
    """The proposed quotes that no returned speaker claims (those of the drawn speaker), and no relation to it."""
    assert all(drawn_id not in (r["from_id"], r["to_id"]) for r in result if r["type"] == "relation")
    claimed = {r["to_id"] for r in result if r["type"] == "relation"}
    return [r["value"]["text"] for r in result
            if r["type"] == "labels" and r["value"]["labels"] == ["QUOTE"] and r["id"] not in claimed]


def test_a_speaker_the_model_also_found(interactive):
    result = auto_annotate(interactive, FOUND, drawn("s1", FOUND, "وزير الخارجية الأردني أيمن الصفدي", "SPEAKER"))
    assert unlinked_quotes(result, "s1") == ["المنطقة تحتاج إلى حل سياسي عاجل",
                                             "بلاده ستدعم جهود الأمم المتحدة في المنطقة"]
    assert labelled(result, "SPEAKER") == []


def test_a_speaker_the_model_missed(interactive):
    result = auto_annotate(interactive, MISSED, drawn("s1", MISSED, "النقيب مروان العلي", "SPEAKER"))
    assert unlinked_quotes(result, "s1") == ["لن نتراجع عن مطالبنا مهما كانت الضغوط علينا",
                                             "الإضراب سيستمر حتى تحقيق المطالب"]


def test_a_shorter_speaker_inside_the_models(interactive):
    result = auto_annotate(interactive, FOUND, drawn("s1", FOUND, "أيمن الصفدي", "SPEAKER"))
    assert len(unlinked_quotes(result, "s1")) == 2 and labelled(result, "SPEAKER") == []


def test_a_region_inside_a_predicted_quote(interactive):
    result = auto_annotate(interactive, FOUND, drawn("s1", FOUND, "بلاده", "SPEAKER"))
    assert unlinked_quotes(result, "s1") == ["ستدعم جهود الأمم المتحدة في المنطقة"]
    result = auto_annotate(interactive, FOUND, drawn("e1", FOUND, "بلاده", "LOC"))
    assert "بلاده ستدعم جهود الأمم المتحدة في المنطقة" in labelled(result, "QUOTE")


def test_a_drawn_quote_gets_its_speaker(interactive):
    result = auto_annotate(interactive, FOUND, drawn("q1", FOUND, "المنطقة تحتاج إلى حل سياسي عاجل", "QUOTE"))
    speaker = next(r for r in result if r.get("value", {}).get("labels") == ["SPEAKER"])
    assert speaker["value"]["text"] == "وزير الخارجية الأردني أيمن الصفدي"  # proposed, the arrow left out
    assert all("q1" not in (r["from_id"], r["to_id"]) for r in result if r["type"] == "relation")


def test_a_drawn_entity_is_proposed_everywhere(interactive):
    result = auto_annotate(interactive, EVEREST, drawn("e1", EVEREST, "إيفِرِست", "MISC"))
    assert labelled(result, "MISC") == ["ايفرست", "إيفرست"] and labelled(result, "LOC") == []
