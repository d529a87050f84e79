"""``qawl report``: what pre-annotation saves, how each model version does against later gold, who said what.

* :mod:`.edits`: one annotation against the prediction it started from (accepted, moved, relabelled,
  deleted, added; relations kept, removed, added), summed per model version and label;
* :mod:`.forecast`: each version scored on the tasks annotated after it was published;
* :mod:`.dataset` and :mod:`.sources`: regions per label, quotes direct and indirect, speakers gathered
  into sources, the who-said-what CSV and JSONL;
* :mod:`.charts` (matplotlib, imported only to draw) and :mod:`.html`: one self-contained HTML file;
* :mod:`.build`: all of it from a :class:`qawl.labelstudio.history.History`.

See ``docs/report.md``.
"""
