"""Everything that knows Label Studio: label mapping, result dicts, validation."""
