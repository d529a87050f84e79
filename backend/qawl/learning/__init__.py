"""Learning from annotators: the gold store, versioned models, background training."""
