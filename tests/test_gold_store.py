"""The gold store and the training queue: durable, coalescing, resumable after a crash."""

from __future__ import annotations

from qawl.learning.gold import GoldStore
from qawl.learning.queue import TrainingQueue

TEXT = "قالت الناطقة باسم البلدية إن أعمال الصيانة ستنتهي الأسبوع المقبل."


def test_annotations_survive_reopening_and_updates_replace(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    store.put("3", "10", "1", TEXT, [{"type": "labels"}])
    store.put("3", "10", "1", TEXT, [{"type": "labels"}, {"type": "relation"}])
    store.put("4", "11", "2", TEXT, [])
    reopened = GoldStore(tmp_path / "gold.sqlite3")
    assert reopened.count("3") == 1 and reopened.count() == 2
    assert len(reopened.annotations("3")[0].result) == 2
    assert reopened.received("3") == 2  # the update counts as annotator work


def test_delete_and_prune_forget_annotations(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    for i in range(3):
        store.put("3", str(i), str(i), TEXT, [])
    assert store.delete("3", ["0", "missing"]) == 1
    import time

    assert store.prune("3", keep_ids={"1"}, older_than=time.time() + 1) == 1
    assert [a.annotation_id for a in store.annotations("3")] == ["1"]


def test_pulled_annotations_do_not_count_as_new_work(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    store.put("3", "1", "1", TEXT, [], count=False)
    assert store.received("3") == 0 and store.count("3") == 1


def test_requests_during_a_run_coalesce_into_exactly_one_more_run(tmp_path):
    queue = TrainingQueue(tmp_path / "gold.sqlite3")
    queue.request("3", "START_TRAINING", 0, pull=True)
    generation, pull = queue.claim("3")
    assert pull is True
    queue.request("3", "again", 0)
    queue.request("3", "and again", 0)
    queue.finish("3", generation, 1.0, "v1", None, {"ok": True})
    assert queue.pending() == ["3"]
    generation, pull = queue.claim("3")
    assert pull is False
    queue.finish("3", generation, 1.0, "v2", None, None)
    assert queue.pending() == [] and queue.claim("3") is None
    assert queue.rows()["3"]["last_version"] == "v2"


def test_a_run_interrupted_by_a_crash_is_still_pending_after_reopening(tmp_path):
    queue = TrainingQueue(tmp_path / "gold.sqlite3")
    queue.request("3", "START_TRAINING", 0)
    queue.claim("3")  # the process dies here, before finish
    assert TrainingQueue(tmp_path / "gold.sqlite3").pending() == ["3"]


def test_failed_runs_keep_the_error_and_do_not_loop(tmp_path):
    queue = TrainingQueue(tmp_path / "gold.sqlite3")
    queue.request("3", "START_TRAINING", 0)
    generation, _ = queue.claim("3")
    queue.finish("3", generation, 2.0, None, "boom", None)
    row = queue.rows()["3"]
    assert row["last_error"] == "boom" and row["failures"] == 1 and queue.pending() == []


def test_every_n_new_annotations_ask_for_training(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    queue = TrainingQueue(tmp_path / "gold.sqlite3")
    asked = []
    for i in range(7):
        store.put("3", str(i), str(i), TEXT, [])
        asked.append(queue.request_every("3", store.received("3"), 3))
    assert asked == [False, False, True, False, False, True, False]
    assert queue.request_every("3", store.received("3"), 0) is False


def test_the_project_label_config_and_data_key_are_kept(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    assert store.project("3") is None
    store.remember_project("3", "<View><Text name='t' value='$body'/></View>", "body")
    assert GoldStore(tmp_path / "gold.sqlite3").project("3").data_key == "body"


def _open_and_store(path, barrier, outcomes, number):
    try:
        barrier.wait(timeout=60)  # every process opens the new file at the same moment, as server workers do at boot
        GoldStore(path).put("3", str(number), str(number), TEXT, [])
        outcomes.put("stored")
    except Exception as error:  # reported to the test, not lost in the child
        outcomes.put(repr(error))


def test_processes_that_open_a_new_store_together_all_start(tmp_path):
    """SQLite refuses the first switch to WAL at once when others try it too; no worker may die of it.

    The children are spawned, not forked: a fork of pytest's threaded process can inherit a held lock and hang,
    and they are daemons ended in ``finally``, so a stuck child fails this test instead of holding pytest at exit.
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for round_number in range(8):  # the race was lost in about one round in six before the fix
        path = tmp_path / f"gold{round_number}.sqlite3"
        barrier, outcomes = context.Barrier(6), context.Queue()
        processes = [
            context.Process(target=_open_and_store, args=(path, barrier, outcomes, i), daemon=True) for i in range(6)
        ]
        try:
            for process in processes:
                process.start()
            results = [outcomes.get(timeout=120) for _ in processes]
        finally:
            for process in processes:
                process.join(5)
                if process.is_alive():
                    process.kill()
                    process.join()
        assert results == ["stored"] * 6
        assert GoldStore(path).count("3") == 6
