"""Interactive pre-annotation (issue 24): what qawl suggests around the regions an annotator just drew.

These tests run with ``link_drawn_regions`` on, so that which quotes qawl gives a drawn speaker can be read
from the ``said`` relations it would draw; by default (Label Studio 1.23.2's labeling page cannot show a
suggested relation to a drawn region) those relations are left out: ``TestDefault``. Each test posts one task with ``params.context.result`` to ``/predict`` as Label Studio's Auto-Annotation does
(contract §4.2) and checks the suggestions, and every answer is checked against the rules that hold for all of
them (:func:`check_rules`): valid, never a drawn region repeated or overlapped in its group, relations only
between regions that exist.
"""

from __future__ import annotations

import pytest

from qawl.app import create_app
from qawl.labelstudio.validate import schema_for, validate_result

from ls_results import labels_region

# The model finds the speaker (5–38) and links both quotes to it.
FOUND = ("وقال وزير الخارجية الأردني أيمن الصفدي في عمّان إن «المنطقة تحتاج إلى حل سياسي عاجل». "
         "وأضاف أن بلاده ستدعم جهود الأمم المتحدة في المنطقة.")
# The model misses the union leader and gives his two quotes to the minister of the sentence before.
MISSED = ("قال وزير المالية إن العجز سيتراجع هذا العام. النقيب مروان العلي، في كلمة أمام المعتصمين: "
          "«لن نتراجع عن مطالبنا مهما كانت الضغوط علينا». وأضاف أن الإضراب سيستمر حتى تحقيق المطالب.")
# A quote first, its speaker in the next sentence: the model leaves the quote unattributed.
QUOTE_FIRST = ("«لن نتراجع عن مطالبنا مهما كانت الضغوط علينا ولن نقبل بأي تسوية». "
               "بهذه الكلمات ختم النقيب مروان العلي كلمته أمام المعتصمين في ساحة رياض الصلح.")
# One mountain, spelt with diacritics, without hamza, after a clitic, and once with a suffix (another word).
EVEREST = ("تسلق فريق لبناني جبل إيفِرِست الأسبوع الماضي. وقال قائد الفريق إن الوصول إلى قمة ايفرست كان حلما. "
           "وأضاف أن الفريق سيعود لإيفرست العام المقبل بعد أن نجح في تسلق إيفرستهم.")
ORGS = "انتقد المتحدث الأمم المتحدة أمس. وقال إن للأمم المتحدة دورا لم تؤده، وإن والأمم المتحدة… ليست الأممية."


@pytest.fixture
def client(tmp_path):
    return create_app({"model_dir": tmp_path, "basic_auth_user": "", "basic_auth_pass": "",
                       "link_drawn_regions": True}).test_client()


def drawn(region_id: str, text: str, phrase: str, label: str, occurrence: int = 0) -> dict:
    return labels_region(region_id, text, phrase, label, occurrence, origin="manual")

def suggest(client, label_config, text: str, *context: dict) -> list[dict]:
    task = {"id": 1, "data": {"text": text}, "annotations": [], "drafts": [], "predictions": []}
    payload = {"tasks": [task], "project": "7.1", "label_config": label_config,
               "params": {"login": None, "password": None, "context": {"result": list(context)}}}
    response = client.post("/predict", json=payload)
    assert response.status_code == 200
    result = response.json["results"][0]["result"]
    check_rules(result, text, label_config, list(context))
    return result


def check_rules(result: list[dict], text: str, label_config: str, context: list[dict]) -> None:
    regions = [r for r in result if r["type"] != "relation"]
    drawn_regions = [r for r in context if r.get("type") != "relation"
                     and 0 <= r["value"]["start"] < r["value"]["end"] <= len(text)]  # others are ignored
    drawn_ids = {r["id"] for r in drawn_regions if "id" in r}
    assert validate_result(result, text, schema_for(label_config), known_ids=drawn_ids) == []
    ids = {r["id"] for r in regions}
    assert not ids & drawn_ids
    for mine in regions:
        for theirs in drawn_regions:
            if mine["from_name"] == theirs["from_name"]:
                a, b = mine["value"], theirs["value"]
                assert not (a["start"] < b["end"] and b["start"] < a["end"]), (a, b)
    drawn_links = {(r["from_id"], r["to_id"]) for r in context if r.get("type") == "relation"}
    for relation in (r for r in result if r["type"] == "relation"):
        assert relation["from_id"] in ids | drawn_ids and relation["to_id"] in ids | drawn_ids
        assert (relation["from_id"], relation["to_id"]) not in drawn_links
    tails = [r["to_id"] for r in result if r["type"] == "relation"] + [t for _, t in drawn_links]
    assert len(tails) == len(set(tails)), "a quote has one speaker"


def text_of(result, region_id) -> str:
    """The text of a returned region; a drawn region (not returned) is named by its id."""
    return next((r["value"]["text"] for r in result if r.get("id") == region_id), region_id)


def quotes_of(result: list[dict], speaker_id: str) -> list[str]:
    return [text_of(result, r["to_id"]) for r in result if r["type"] == "relation" and r["from_id"] == speaker_id]


def labelled(result, label) -> list[str]:
    return [r["value"]["text"] for r in result if r["type"] == "labels" and r["value"]["labels"] == [label]]


class TestDrawnSpeaker:
    def test_a_speaker_the_model_also_found_gets_its_quotes_linked_to_the_drawn_id(self, client, label_config):
        speaker = drawn("s1", FOUND, "وزير الخارجية الأردني أيمن الصفدي", "SPEAKER")
        result = suggest(client, label_config, FOUND, speaker)
        assert quotes_of(result, "s1") == ["المنطقة تحتاج إلى حل سياسي عاجل",
                                           "بلاده ستدعم جهود الأمم المتحدة في المنطقة"]
        assert labelled(result, "SPEAKER") == []  # ours is the drawn one: never repeated

    def test_a_shorter_speaker_inside_the_models_wins_and_takes_its_quotes(self, client, label_config):
        result = suggest(client, label_config, FOUND, drawn("s1", FOUND, "أيمن الصفدي", "SPEAKER"))
        assert quotes_of(result, "s1") == ["المنطقة تحتاج إلى حل سياسي عاجل",
                                           "بلاده ستدعم جهود الأمم المتحدة في المنطقة"]
        assert labelled(result, "SPEAKER") == []
        assert "أيمن الصفدي" in labelled(result, "PER")  # another group: the entity stays

    def test_a_speaker_the_model_missed_takes_its_quote_and_the_follow_up(self, client, label_config):
        result = suggest(client, label_config, MISSED, drawn("s1", MISSED, "النقيب مروان العلي", "SPEAKER"))
        assert quotes_of(result, "s1") == ["لن نتراجع عن مطالبنا مهما كانت الضغوط علينا",
                                           "الإضراب سيستمر حتى تحقيق المطالب"]
        minister = next(r["id"] for r in result if r.get("value", {}).get("text") == "وزير المالية")
        assert quotes_of(result, minister) == ["العجز سيتراجع هذا العام"]

    def test_a_missed_speaker_after_an_unattributed_quote_takes_it(self, client, label_config):
        result = suggest(client, label_config, QUOTE_FIRST,
                         drawn("s1", QUOTE_FIRST, "النقيب مروان العلي", "SPEAKER"))
        assert quotes_of(result, "s1") == ["لن نتراجع عن مطالبنا مهما كانت الضغوط علينا ولن نقبل بأي تسوية"]

    def test_the_next_explicit_speaker_ends_the_follow_ups(self, client, label_config):
        text = ("أكدت المتحدثة باسم الحكومة ليلى حداد أن الوزارة ستفتح تحقيقا في الحادث. "
                "وأضافت أن النتائج ستعلن الأسبوع المقبل. من جهته، قال رئيس البلدية إن الأضرار محدودة.")
        result = suggest(client, label_config, text, drawn("s1", text, "ليلى حداد", "SPEAKER"))
        assert quotes_of(result, "s1") == ["الوزارة ستفتح تحقيقا في الحادث", "النتائج ستعلن الأسبوع المقبل"]
        mayor = next(r["id"] for r in result if r.get("value", {}).get("text") == "رئيس البلدية")
        assert quotes_of(result, mayor) == ["الأضرار محدودة"]


class TestInsideAQuote:
    def test_a_speaker_drawn_inside_a_quote_recuts_it_and_keeps_relations_consistent(self, client, label_config):
        result = suggest(client, label_config, FOUND, drawn("s1", FOUND, "بلاده", "SPEAKER"))
        quotes = labelled(result, "QUOTE")
        assert "ستدعم جهود الأمم المتحدة في المنطقة" in quotes  # re-cut around the drawn speaker
        assert "بلاده ستدعم جهود الأمم المتحدة في المنطقة" not in quotes
        assert quotes_of(result, "s1") == ["ستدعم جهود الأمم المتحدة في المنطقة"]
        minister = next(r["id"] for r in result if r.get("value", {}).get("labels") == ["SPEAKER"])
        assert quotes_of(result, minister) == ["المنطقة تحتاج إلى حل سياسي عاجل"]

    def test_an_entity_drawn_inside_a_quote_keeps_the_quote_and_its_speaker(self, client, label_config):
        result = suggest(client, label_config, FOUND, drawn("e1", FOUND, "بلاده", "LOC"))
        assert "بلاده ستدعم جهود الأمم المتحدة في المنطقة" in labelled(result, "QUOTE")
        speaker = next(r["id"] for r in result if r.get("value", {}).get("labels") == ["SPEAKER"])
        assert len(quotes_of(result, speaker)) == 2


class TestDrawnQuote:
    def test_a_quote_the_model_found_gets_its_speaker(self, client, label_config):
        result = suggest(client, label_config, FOUND, drawn("q1", FOUND, "المنطقة تحتاج إلى حل سياسي عاجل", "QUOTE"))
        speaker = next(r for r in result if r.get("value", {}).get("labels") == ["SPEAKER"])
        assert speaker["value"]["text"] == "وزير الخارجية الأردني أيمن الصفدي"
        assert quotes_of(result, speaker["id"]) == ["q1", "بلاده ستدعم جهود الأمم المتحدة في المنطقة"]
        links = [(r["from_id"], r["to_id"]) for r in result if r["type"] == "relation"]
        assert (speaker["id"], "q1") in links
        assert "المنطقة تحتاج إلى حل سياسي عاجل" not in labelled(result, "QUOTE")

    def test_a_shorter_quote_replaces_the_models_and_keeps_its_speaker(self, client, label_config):
        result = suggest(client, label_config, FOUND, drawn("q1", FOUND, "حل سياسي عاجل", "QUOTE"))
        speaker = next(r for r in result if r.get("value", {}).get("labels") == ["SPEAKER"])
        assert (speaker["id"], "q1") in [(r["from_id"], r["to_id"]) for r in result if r["type"] == "relation"]
        assert all("حل سياسي" not in q for q in labelled(result, "QUOTE"))

    def test_a_quote_with_the_drawn_speaker_of_the_context_is_linked_to_it(self, client, label_config):
        result = suggest(client, label_config, QUOTE_FIRST,
                         drawn("s1", QUOTE_FIRST, "النقيب مروان العلي", "SPEAKER"),
                         drawn("q1", QUOTE_FIRST, "لن نتراجع عن مطالبنا مهما كانت الضغوط علينا", "QUOTE"))
        assert [(r["from_id"], r["to_id"]) for r in result if r["type"] == "relation"] == [("s1", "q1")]
        assert labelled(result, "QUOTE") == [] and labelled(result, "SPEAKER") == []

    def test_a_relation_the_annotator_drew_is_neither_repeated_nor_contradicted(self, client, label_config):
        speaker = drawn("s1", MISSED, "النقيب مروان العلي", "SPEAKER")
        quote = drawn("q1", MISSED, "لن نتراجع عن مطالبنا مهما كانت الضغوط علينا", "QUOTE")
        link = {"type": "relation", "from_id": "s1", "to_id": "q1", "direction": "right", "labels": ["said"]}
        result = suggest(client, label_config, MISSED, speaker, quote, link)
        assert all(r["to_id"] != "q1" for r in result if r["type"] == "relation")
        assert quotes_of(result, "s1") == ["الإضراب سيستمر حتى تحقيق المطالب"]


class TestDrawnEntity:
    def test_the_same_name_is_proposed_everywhere_with_the_drawn_label(self, client, label_config):
        result = suggest(client, label_config, EVEREST, drawn("e1", EVEREST, "إيفِرِست", "MISC"))
        assert labelled(result, "MISC") == ["ايفرست", "إيفرست"]  # without hamza; after the clitic ل
        assert labelled(result, "LOC") == []  # the tagger's LOC gave way to the annotator's label
        assert "لإيفرست" not in labelled(result, "MISC") and "إيفرستهم" not in labelled(result, "MISC")

    def test_a_name_with_the_article_is_found_after_lam(self, client, label_config):
        result = suggest(client, label_config, ORGS, drawn("e1", ORGS, "الأمم المتحدة", "ORG"))
        found = [(r["value"]["start"], r["value"]["text"]) for r in result
                 if r["type"] == "labels" and r["value"]["labels"] == ["ORG"]]
        assert [t for _, t in found] == ["لأمم المتحدة", "الأمم المتحدة"]  # للأمم: the clitic ل left out
        assert "الأممية" not in [t for _, t in found]


class TestDefault:
    """What Label Studio 1.23.2 gets: the same suggestions, no relation that ends on a drawn region."""

    @pytest.fixture
    def client(self, tmp_path):
        return create_app({"model_dir": tmp_path, "basic_auth_user": "", "basic_auth_pass": ""}).test_client()

    def test_a_drawn_speakers_quotes_are_proposed_without_a_relation_to_it(self, client, label_config):
        result = suggest(client, label_config, MISSED, drawn("s1", MISSED, "النقيب مروان العلي", "SPEAKER"))
        assert {"لن نتراجع عن مطالبنا مهما كانت الضغوط علينا",
                "الإضراب سيستمر حتى تحقيق المطالب"} <= set(labelled(result, "QUOTE"))
        assert quotes_of(result, "s1") == []
        assert all(r["from_id"] != "s1" and r["to_id"] != "s1" for r in result if r["type"] == "relation")
        minister = next(r["id"] for r in result if r.get("value", {}).get("text") == "وزير المالية")
        assert quotes_of(result, minister) == ["العجز سيتراجع هذا العام"]  # relations between ours stay

    def test_a_drawn_quote_is_left_without_a_relation_and_its_speaker_keeps_the_others(self, client, label_config):
        result = suggest(client, label_config, FOUND, drawn("q1", FOUND, "المنطقة تحتاج إلى حل سياسي عاجل", "QUOTE"))
        speaker = next(r["id"] for r in result if r.get("value", {}).get("labels") == ["SPEAKER"])
        assert quotes_of(result, speaker) == ["بلاده ستدعم جهود الأمم المتحدة في المنطقة"]


class TestUnchanged:
    def test_without_context_the_prediction_is_the_batch_one(self, client, label_config):
        task = {"id": 1, "data": {"text": FOUND}}
        batch = client.post("/predict", json={"tasks": [task], "label_config": label_config}).json
        empty = client.post("/predict", json={"tasks": [task], "label_config": label_config,
                                              "params": {"context": {"result": []}}}).json
        assert batch == empty

    @pytest.mark.parametrize("region", [
        {"id": "x", "from_name": "entity", "value": {"start": 5, "end": 2, "labels": ["PER"]}},
        {"id": "x", "from_name": "entity", "value": {"start": 0, "end": 10_000, "labels": ["PER"]}},
        {"id": "x", "from_name": "nowhere", "value": {"start": 0, "end": 4, "labels": ["PER"]}},
        {"id": "x", "from_name": "entity", "value": {"start": 0, "end": 4, "labels": ["NOPE"]}},
        {"from_name": "entity", "value": {"start": 0, "end": 4, "labels": ["PER"]}},
        {"id": "x", "type": "relation", "from_id": "a", "to_id": "b"},
    ])
    def test_a_malformed_drawn_region_spoils_nothing(self, client, label_config, region):
        result = suggest(client, label_config, FOUND, region)
        assert labelled(result, "QUOTE")
