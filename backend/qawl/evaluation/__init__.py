"""Scorers that follow the annotation guidelines: span matching, quotes and speakers, entities, gold files."""
