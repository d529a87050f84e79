"""Quote and speaker finding, one job per module: lexicons, quotation marks,
reporting cues and clauses, speaker phrases. The ``quotes`` stage ties them together."""
