"""Pipeline stages. Importing this package registers every built-in stage."""

from . import entities, quotes  # noqa: F401
from ..learning import learnt_stage  # noqa: F401,E402  (trained project versions end with the "learnt" stage)
