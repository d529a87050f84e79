"""Learning from annotators, split by job.

* the gold store: ``gold`` (annotations and each project's label config, in ``sqlite``'s shared file),
  ``sync`` (brought in line with a pull from Label Studio);
* the training queue: ``queue``;
* training: ``trainer`` (background runs) → ``train_job`` (one run, a subprocess) → ``build`` (a new
  version from the shipped model and the gold, via ``gold_to_training`` and ``learn_lexicon``);
* model versions: ``store`` (versioned directories, atomic publish), ``registry`` (which version serves
  which project, in every worker), ``lock`` (the one training lock of a project);
* offline: ``from_export`` (``qawl train --from-export``), ``export_gold`` (``qawl export-gold``).
"""
