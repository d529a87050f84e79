"""Archive runs: pre-annotate, or extract quotes and entities from, many shards of articles.

``qawl predict`` over a folder, a glob or a list of ``.jsonl``/``.jsonl.gz``
shards runs here, serially or on Dask (a ``LocalCluster`` or a scheduler's
address). One shard is one unit of work, written whole or not at all, so a
rerun picks up where a crash left off. One job per module:

* :mod:`.shards`: find the inputs, name the outputs, read records, write atomically, know what is done;
* :mod:`.split`: cut one big JSONL file into shards;
* :mod:`.formats`: the output records (Label Studio tasks, the quotes corpus, the entities corpus);
* :mod:`.worker`: the model, loaded once per process;
* :mod:`.process`: one shard, record by record, a bad record reported and skipped;
* :mod:`.run_local` and :mod:`.run_dask`: the engines; :mod:`.job` plans a run and picks the engine;
* :mod:`.summary`: what a run did, for the terminal.

Nothing here imports Dask until a Dask run starts; see ``docs/archive.md``.
"""
