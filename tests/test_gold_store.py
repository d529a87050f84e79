"""The gold store and its training queue: durable, coalescing, resumable after a crash."""

from __future__ import annotations

from qawl.learning.gold import GoldStore

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
    store = GoldStore(tmp_path / "gold.sqlite3")
    store.want_training("3", "START_TRAINING", pull=True)
    generation, pull = store.claim_training("3")
    assert pull is True
    store.want_training("3", "again")
    store.want_training("3", "and again")
    store.finish_training("3", generation, 1.0, "v1", None, {"ok": True})
    assert store.pending_training() == ["3"]
    generation, pull = store.claim_training("3")
    assert pull is False
    store.finish_training("3", generation, 1.0, "v2", None, None)
    assert store.pending_training() == [] and store.claim_training("3") is None
    assert store.training_rows()["3"]["last_version"] == "v2"


def test_a_run_interrupted_by_a_crash_is_still_pending_after_reopening(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    store.want_training("3", "START_TRAINING")
    store.claim_training("3")  # the process dies here, before finish_training
    assert GoldStore(tmp_path / "gold.sqlite3").pending_training() == ["3"]


def test_failed_runs_keep_the_error_and_do_not_loop(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    store.want_training("3", "START_TRAINING")
    generation, _ = store.claim_training("3")
    store.finish_training("3", generation, 2.0, None, "boom", None)
    row = store.training_rows()["3"]
    assert row["last_error"] == "boom" and row["failures"] == 1 and store.pending_training() == []


def test_every_n_new_annotations_ask_for_training(tmp_path):
    store = GoldStore(tmp_path / "gold.sqlite3")
    asked = []
    for i in range(7):
        store.put("3", str(i), str(i), TEXT, [])
        asked.append(store.want_training_every("3", 3))
    assert asked == [False, False, True, False, False, True, False]
    assert store.want_training_every("3", 0) is False


def _open_and_store(path, barrier, outcomes, number):
    barrier.wait()  # every process opens the new file at the same moment, as server workers do at boot
    try:
        GoldStore(path).put("3", str(number), str(number), TEXT, [])
        outcomes.put("stored")
    except Exception as error:  # reported to the test, not lost in the child
        outcomes.put(repr(error))


def test_processes_that_open_a_new_store_together_all_start(tmp_path):
    """SQLite refuses the first switch to WAL at once when others try it too; no worker may die of it."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for round_number in range(8):  # the race was lost in about one round in six before the fix
        path = tmp_path / f"gold{round_number}.sqlite3"
        barrier, outcomes = context.Barrier(6), context.Queue()
        processes = [context.Process(target=_open_and_store, args=(path, barrier, outcomes, i)) for i in range(6)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        assert [outcomes.get(timeout=5) for _ in processes] == ["stored"] * 6
        assert GoldStore(path).count("3") == 6
