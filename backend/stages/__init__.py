"""Pipeline stages. Importing this package registers every built-in stage."""

from . import entities, quotes  # noqa: F401
