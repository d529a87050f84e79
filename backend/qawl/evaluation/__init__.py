"""Scorers that follow the annotation guidelines."""
